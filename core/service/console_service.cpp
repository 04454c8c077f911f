#include "core/service/console_service.h"

#include "core/audit/audit_log.h"
#include "core/jobs/job_queue.h"
#include "core/jobs/job_queue_sink.h"
#include "core/jobs/probation_watcher.h"
#include "core/ml/predictor.h"
#include "core/quality/alert_store.h"
#include "core/quality/ml_prediction_source.h"
#include "core/quality/quality_cycle_worker.h" // QualityScheduler holds a QPointer to it
#include "core/quality/quality_history.h"
#include "core/quality/quality_scheduler.h"
#include "core/registry/model_registry.h"
#include "core/service/console_api.h"
#include "core/service/http_server.h"
#include "core/service/metrics_registry.h"
#include "core/state/state_store.h"

#include <QHostAddress>
#include <QLoggingCategory>

namespace routing::service {
namespace {

Q_LOGGING_CATEGORY(lcService, "routing.core.service")

constexpr int kSyncEveryTicks = 30; // look for activations by other consoles every 30 s

} // namespace

ConsoleService::ConsoleService(AppConfig config, ConsoleServiceOptions options)
    : m_config(std::move(config)), m_options(std::move(options))
{
}

ConsoleService::~ConsoleService()
{
    shutdown();
}

QString ConsoleService::httpUrl() const
{
    if (!m_port)
        return {};
    return QStringLiteral("http://%1:%2").arg(m_config.http.bindAddress).arg(m_port);
}

Result<std::unique_ptr<ConsoleService>> startConsoleService(const AppConfig &config,
                                                            ConsoleServiceOptions options)
{
    std::unique_ptr<ConsoleService> service(new ConsoleService(config, std::move(options)));
    if (auto s = service->init(); !s)
        return std::unexpected(s.error());
    return service;
}

Status ConsoleService::init()
{
    m_state = std::make_unique<StateStore>(m_config.stateDbPath());
    if (auto s = m_state->open(); !s)
        return s;
    m_audit = std::make_shared<AuditLog>(m_options.auditLogPath);
    m_registry = std::make_unique<registry::ModelRegistry>(
        registry::ModelRegistry::optionsFromConfig(m_config), *m_state, m_audit.get());
    if (auto s = m_registry->open(); !s)
        return s;
    m_queue = std::make_unique<jobs::JobQueue>(*m_state, jobs::JobQueue::policyFromConfig(m_config),
                                               m_audit.get());
    m_predictor = std::make_shared<ml::Predictor>(
        nullptr, m_config.cache.enabled ? m_config.cache.maxSize : 0, m_config.cache.ttlSeconds);
    m_metrics = std::make_unique<MetricsRegistry>();

    ConsoleApiContext ctx;
    ctx.config = m_config;
    ctx.state = m_state.get();
    ctx.audit = m_audit.get();
    ctx.registry = m_registry.get();
    ctx.queue = m_queue.get();
    ctx.predictor = m_predictor;
    ctx.metrics = m_metrics.get();
    ctx.version = m_options.version;
    // Called on the HTTP thread: hop to this object's thread, where the scheduler lives.
    ctx.requestEvaluation = [this](const EvaluationRequest &request) {
        QMetaObject::invokeMethod(
            this, [this, request] { runRequestedEvaluation(request); }, Qt::QueuedConnection);
    };
    m_api = std::make_unique<ConsoleApi>(std::move(ctx));

    // Hot swap. Runs on whichever thread activated (the HTTP thread for the API): only
    // thread-safe calls here.
    ConsoleApi *api = m_api.get();
    std::shared_ptr<ml::Predictor> predictor = m_predictor;
    m_registry->setActivationListener(
        [api, predictor](const registry::ActivationRecord &record,
                         const std::shared_ptr<const ml::RoutingModel> &model) {
            predictor->setModel(model);
            api->setModel({record.to, record.at});
        });
    if (const auto pointer = m_registry->pointer(); pointer && !pointer->active.isEmpty()) {
        m_api->setModel({pointer->active, pointer->activatedAt});
        if (const auto model = m_registry->loadActiveModel())
            m_predictor->setModel(*model);
        else
            qCWarning(lcService) << "the active model" << pointer->active
                                 << "does not load:" << model.error().toString();
    } else {
        qCInfo(lcService) << "no model version is active yet";
    }

    quality::QualityHistory history(*m_state);
    if (const auto last = history.lastSucceeded(); last && *last)
        m_metrics->setQuality((*last)->metrics, (*last)->finishedAt);

    m_scheduler = std::make_unique<quality::QualityScheduler>(
        m_config, std::make_shared<quality::MlPredictionSource>(m_predictor, m_config.erpDatabase()));
    m_scheduler->setRetrainingSink(std::make_shared<jobs::JobQueueSink>(*m_queue));
    m_scheduler->setAuditLog(m_audit);
    connect(m_scheduler.get(), &quality::QualityScheduler::cycleStarted, this,
            [this] { publishEvaluator(); });
    connect(m_scheduler.get(), &quality::QualityScheduler::cycleFinished, this,
            &ConsoleService::onCycleFinished);
    connect(m_scheduler.get(), &quality::QualityScheduler::nextRunChanged, this,
            [this] { publishEvaluator(); });
    if (m_options.runScheduler)
        m_scheduler->start();

    m_runner = std::make_unique<jobs::JobRunner>(m_config, *m_state, *m_queue, *m_registry,
                                                 m_audit.get(), m_options.runner);
    connect(m_runner.get(), &jobs::JobRunner::jobFinished, this, &ConsoleService::onJobFinished);
    if (m_options.runJobs) {
        if (const Status s = m_runner->start(); !s)
            qCWarning(lcService) << "not running training jobs here:" << s.error().toString();
    }

    if (m_options.startHttp && m_config.http.enabled) {
        HttpServerLimits limits;
        limits.maxBodyBytes = m_config.http.maxBodyBytes;
        m_http = std::make_unique<HttpServer>(m_api->router(), limits);
        MetricsRegistry *metrics = m_metrics.get();
        m_http->setObserver(
            [metrics](const HttpRequest &request, const HttpResponse &response, double seconds) {
                metrics->recordHttpRequest(QString::fromLatin1(request.method), response.route,
                                           response.status, seconds);
            });
        const QHostAddress address = m_config.http.bindAddress == QLatin1String("localhost")
                                         ? QHostAddress(QHostAddress::LocalHost)
                                         : QHostAddress(m_config.http.bindAddress);
        const auto port = m_http->listen(address, quint16(m_config.http.port));
        if (!port)
            return std::unexpected(port.error());
        m_port = *port;
        qCInfo(lcService) << "HTTP endpoint on" << httpUrl();
    }

    m_heartbeat.setInterval(1000);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        m_api->heartbeat();
        publishEvaluator();
        if (++m_ticks % kSyncEveryTicks == 0)
            if (const auto changed = m_registry->syncActive(); !changed)
                qCWarning(lcService) << "registry sync:" << changed.error().toString();
    });
    m_heartbeat.start();
    publishEvaluator();
    return {};
}

void ConsoleService::publishEvaluator()
{
    if (!m_scheduler || !m_api)
        return;
    EvaluatorSnapshot s;
    s.scheduled = m_scheduler->isScheduled();
    s.running = m_scheduler->isCycleRunning();
    s.nextRunAt = m_scheduler->nextRunAt();
    s.consecutiveFailures = m_scheduler->consecutiveFailures();
    s.lastCycleId = m_lastCycleId;
    s.lastStatus = m_lastStatus;
    s.lastError = m_lastError;
    s.lastFinishedAt = m_lastFinishedAt;
    m_api->setEvaluator(s);
}

void ConsoleService::runRequestedEvaluation(const EvaluationRequest &request)
{
    const QString requestId = request.id;
    quality::CycleOptions options;
    options.trigger = QStringLiteral("api");
    options.sampleSize = request.sampleSize;
    options.strategy = request.strategy;
    if (!m_scheduler->runNow(options))
        qCInfo(lcService) << "evaluation request" << requestId
                          << "skipped: a cycle is already running";
    else
        qCInfo(lcService) << "evaluation request" << requestId << "started";
    emit evaluationRequested(requestId);
    publishEvaluator();
}

void ConsoleService::onCycleFinished(const quality::CycleReport &report)
{
    const QString status = quality::cycleStatusName(report.status);
    m_metrics->recordEvaluation(status);
    m_lastStatus = status;
    m_lastCycleId = report.cycleId;
    m_lastError = report.error ? report.error->toString() : QString();
    m_lastFinishedAt = report.finishedAt;
    if (report.status == quality::CycleStatus::Succeeded && report.measured) {
        QHash<QString, std::optional<double>> values;
        for (const QString &key : quality::QualityHistory::metricColumns())
            values.insert(key, quality::metricValue(report.metrics.overall, key));
        m_metrics->setQuality(values, report.finishedAt);

        quality::AlertStore alerts(*m_state, m_audit.get());
        jobs::ProbationWatcher watcher(*m_registry, &alerts);
        const bool critical = report.level == quality::Severity::Critical;
        if (const auto verdict =
                watcher.onCycle(report.cycleId, report.modelVersion, critical,
                                critical ? QStringLiteral("critical quality cycle") : QString());
            !verdict)
            qCWarning(lcService) << "probation:" << verdict.error().toString();
    }
    publishEvaluator();
}

void ConsoleService::onJobFinished(const jobs::Job &job)
{
    const double seconds = job.startedAt.isValid() && job.finishedAt.isValid()
                               ? job.startedAt.msecsTo(job.finishedAt) / 1000.0
                               : -1.0;
    m_metrics->recordTrainingJob(jobs::jobStateName(job.state).toLower(), seconds);
}

void ConsoleService::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    m_heartbeat.stop();
    // Order: no new requests, no new cycles, no new jobs; then wait for what runs.
    if (m_http) {
        m_http->close();
        m_http->runOnServerThread([api = m_api.get()] { api->closeThreadConnections(); });
        m_http.reset();
    }
    if (m_scheduler) {
        m_scheduler->stop();
        m_scheduler->cancelCurrent();
        m_scheduler.reset(); // waits for the cycle's thread
    }
    if (m_runner) {
        m_runner->stop();
        m_runner.reset(); // stops a running worker; its job is recovered at the next start
    }
    if (m_registry)
        m_registry->setActivationListener({});
    m_api.reset();
    qCInfo(lcService) << "console service stopped";
}

} // namespace routing::service
