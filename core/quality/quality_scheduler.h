#pragma once

#include "core/config/app_config.h"
#include "core/quality/cycle_report.h"
#include "core/quality/quality_cycle.h"
#include "core/quality/quality_cycle_worker.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

class QThread;

namespace routing {
class AuditLog;
}

namespace routing::quality {

class PredictionSource;
class RetrainingRequestSink;

/// Runs quality cycles on the configured schedule (`schedule.interval_minutes` or
/// `schedule.daily_time`), one at a time, each in its own worker thread. Lives in the GUI (or
/// service) thread and never blocks it.
///  - A cycle due while another still runs is skipped (cycleSkipped), never run in parallel.
///  - A cycle that fails because the ERP is unreachable (1001) or predictions time out (1005) is
///    retried after a backoff that doubles up to a cap; the last good report stays available.
///  - A cycle running longer than `schedule.max_execution_seconds` is cancelled.
class QualityScheduler final : public QObject
{
    Q_OBJECT
public:
    QualityScheduler(AppConfig config, std::shared_ptr<PredictionSource> predictor,
                     QObject *parent = nullptr);
    /// Cancels a running cycle and waits for its thread.
    ~QualityScheduler() override;
    Q_DISABLE_COPY_MOVE(QualityScheduler)

    void setRetrainingSink(std::shared_ptr<RetrainingRequestSink> sink)
    {
        m_sink = std::move(sink);
    }
    void setAuditLog(std::shared_ptr<AuditLog> audit) { m_audit = std::move(audit); }
    /// Retry delays after an outage: first, then doubling, at most `cap` (default 1 min … 30 min).
    void setRetryBackoff(std::chrono::milliseconds first, std::chrono::milliseconds cap);
    void setPredictor(std::shared_ptr<PredictionSource> predictor)
    {
        m_predictor = std::move(predictor);
    }
    /// Options of scheduled and retried cycles (trigger is set by the scheduler). Default: all
    /// from the configuration, as of the moment the cycle starts.
    void setCycleOptions(const CycleOptions &options) { m_options = options; }

    /// Arms the schedule (no-op when schedule.enabled is false; runNow() still works).
    void start();
    void stop();
    bool isScheduled() const { return m_scheduled; }
    bool isCycleRunning() const { return m_worker != nullptr; }
    /// The next scheduled (or retry) start; invalid when none.
    QDateTime nextRunAt() const { return m_nextRunAt; }
    int consecutiveFailures() const { return m_failures; }
    /// The last succeeded cycle seen by this scheduler, kept through failed cycles.
    const std::optional<CycleReport> &lastGoodReport() const { return m_lastGood; }

    /// Starts a cycle now; false (and nothing started) when one is already running.
    bool runNow(const CycleOptions &options);
    /// Starts a cycle now with the scheduler's options and trigger "manual".
    bool runNow();
    /// Asks the running cycle to stop (it finishes with status Cancelled).
    void cancelCurrent();

    /// The next start after `now` (local time): now + interval, or the next daily_time.
    static QDateTime nextScheduledRun(const ScheduleConfig &schedule, const QDateTime &now);

signals:
    void cycleStarted(const QString &trigger);
    void cycleProgress(int percent, const QString &step);
    void cycleFinished(const routing::quality::CycleReport &report);
    void cycleSkipped(const QString &reason);
    void nextRunChanged(const QDateTime &at);

private:
    void onTimer();
    void onFinished(const routing::quality::CycleReport &report);
    void arm(const QDateTime &at, bool retry);

    AppConfig m_config;
    std::shared_ptr<PredictionSource> m_predictor;
    std::shared_ptr<RetrainingRequestSink> m_sink;
    std::shared_ptr<AuditLog> m_audit;
    QTimer m_timer;
    QTimer m_watchdog;
    QPointer<QualityCycleWorker> m_worker;
    QPointer<QThread> m_thread;
    bool m_scheduled = false;
    bool m_retryPending = false;
    QDateTime m_nextRunAt;
    int m_failures = 0;
    std::chrono::milliseconds m_backoffFirst{60'000};
    std::chrono::milliseconds m_backoffCap{30 * 60'000};
    std::optional<CycleReport> m_lastGood;
    CycleOptions m_options;
};

} // namespace routing::quality
