#include "core/service/console_api.h"

#include "core/data/erp_database.h"
#include "core/jobs/job_queue.h"
#include "core/ml/predictor.h"
#include "core/quality/alert_store.h"
#include "core/service/metrics_registry.h"
#include "core/state/state_store.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QMutexLocker>
#include <QStorageInfo>

namespace routing::service {
namespace {

constexpr qint64 kDbCacheMs = 5000; // a scrape storm must not hammer the ERP
constexpr qint64 kDiskDownBytes = 100ll << 20;
constexpr qint64 kDiskDegradedBytes = 1ll << 30;
constexpr qint64 kMainLoopStuckMs = 60000;

int rank(const QString &status)
{
    return status == QLatin1String("DOWN") ? 2 : status == QLatin1String("DEGRADED") ? 1 : 0;
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonObject component(const QString &status, const QJsonObject &details)
{
    return QJsonObject{{QStringLiteral("status"), status}, {QStringLiteral("details"), details}};
}

} // namespace

ConsoleApi::ConsoleApi(ConsoleApiContext context)
    : m_ctx(std::move(context)), m_auth(BearerAuth::fromEnvironment(m_ctx.config.http.tokenEnv)),
      m_startedAt(QDateTime::currentDateTimeUtc()),
      m_erp(std::make_unique<ErpDatabase>(m_ctx.config.erpDatabase(), QStringLiteral("erp-api")))
{
    heartbeat();
}

ConsoleApi::~ConsoleApi() = default;

HttpRouter ConsoleApi::router()
{
    HttpRouter r;
    auto bind = [this](HttpResponse (ConsoleApi::*m)(const HttpRequest &)) {
        return [this, m](const HttpRequest &req) { return (this->*m)(req); };
    };
    r.add("GET", QStringLiteral("/health"), bind(&ConsoleApi::health));
    r.add("GET", QStringLiteral("/health/live"), bind(&ConsoleApi::live));
    r.add("GET", QStringLiteral("/health/ready"), bind(&ConsoleApi::ready));
    r.add("GET", QStringLiteral("/api/db/health"), bind(&ConsoleApi::dbHealth));
    r.add("GET", QStringLiteral("/api/quality/current"), bind(&ConsoleApi::qualityCurrent));
    r.add("GET", QStringLiteral("/api/quality/history"), bind(&ConsoleApi::qualityHistory));
    r.add("GET", QStringLiteral("/api/quality/alerts"), bind(&ConsoleApi::qualityAlerts));
    r.add("POST", QStringLiteral("/api/quality/evaluate"), bind(&ConsoleApi::evaluate));
    r.add("GET", QStringLiteral("/api/training/jobs"), bind(&ConsoleApi::trainingJobs));
    r.add("GET", QStringLiteral("/api/training/jobs/{id}"), bind(&ConsoleApi::trainingJob));
    r.add("DELETE", QStringLiteral("/api/training/jobs/{id}"), bind(&ConsoleApi::trainingCancel));
    r.add("POST", QStringLiteral("/api/training/start"), bind(&ConsoleApi::trainingStart));
    r.add("GET", QStringLiteral("/api/models/versions"), bind(&ConsoleApi::modelVersions));
    r.add("POST", QStringLiteral("/api/models/rollback"), bind(&ConsoleApi::modelsRollback));
    r.add("POST", QStringLiteral("/api/models/{version}/activate"),
          bind(&ConsoleApi::modelsActivate));
    r.add("POST", QStringLiteral("/api/predict"), bind(&ConsoleApi::predict));
    r.add("GET", QStringLiteral("/api/config/current"), bind(&ConsoleApi::configCurrent));
    r.add("GET", QStringLiteral("/api/config/thresholds"), bind(&ConsoleApi::configThresholds));
    r.add("GET", QStringLiteral("/metrics"), bind(&ConsoleApi::metrics));
    return r;
}

void ConsoleApi::setEvaluator(const EvaluatorSnapshot &snapshot)
{
    QMutexLocker lock(&m_mutex);
    m_evaluator = snapshot;
}

void ConsoleApi::setModel(const ModelSnapshot &snapshot)
{
    QMutexLocker lock(&m_mutex);
    m_model = snapshot;
}

void ConsoleApi::heartbeat()
{
    m_heartbeatMs.store(QDateTime::currentMSecsSinceEpoch());
}

void ConsoleApi::closeThreadConnections()
{
    m_erp->closeThreadConnection();
    QString name;
    if (auto db = m_ctx.state->connectionForThread()) {
        name = db->connectionName();
        db->close();
    }
    if (!name.isEmpty())
        QSqlDatabase::removeDatabase(name);
}

EvaluatorSnapshot ConsoleApi::evaluator() const
{
    QMutexLocker lock(&m_mutex);
    return m_evaluator;
}

ModelSnapshot ConsoleApi::model() const
{
    QMutexLocker lock(&m_mutex);
    return m_model;
}

QJsonObject ConsoleApi::databaseComponent(bool forceFresh)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&m_mutex);
        if (!forceFresh && !m_dbCache.isEmpty() && now - m_dbCacheMs < kDbCacheMs)
            return m_dbCache;
    }
    const DatabaseConfig &db = m_ctx.config.database;
    QJsonObject details{{QStringLiteral("driver"), db.driver},
                        {QStringLiteral("dialect"), dialectName(db.dialect)}};
    if (db.driver == QLatin1String("QSQLITE")) {
        details.insert(QStringLiteral("server"), QStringLiteral("local"));
        details.insert(QStringLiteral("database_name"),
                       QFileInfo(m_ctx.config.erpSqlitePath()).fileName());
        details.insert(QStringLiteral("demo_plant"), db.usesDemoPlant());
    } else {
        const QString cs = redactConnectionString(db.connectionString);
        QString server, name;
        for (const QString &part : cs.split(u';', Qt::SkipEmptyParts)) {
            const QString key = part.section(u'=', 0, 0).trimmed().toLower();
            const QString value = part.section(u'=', 1).trimmed();
            if (key == QLatin1String("server") || key == QLatin1String("servername") ||
                key == QLatin1String("host"))
                server = value;
            else if (key == QLatin1String("database"))
                name = value;
        }
        details.insert(QStringLiteral("server"), server);
        details.insert(QStringLiteral("database_name"), name);
    }
    QElapsedTimer t;
    t.start();
    const Status ping = m_erp->ping();
    details.insert(QStringLiteral("latency_seconds"), t.nsecsElapsed() / 1e9);
    details.insert(QStringLiteral("checked_at"), iso(QDateTime::currentDateTimeUtc()));
    if (!ping)
        details.insert(QStringLiteral("error"), ping.error().toString());
    const QJsonObject result =
        component(ping ? QStringLiteral("UP") : QStringLiteral("DOWN"), details);
    QMutexLocker lock(&m_mutex);
    m_dbCache = result;
    m_dbCacheMs = now;
    return result;
}

HttpResponse ConsoleApi::health(const HttpRequest &)
{
    QJsonObject components;
    components.insert(QStringLiteral("database"), databaseComponent(false));

    const auto loaded = m_ctx.predictor ? m_ctx.predictor->model() : nullptr;
    const ModelSnapshot model = this->model();
    QJsonObject modelDetails{{QStringLiteral("version"), model.version},
                             {QStringLiteral("activated_at"), iso(model.activatedAt)},
                             {QStringLiteral("loaded"), loaded != nullptr}};
    if (!loaded)
        modelDetails.insert(
            QStringLiteral("reason"),
            QStringLiteral("no model version is active: train one (routing-console train) "
                           "or activate a registered version"));
    components.insert(
        QStringLiteral("model"),
        component(loaded ? QStringLiteral("UP") : QStringLiteral("DEGRADED"), modelDetails));

    const EvaluatorSnapshot ev = evaluator();
    const bool evalDegraded =
        ev.lastStatus == QLatin1String("failed") || ev.consecutiveFailures > 0;
    components.insert(
        QStringLiteral("evaluator"),
        component(evalDegraded ? QStringLiteral("DEGRADED") : QStringLiteral("UP"),
                  QJsonObject{{QStringLiteral("scheduled"), ev.scheduled},
                              {QStringLiteral("running"), ev.running},
                              {QStringLiteral("next_run_at"), iso(ev.nextRunAt)},
                              {QStringLiteral("consecutive_failures"), ev.consecutiveFailures},
                              {QStringLiteral("last_cycle_id"), ev.lastCycleId},
                              {QStringLiteral("last_status"), ev.lastStatus},
                              {QStringLiteral("last_error"), ev.lastError},
                              {QStringLiteral("last_finished_at"), iso(ev.lastFinishedAt)}}));

    const StateSnapshot snap = stateSnapshot();
    if (!snap.queueError) {
        const int capacity = m_ctx.queue->policy().maxSize;
        const bool full = snap.pending + snap.running >= capacity;
        components.insert(QStringLiteral("queue"),
                          component(full ? QStringLiteral("DEGRADED") : QStringLiteral("UP"),
                                    QJsonObject{{QStringLiteral("pending"), snap.pending},
                                                {QStringLiteral("running"), snap.running},
                                                {QStringLiteral("capacity"), capacity},
                                                {QStringLiteral("full"), full}}));
    } else {
        components.insert(
            QStringLiteral("queue"),
            component(QStringLiteral("DOWN"),
                      QJsonObject{{QStringLiteral("error"), snap.queueError->toString()}}));
    }

    const QStorageInfo disk(m_ctx.config.dataDir());
    const qint64 free = disk.isValid() ? disk.bytesAvailable() : -1;
    const QString diskStatus = free < 0 || free < kDiskDownBytes ? QStringLiteral("DOWN")
                               : free < kDiskDegradedBytes       ? QStringLiteral("DEGRADED")
                                                                 : QStringLiteral("UP");
    components.insert(
        QStringLiteral("disk"),
        component(diskStatus,
                  QJsonObject{{QStringLiteral("path"), m_ctx.config.dataDir()},
                              {QStringLiteral("free_bytes"), double(free)},
                              {QStringLiteral("total_bytes"), double(disk.bytesTotal())}}));

    QString status = QStringLiteral("UP");
    for (auto it = components.begin(); it != components.end(); ++it) {
        const QString s = it.value().toObject().value(QStringLiteral("status")).toString();
        if (rank(s) > rank(status))
            status = s;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject body{{QStringLiteral("status"), status},
                           {QStringLiteral("version"), m_ctx.version},
                           {QStringLiteral("uptime_seconds"), m_startedAt.msecsTo(now) / 1000.0},
                           {QStringLiteral("timestamp"), iso(now)},
                           {QStringLiteral("components"), components}};
    return HttpResponse::json(status == QLatin1String("DOWN") ? 503 : 200, body);
}

ConsoleApi::StateSnapshot ConsoleApi::stateSnapshot()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_stateCacheMs != 0 && now - m_stateCacheMs < 1000)
        return m_stateCache;
    StateSnapshot snap;
    if (const auto counts = m_ctx.queue->counts()) {
        snap.pending = counts->pending;
        snap.running = counts->running;
    } else {
        snap.queueError = counts.error();
    }
    quality::AlertStore alerts(*m_ctx.state);
    if (const auto active = alerts.activeAlerts())
        for (const quality::Alert &a : *active)
            ++snap.alertsBySeverity[quality::severityName(a.severity)];
    m_stateCache = snap;
    m_stateCacheMs = now;
    return snap;
}

HttpResponse ConsoleApi::live(const HttpRequest &)
{
    // Liveness must not depend on the ERP or the model (restart storms): only this process.
    const qint64 lagMs = QDateTime::currentMSecsSinceEpoch() - m_heartbeatMs.load();
    const bool stuck = lagMs > kMainLoopStuckMs;
    return HttpResponse::json(
        stuck ? 503 : 200,
        QJsonObject{
            {QStringLiteral("status"), stuck ? QStringLiteral("DOWN") : QStringLiteral("UP")},
            {QStringLiteral("main_loop_lag_seconds"), lagMs / 1000.0},
            {QStringLiteral("timestamp"), iso(QDateTime::currentDateTimeUtc())}});
}

HttpResponse ConsoleApi::ready(const HttpRequest &)
{
    const QJsonObject db = databaseComponent(false);
    const bool dbUp = db.value(QStringLiteral("status")).toString() == QLatin1String("UP");
    const bool modelLoaded = m_ctx.predictor && m_ctx.predictor->model();
    QJsonArray reasons;
    if (!dbUp)
        reasons.append(QStringLiteral("database unreachable: %1")
                           .arg(db.value(QStringLiteral("details"))
                                    .toObject()
                                    .value(QStringLiteral("error"))
                                    .toString()));
    if (!modelLoaded)
        reasons.append(QStringLiteral("no model loaded"));
    const bool ok = dbUp && modelLoaded;
    return HttpResponse::json(
        ok ? 200 : 503,
        QJsonObject{{QStringLiteral("status"), ok ? QStringLiteral("UP") : QStringLiteral("DOWN")},
                    {QStringLiteral("database"), dbUp},
                    {QStringLiteral("model_loaded"), modelLoaded},
                    {QStringLiteral("reasons"), reasons}});
}

HttpResponse ConsoleApi::dbHealth(const HttpRequest &)
{
    const QJsonObject c = databaseComponent(true);
    QJsonObject d = c.value(QStringLiteral("details")).toObject();
    const bool up = c.value(QStringLiteral("status")).toString() == QLatin1String("UP");
    if (up) {
        const Status schema = m_erp->checkSchema();
        d.insert(QStringLiteral("schema"),
                 schema ? QStringLiteral("ok") : schema.error().toString());
    }
    d.insert(QStringLiteral("database"),
             up ? QStringLiteral("connected") : QStringLiteral("disconnected"));
    return HttpResponse::json(up ? 200 : 503, d);
}

} // namespace routing::service
