// The mutating endpoints (token only) and predict. Long actions are requested, never run here:
// an evaluation is posted to the thread owning the scheduler, a training job is queued for the
// job runner; both answer 202 with an id to poll.

#include "core/service/console_api.h"

#include "core/audit/audit_log.h"
#include "core/data/erp_database.h"
#include "core/jobs/job_queue.h"
#include "core/ml/predictor.h"
#include "core/registry/model_registry.h"
#include "core/service/metrics_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUuid>

#include <cmath>

namespace routing::service {
namespace {

Q_LOGGING_CATEGORY(lcApi, "routing.core.service.api")

constexpr int kMaxPredictItems = 1000;

/// The body as a JSON object; an empty body is an empty object when `emptyOk`.
std::optional<HttpResponse> parseBody(const HttpRequest &request, bool emptyOk, QJsonObject *out)
{
    if (request.body.trimmed().isEmpty()) {
        if (emptyOk)
            return std::nullopt;
        return HttpResponse::error(400, QStringLiteral("a JSON object body is required"));
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        return HttpResponse::error(400, QStringLiteral("malformed JSON at offset %1: %2")
                                            .arg(error.offset)
                                            .arg(error.errorString()));
    if (!doc.isObject())
        return HttpResponse::error(400, QStringLiteral("the body must be a JSON object"));
    *out = doc.object();
    return std::nullopt;
}

std::optional<HttpResponse> optionalString(const QJsonObject &o, const QString &key, QString *value)
{
    if (!o.contains(key) || o.value(key).isNull())
        return std::nullopt;
    if (!o.value(key).isString())
        return HttpResponse::error(400, QStringLiteral("'%1' must be a string").arg(key));
    *value = o.value(key).toString().trimmed();
    if (value->size() > 1000)
        return HttpResponse::error(400,
                                   QStringLiteral("'%1' is longer than 1000 characters").arg(key));
    return std::nullopt;
}

} // namespace

void ConsoleApi::auditApi(const QString &action, const QString &target, const QJsonValue &after,
                          const QString &reason)
{
    if (!m_ctx.audit)
        return;
    if (const Status s = m_ctx.audit->append(
            {QDateTime(), QStringLiteral("api"), action, target, QJsonValue(), after, reason});
        !s)
        qCWarning(lcApi) << "audit log:" << s.error().toString();
}

std::optional<HttpResponse> ConsoleApi::samplingFields(const QJsonObject &body,
                                                       std::optional<int> *sampleSize,
                                                       QString *strategy)
{
    if (auto bad = optionalString(body, QStringLiteral("strategy"), strategy))
        return bad;
    if (!strategy->isEmpty() && *strategy != QLatin1String("random") &&
        *strategy != QLatin1String("stratified") && *strategy != QLatin1String("recent_bias"))
        return HttpResponse::error(
            400, QStringLiteral("'strategy' must be random, stratified or recent_bias, not '%1'")
                     .arg(*strategy));
    if (body.contains(QStringLiteral("sample_size")) &&
        !body.value(QStringLiteral("sample_size")).isNull()) {
        const QJsonValue v = body.value(QStringLiteral("sample_size"));
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != std::floor(d) || d < 1 || d > 1000000)
            return HttpResponse::error(
                400, QStringLiteral("'sample_size' must be an integer from 1 to 1000000"));
        *sampleSize = int(d);
    }
    return std::nullopt;
}

HttpResponse ConsoleApi::evaluate(const HttpRequest &request)
{
    if (auto denied = m_auth.check(request))
        return *denied;
    QJsonObject body;
    if (auto bad = parseBody(request, true, &body))
        return *bad;
    QString reason = QStringLiteral("requested over the HTTP API");
    if (auto bad = optionalString(body, QStringLiteral("reason"), &reason))
        return *bad;
    std::optional<int> sampleSize;
    QString strategy;
    if (auto bad = samplingFields(body, &sampleSize, &strategy))
        return *bad;
    if (!m_ctx.requestEvaluation)
        return HttpResponse::error(
            503, QStringLiteral("this console cannot run evaluations (no scheduler)"));
    if (evaluator().running)
        return HttpResponse::error(
            409, QStringLiteral("an evaluation is already running; poll /api/quality/current"));
    const QString id =
        QStringLiteral("eval_%1_%2")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd_HHmmss")),
                 QUuid::createUuid().toString(QUuid::Id128).left(8));
    EvaluationRequest er{id, sampleSize, std::nullopt};
    if (strategy == QLatin1String("random"))
        er.strategy = SamplingConfig::Strategy::Random;
    else if (strategy == QLatin1String("stratified"))
        er.strategy = SamplingConfig::Strategy::Stratified;
    else if (strategy == QLatin1String("recent_bias"))
        er.strategy = SamplingConfig::Strategy::RecentBias;
    m_ctx.requestEvaluation(er);
    auditApi(QStringLiteral("quality.evaluate"), id,
             QJsonObject{{QStringLiteral("trigger"), QStringLiteral("api")}}, reason);
    return HttpResponse::json(
        202, QJsonObject{{QStringLiteral("request_id"), id},
                         {QStringLiteral("status"), QStringLiteral("requested")},
                         {QStringLiteral("poll"), QStringLiteral("/api/quality/current")}});
}

HttpResponse ConsoleApi::trainingStart(const HttpRequest &request)
{
    if (auto denied = m_auth.check(request))
        return *denied;
    QJsonObject body;
    if (auto bad = parseBody(request, true, &body))
        return *bad;
    QString reason = QStringLiteral("requested over the HTTP API");
    if (auto bad = optionalString(body, QStringLiteral("reason"), &reason))
        return *bad;
    std::optional<int> sampleSize;
    QString strategy;
    if (auto bad = samplingFields(body, &sampleSize, &strategy))
        return *bad;
    jobs::JobRequest job;
    job.source = jobs::JobSource::Api;
    job.automatic = false;
    job.requestedBy = QStringLiteral("api");
    // JobRequest has no sampling fields yet: they travel in the reason (recorded with the job).
    job.reason = reason;
    if (sampleSize || !strategy.isEmpty())
        job.reason +=
            QStringLiteral(" (sample_size=%1, strategy=%2)")
                .arg(sampleSize ? QString::number(*sampleSize) : QStringLiteral("default"),
                     strategy.isEmpty() ? QStringLiteral("default") : strategy);
    const auto queued = m_ctx.queue->enqueue(job); // audited by the queue with actor "api"
    if (!queued)
        return HttpResponse::error(
            503, QStringLiteral("training queue: %1").arg(queued.error().toString()));
    QJsonObject out = queued->toJson();
    if (queued->state == jobs::JobState::Deferred) {
        m_ctx.metrics->recordTrainingJob(QStringLiteral("deferred"), -1);
        out.insert(QStringLiteral("error"),
                   QJsonObject{{QStringLiteral("status"), 409},
                               {QStringLiteral("message"),
                                queued->error ? queued->error->toString() : queued->message}});
        return HttpResponse::json(409, out);
    }
    HttpResponse r = HttpResponse::json(202, out);
    r.headers.append({"Location", "/api/training/jobs/" + queued->id.toUtf8()});
    return r;
}

HttpResponse ConsoleApi::trainingCancel(const HttpRequest &request)
{
    if (auto denied = m_auth.check(request))
        return *denied;
    const QString id = request.pathParams.value(QStringLiteral("id"));
    const auto existing = m_ctx.queue->job(id);
    if (!existing)
        return HttpResponse::error(
            503, QStringLiteral("training queue: %1").arg(existing.error().toString()));
    if (!*existing)
        return HttpResponse::error(404, QStringLiteral("no training job '%1'").arg(id));
    const auto job = m_ctx.queue->requestCancel(id, QStringLiteral("api")); // audited by the queue
    if (!job)
        return HttpResponse::error(409, job.error().message);
    // A running job stops when the runner has stopped its worker: accepted, not done.
    return HttpResponse::json(job->state == jobs::JobState::Running ? 202 : 200, job->toJson());
}

HttpResponse ConsoleApi::modelsRollback(const HttpRequest &request)
{
    if (auto denied = m_auth.check(request))
        return *denied;
    QJsonObject body;
    if (auto bad = parseBody(request, true, &body))
        return *bad;
    QString reason = QStringLiteral("rollback over the HTTP API");
    if (auto bad = optionalString(body, QStringLiteral("reason"), &reason))
        return *bad;
    const auto result =
        m_ctx.registry->rollback(QStringLiteral("api"), reason); // audited by the registry
    if (!result)
        return HttpResponse::error(409, result.error().toString());
    return HttpResponse::json(200,
                              QJsonObject{{QStringLiteral("activation"), result->record.toJson()}});
}

HttpResponse ConsoleApi::modelsActivate(const HttpRequest &request)
{
    if (auto denied = m_auth.check(request))
        return *denied;
    QJsonObject body;
    if (auto bad = parseBody(request, true, &body))
        return *bad;
    QString reason = QStringLiteral("activated over the HTTP API");
    if (auto bad = optionalString(body, QStringLiteral("reason"), &reason))
        return *bad;
    const QString version = request.pathParams.value(QStringLiteral("version"));
    if (const auto known = m_ctx.registry->version(version); !known)
        return HttpResponse::error(
            404, QStringLiteral("no model version '%1': %2").arg(version, known.error().message));
    const auto result = m_ctx.registry->activate(version, QStringLiteral("api"), reason,
                                                 registry::ActivationKind::Manual);
    if (!result)
        return HttpResponse::error(409, result.error().toString());
    return HttpResponse::json(200,
                              QJsonObject{{QStringLiteral("activation"), result->record.toJson()}});
}

HttpResponse ConsoleApi::predict(const HttpRequest &request)
{
    if (auto denied = m_auth.check(request))
        return *denied;
    QJsonObject body;
    if (auto bad = parseBody(request, false, &body))
        return *bad;
    const QJsonValue codesValue = body.value(QStringLiteral("item_codes"));
    if (!codesValue.isArray() || codesValue.toArray().isEmpty())
        return HttpResponse::error(
            400, QStringLiteral("'item_codes' must be a non-empty array of strings"));
    const QJsonArray array = codesValue.toArray();
    if (array.size() > kMaxPredictItems)
        return HttpResponse::error(400, QStringLiteral("at most %1 item codes per request, got %2")
                                            .arg(kMaxPredictItems)
                                            .arg(array.size()));
    QStringList codes;
    for (const QJsonValue &v : array) {
        if (!v.isString() || v.toString().trimmed().isEmpty())
            return HttpResponse::error(
                400, QStringLiteral("'item_codes' must contain only non-empty strings"));
        codes << v.toString().trimmed();
    }
    if (!m_ctx.predictor || !m_ctx.predictor->model())
        return HttpResponse::error(
            503, QStringLiteral("no model is loaded; train or activate a version first"));
    const auto requests = ml::Predictor::requestsFromErp(*m_erp, codes);
    if (!requests)
        return HttpResponse::error(
            503, QStringLiteral("ERP database: %1").arg(requests.error().toString()));
    const QList<ml::ItemPrediction> predictions = m_ctx.predictor->predict(*requests);
    QJsonArray out;
    for (const ml::ItemPrediction &p : predictions)
        out.append(p.toJson());
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("model_version"), model().version},
                                               {QStringLiteral("count"), out.size()},
                                               {QStringLiteral("predictions"), out}});
}

} // namespace routing::service
