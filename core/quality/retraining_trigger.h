#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace routing {
class StateStore;
}

namespace routing::quality {

class AlertStore;

/// A request to retrain, with who or what asked and why.
struct RetrainingRequest
{
    QString cycleId;       ///< the evaluation cycle that asked ("" for a manual request)
    bool automatic = true; ///< a quality alert (cooldown and de-duplication apply) or an operator
    QString requestedBy = QStringLiteral("quality-loop");
    QString reason;
    QDateTime requestedAt; ///< UTC
    /// Train on the data known at this time (plant wall clock): a cycle replayed as of a past date
    /// retrains as of that date, not on data it never judged. Invalid: when the job starts.
    QDateTime trainAsOf;
};

/// What the queue looks like to the trigger.
struct RetrainingQueueState
{
    int queuedOrRunning = 0;               ///< counts against queue.max_size
    bool automaticQueuedOrRunning = false; ///< an automatic job is waiting or training
    QDateTime lastAutomaticEnqueuedAt;     ///< invalid: never
};

/// Where retraining requests go. The jobs/registry issue implements this over its real queue;
/// until then RecordedRetrainingQueue keeps the requests in the state database.
class RetrainingRequestSink
{
public:
    virtual ~RetrainingRequestSink();
    virtual Result<RetrainingQueueState> queueState() = 0;
    /// Adds a job; returns its id. Capacity, cooldown and de-duplication are already checked.
    virtual Result<QString> enqueue(const RetrainingRequest &request) = 0;
};

/// The interim queue: the enqueued rows of `retraining_requests` whose job_state is queued or
/// running. Nothing trains them yet; setJobState() moves them along (tests, and the jobs issue's
/// migration path).
class RecordedRetrainingQueue final : public RetrainingRequestSink
{
public:
    explicit RecordedRetrainingQueue(StateStore &state) : m_state(state) {}
    Result<RetrainingQueueState> queueState() override;
    Result<QString> enqueue(const RetrainingRequest &request) override;
    /// queued | running | finished
    Status setJobState(const QString &jobId, const QString &state);

private:
    StateStore &m_state;
};

enum class RetrainingDecisionKind {
    Enqueued,
    Disabled,
    Paused,
    Duplicate,
    Cooldown,
    QueueFull,
    Failed
};

/// "enqueued", "disabled", "paused", "duplicate", "cooldown", "queue_full", "failed".
QString decisionName(RetrainingDecisionKind kind);

struct RetrainingDecision
{
    RetrainingDecisionKind kind = RetrainingDecisionKind::Failed;
    qint64 requestId = 0;       ///< row in retraining_requests
    QString jobId;              ///< Enqueued only
    QString reason;             ///< the request's reason
    QString detail;             ///< why this decision, in words
    QDateTime cooldownUntil;    ///< Cooldown only
    std::optional<Error> error; ///< QueueFull: code 1003; Failed: the sink's error
};

/// Decides whether a retraining request becomes a job, and records every decision (also the
/// refusals) in `retraining_requests`. Order of the checks, for automatic requests:
/// alerts.auto_retrain off → disabled; the pause switch → paused; an automatic job queued or
/// running → duplicate; the last automatic job less than queue.cooldown_hours ago → cooldown;
/// queue.max_size jobs queued or running → queue_full (1003, alert `retrain.queue_full`).
/// Manual requests skip all but the capacity check.
class RetrainingTrigger final
{
public:
    RetrainingTrigger(StateStore &state, RetrainingRequestSink &sink, const AppConfig &config,
                      AlertStore *alerts = nullptr);

    Result<RetrainingDecision> request(const RetrainingRequest &request);

    /// The pause switch (state setting "auto_retrain_paused").
    static Result<bool> isPaused(StateStore &state);
    static Status setPaused(StateStore &state, bool paused);
    static constexpr const char *kPausedSetting = "auto_retrain_paused";

private:
    Result<qint64> record(const RetrainingRequest &request, const RetrainingDecision &decision);

    StateStore &m_state;
    RetrainingRequestSink &m_sink;
    bool m_autoRetrain;
    int m_maxSize;
    double m_cooldownHours;
    AlertStore *m_alerts;
};

} // namespace routing::quality
