#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/service/bearer_auth.h"
#include "core/service/http_router.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace routing {
class AuditLog;
class ErpDatabase;
class StateStore;
} // namespace routing

namespace routing::ml {
class Predictor;
}
namespace routing::registry {
class ModelRegistry;
}
namespace routing::jobs {
class JobQueue;
}

namespace routing::service {

class MetricsRegistry;

/// What the thread owning the quality scheduler publishes for the endpoint (under a mutex).
struct EvaluatorSnapshot
{
    bool scheduled = false;
    bool running = false;
    QDateTime nextRunAt;
    int consecutiveFailures = 0;
    QString lastCycleId;
    QString lastStatus; ///< succeeded | failed | cancelled | "" (none yet in this process)
    QString lastError;
    QDateTime lastFinishedAt;
};

/// An evaluation asked for over the API: the id answered with 202, optional sampling overrides.
struct EvaluationRequest
{
    QString id;
    std::optional<int> sampleSize;
    std::optional<SamplingConfig::Strategy> strategy;
};

/// The active model as the service last saw it (activation listener, start-up).
struct ModelSnapshot
{
    QString version;
    QDateTime activatedAt;
};

/// Everything the handlers use. The pointed-to objects outlive the ConsoleApi and are safe to
/// call from the HTTP thread: StateStore, JobQueue and the quality stores through the calling
/// thread's own SQLite connection; ModelRegistry, Predictor, AuditLog and MetricsRegistry lock
/// internally. Nothing here is a GUI object.
struct ConsoleApiContext
{
    AppConfig config;
    StateStore *state = nullptr;
    AuditLog *audit = nullptr;
    registry::ModelRegistry *registry = nullptr;
    jobs::JobQueue *queue = nullptr;
    std::shared_ptr<ml::Predictor> predictor;
    MetricsRegistry *metrics = nullptr;
    QString version;
    /// Asks the owning thread to start an evaluation (queued, never run on the HTTP thread).
    /// Null: evaluations cannot be requested (503).
    std::function<void(const EvaluationRequest &request)> requestEvaluation;
};

/// The console's HTTP API (issue 6; operator manual §3): health, quality, jobs, models, config,
/// Prometheus metrics, and the token-only mutating endpoints. router() builds the routes; every
/// handler runs on the HTTP server thread.
class ConsoleApi final
{
public:
    explicit ConsoleApi(ConsoleApiContext context);
    ~ConsoleApi();
    Q_DISABLE_COPY_MOVE(ConsoleApi)

    HttpRouter router();

    // Published by the owning (main) thread.
    void setEvaluator(const EvaluatorSnapshot &snapshot);
    void setModel(const ModelSnapshot &snapshot);
    /// Called by a timer of the main thread's event loop; /health/live reports its lag.
    void heartbeat();

    /// Closes the calling thread's ERP and state connections; call on the HTTP thread before
    /// it ends (Qt Sql connections belong to the thread that opened them).
    void closeThreadConnections();

    EvaluatorSnapshot evaluator() const;
    ModelSnapshot model() const;

    /// Redacts credentials from an ODBC connection string (UID, PWD, user, password … → ***).
    static QString redactConnectionString(const QString &connectionString);
    /// The configuration as JSON with secrets redacted (no token value, no credentials).
    static QJsonObject configToJson(const AppConfig &config);
    static QJsonObject thresholdsToJson(const AppConfig &config);

private:
    // console_api.cpp: health
    HttpResponse health(const HttpRequest &request);
    HttpResponse live(const HttpRequest &request);
    HttpResponse ready(const HttpRequest &request);
    HttpResponse dbHealth(const HttpRequest &request);
    QJsonObject databaseComponent(bool forceFresh);
    /// Queue counts and active alerts by severity, reread at most once a second (scrapes and
    /// health polls at 1,000/s must not each query the state database).
    struct StateSnapshot
    {
        std::optional<Error> queueError;
        int pending = 0;
        int running = 0;
        QHash<QString, int> alertsBySeverity;
    };
    StateSnapshot stateSnapshot();
    // console_api_read.cpp
    HttpResponse qualityCurrent(const HttpRequest &request);
    HttpResponse qualityHistory(const HttpRequest &request);
    HttpResponse qualityAlerts(const HttpRequest &request);
    HttpResponse trainingJobs(const HttpRequest &request);
    HttpResponse trainingJob(const HttpRequest &request);
    HttpResponse modelVersions(const HttpRequest &request);
    HttpResponse configCurrent(const HttpRequest &request);
    HttpResponse configThresholds(const HttpRequest &request);
    HttpResponse metrics(const HttpRequest &request);
    // console_api_write.cpp
    /// Reads {sample_size, strategy} (both optional); a 400 answer when malformed.
    static std::optional<HttpResponse>
    samplingFields(const QJsonObject &body, std::optional<int> *sampleSize, QString *strategy);
    HttpResponse evaluate(const HttpRequest &request);
    HttpResponse trainingStart(const HttpRequest &request);
    HttpResponse trainingCancel(const HttpRequest &request);
    HttpResponse modelsRollback(const HttpRequest &request);
    HttpResponse modelsActivate(const HttpRequest &request);
    HttpResponse predict(const HttpRequest &request);
    void auditApi(const QString &action, const QString &target, const QJsonValue &after,
                  const QString &reason);

    ConsoleApiContext m_ctx;
    BearerAuth m_auth;
    QDateTime m_startedAt;
    std::unique_ptr<ErpDatabase> m_erp; ///< used only on the HTTP thread (its own connection)
    std::atomic<qint64> m_heartbeatMs{0};

    mutable QMutex m_mutex;
    EvaluatorSnapshot m_evaluator;
    ModelSnapshot m_model;
    QJsonObject m_dbCache; ///< the last database check, reused for a few seconds
    qint64 m_dbCacheMs = 0;
    StateSnapshot m_stateCache; ///< only touched on the HTTP thread
    qint64 m_stateCacheMs = 0;
};

} // namespace routing::service
