#pragma once

#include "core/common/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace routing::jobs {

/// PENDING → RUNNING → SUCCEEDED (deployed) | SKIPPED (trained, the live model stays) | FAILED |
/// CANCELLED. A failed attempt with retries left goes back to PENDING (with a not-before time).
/// DEFERRED is a request refused for capacity or cooldown, kept as a record; it never runs.
enum class JobState { Pending, Running, Succeeded, Failed, Cancelled, Deferred, Skipped };

/// "PENDING", "RUNNING", … as stored and shown.
QString jobStateName(JobState state);
std::optional<JobState> jobStateFromName(const QString &name);
/// No further change will happen to a job in this state.
bool isFinal(JobState state);

/// Who or what asked for a job.
enum class JobSource { Operator, Schedule, QualityAlert, Api };
/// "operator", "schedule", "quality_alert", "api".
QString jobSourceName(JobSource source);
std::optional<JobSource> jobSourceFromName(const QString &name);

/// A request for a training job.
struct JobRequest
{
    JobSource source = JobSource::Operator;
    /// Automatic requests (quality alert, schedule) are subject to the cooldown; manual ones
    /// (operator, api) only to the capacity.
    bool automatic = false;
    QString requestedBy; ///< the operator's account, "quality-loop", "scheduler", "api"
    QString reason;
    QString cycleId; ///< the evaluation cycle that asked, if any
    QDateTime asOf;  ///< the training time (plant wall clock); invalid: when the job starts
};

/// A job as stored in the state database.
struct Job
{
    QString id; ///< job_YYYYMMDD_HHMMSS_xxxxxxxx
    JobState state = JobState::Pending;
    bool automatic = false;
    JobSource source = JobSource::Operator;
    QString requestedBy;
    QString reason;
    QString cycleId;
    QDateTime asOf;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime notBefore; ///< a retry waits until then
    QDateTime startedAt; ///< of the current or last attempt
    QDateTime finishedAt;
    int attempts = 0; ///< attempts started
    int progress = 0; ///< percent of the current attempt
    QString step;
    QString message;
    qint64 runnerPid = 0; ///< the console supervising it
    QString runnerHost;
    qint64 workerPid = 0; ///< the worker child process
    QString cancelRequestedBy;
    std::optional<Error> error;
    std::optional<int> exitCode;
    QString stderrTail;
    QString version;    ///< SUCCEEDED: the version deployed
    QString decision;   ///< "propose" | "keep_live" from the trainer
    QJsonObject result; ///< the worker's result.json

    QJsonObject toJson() const;
};

} // namespace routing::jobs
