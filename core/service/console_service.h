#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/jobs/job_runner.h"
#include "core/service/console_api.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace routing {
class AuditLog;
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
namespace routing::quality {
class QualityScheduler;
struct CycleReport;
} // namespace routing::quality

namespace routing::service {

class ConsoleApi;
class HttpServer;
class MetricsRegistry;

struct ConsoleServiceOptions
{
    QString auditLogPath;          ///< the append-only audit trail (app: auditLogPath(config))
    QString version;               ///< shown by /health
    bool runScheduler = true;      ///< arm the quality schedule (schedule.enabled still applies)
    bool runJobs = true;           ///< run the training queue here (if no other console does)
    bool startHttp = true;         ///< and http.enabled
    jobs::JobRunnerOptions runner; ///< tests substitute the worker program
};

/// The console's long-lived machinery without a window: state database, audit log, model
/// registry with hot swap into the shared Predictor, training queue and JobRunner (child
/// processes), the quality scheduler, the Prometheus metrics and the HTTP endpoint on its own
/// thread. Used by `routing-console serve` and by the window alike. Lives in the thread that
/// created it (the main thread); the HTTP handlers only touch thread-safe parts.
class ConsoleService final : public QObject
{
    Q_OBJECT
public:
    ~ConsoleService() override;
    Q_DISABLE_COPY_MOVE(ConsoleService)

    /// Stops the endpoint, the schedule (cancelling a running cycle and waiting for it) and the
    /// job runner (a running worker is stopped; its job is recovered as interrupted and retried
    /// by the next console). Idempotent; the destructor calls it.
    void shutdown();

    /// The bound port (0 when the endpoint is off).
    quint16 httpPort() const { return m_port; }
    QString httpUrl() const;

    quality::QualityScheduler *scheduler() const { return m_scheduler.get(); }
    jobs::JobRunner *jobRunner() const { return m_runner.get(); }
    std::shared_ptr<ml::Predictor> predictor() const { return m_predictor; }
    MetricsRegistry &metrics() const { return *m_metrics; }
    StateStore &state() const { return *m_state; }
    /// The registry whose activations hot-swap this service's predictor (the window uses it).
    registry::ModelRegistry *registry() const { return m_registry.get(); }

signals:
    void evaluationRequested(const QString &requestId);

private:
    friend Result<std::unique_ptr<ConsoleService>> startConsoleService(const AppConfig &,
                                                                       ConsoleServiceOptions);
    ConsoleService(AppConfig config, ConsoleServiceOptions options);
    Status init();
    void publishEvaluator();
    void onCycleFinished(const quality::CycleReport &report);
    void onJobFinished(const jobs::Job &job);
    void runRequestedEvaluation(const EvaluationRequest &request);

    AppConfig m_config;
    ConsoleServiceOptions m_options;
    std::unique_ptr<StateStore> m_state;
    std::shared_ptr<AuditLog> m_audit;
    std::unique_ptr<registry::ModelRegistry> m_registry;
    std::unique_ptr<jobs::JobQueue> m_queue;
    std::shared_ptr<ml::Predictor> m_predictor;
    std::unique_ptr<MetricsRegistry> m_metrics;
    std::unique_ptr<ConsoleApi> m_api;
    std::unique_ptr<quality::QualityScheduler> m_scheduler;
    std::unique_ptr<jobs::JobRunner> m_runner;
    std::unique_ptr<HttpServer> m_http;
    QTimer m_heartbeat;
    int m_ticks = 0;
    quint16 m_port = 0;
    QString m_lastStatus, m_lastCycleId, m_lastError;
    QDateTime m_lastFinishedAt;
    bool m_shutDown = false;
};

/// Opens everything and starts the endpoint on http.bind_address:http.port (127.0.0.1:8000 by
/// default). An error when the state database or the registry cannot be opened or the port
/// cannot be bound; a job lock held by another console only means this one does not run jobs.
Result<std::unique_ptr<ConsoleService>> startConsoleService(const AppConfig &config,
                                                            ConsoleServiceOptions options);

} // namespace routing::service
