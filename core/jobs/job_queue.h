#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/jobs/job_types.h"

#include <QList>
#include <QString>

#include <optional>

namespace routing {
class AuditLog;
class StateStore;
} // namespace routing

namespace routing::jobs {

/// How an attempt ended, as the runner saw it.
struct AttemptOutcome
{
    JobState state = JobState::Failed; ///< Succeeded, Skipped, Failed or Cancelled
    QString message;
    std::optional<Error> error;
    std::optional<int> exitCode;
    QString stderrTail;
    QString version;
    QString decision;
    QJsonObject result;
};

/// What the queue holds right now.
struct QueueCounts
{
    int pending = 0;
    int running = 0;
    bool automaticQueuedOrRunning = false;
    QDateTime lastAutomaticEnqueuedAt; ///< invalid: never
};

/// The training queue, persisted in the state database (table training_jobs), shared by every
/// console on the same state directory. Capacity `queue.max_size` counts PENDING + RUNNING jobs;
/// one job runs at a time (the runner holding the JobLock). A failed attempt is retried up to
/// `queue.max_retries` times, waiting retry_backoff_seconds × 2^(attempt−1). Automatic requests
/// are refused (DEFERRED) while another automatic job is queued or running and within
/// `queue.cooldown_hours` of the last automatic job. Every state change goes to the audit log.
class JobQueue final
{
public:
    struct Policy
    {
        int maxSize = 3;
        int maxRetries = 2;
        int retryBackoffSeconds = 60;
        double cooldownHours = 24.0;
    };
    static Policy policyFromConfig(const AppConfig &config);

    JobQueue(StateStore &state, Policy policy, AuditLog *audit = nullptr);

    const Policy &policy() const { return m_policy; }

    /// Stores the request as a PENDING job, or — when it may not run — as a DEFERRED one whose
    /// `message` says why (a full queue also sets `error` to 1003 QueueFull).
    Result<Job> enqueue(const JobRequest &request, const QDateTime &now = {});
    /// Newest first.
    Result<QList<Job>> list(int limit = 100);
    Result<std::optional<Job>> job(const QString &id);
    Result<QueueCounts> counts();

    /// Cancels a job: PENDING → CANCELLED at once; RUNNING → the request is recorded and the
    /// runner stops the worker (the job becomes CANCELLED when it has). Other states: an error.
    Result<Job> requestCancel(const QString &id, const QString &actor);

    // The runner's side (call only while holding the JobLock).

    /// The oldest PENDING job whose retry time has come, now RUNNING with its attempt counted.
    Result<std::optional<Job>> claimNext(qint64 runnerPid, const QString &runnerHost,
                                         const QDateTime &now = {});
    Status setWorkerPid(const QString &id, qint64 pid);
    Status updateProgress(const QString &id, int percent, const QString &step,
                          const QString &message);
    /// Ends the running attempt. A failure with retries left returns the job to PENDING.
    Result<Job> finishAttempt(const QString &id, const AttemptOutcome &outcome,
                              const QDateTime &now = {});
    /// RUNNING jobs whose console is gone become FAILED ("interrupted"), retried per policy.
    Result<QList<Job>> recoverInterrupted(const QDateTime &now = {});

private:
    Result<QList<Job>> select(const QString &where, const QVariantList &values,
                              const QString &tail = {});
    Status auditJob(const QString &actor, const QString &action, const Job &job,
                    const QString &reason);

    StateStore &m_state;
    Policy m_policy;
    AuditLog *m_audit;
};

} // namespace routing::jobs
