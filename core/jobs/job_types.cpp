#include "core/jobs/job_types.h"

#include <QJsonValue>

namespace routing::jobs {

namespace {
QJsonValue timeJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}
QJsonValue textJson(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}
} // namespace

QString jobStateName(JobState state)
{
    switch (state) {
    case JobState::Pending:
        return QStringLiteral("PENDING");
    case JobState::Running:
        return QStringLiteral("RUNNING");
    case JobState::Succeeded:
        return QStringLiteral("SUCCEEDED");
    case JobState::Failed:
        return QStringLiteral("FAILED");
    case JobState::Cancelled:
        return QStringLiteral("CANCELLED");
    case JobState::Deferred:
        return QStringLiteral("DEFERRED");
    case JobState::Skipped:
        return QStringLiteral("SKIPPED");
    }
    return QStringLiteral("FAILED");
}

std::optional<JobState> jobStateFromName(const QString &name)
{
    for (JobState s : {JobState::Pending, JobState::Running, JobState::Succeeded, JobState::Failed,
                       JobState::Cancelled, JobState::Deferred, JobState::Skipped})
        if (jobStateName(s) == name)
            return s;
    return std::nullopt;
}

bool isFinal(JobState state)
{
    return state != JobState::Pending && state != JobState::Running;
}

QString jobSourceName(JobSource source)
{
    switch (source) {
    case JobSource::Operator:
        return QStringLiteral("operator");
    case JobSource::Schedule:
        return QStringLiteral("schedule");
    case JobSource::QualityAlert:
        return QStringLiteral("quality_alert");
    case JobSource::Api:
        return QStringLiteral("api");
    }
    return QStringLiteral("operator");
}

std::optional<JobSource> jobSourceFromName(const QString &name)
{
    for (JobSource s :
         {JobSource::Operator, JobSource::Schedule, JobSource::QualityAlert, JobSource::Api})
        if (jobSourceName(s) == name)
            return s;
    return std::nullopt;
}

QJsonObject Job::toJson() const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("state"), jobStateName(state)},
        {QStringLiteral("kind"),
         automatic ? QStringLiteral("automatic") : QStringLiteral("manual")},
        {QStringLiteral("source"), jobSourceName(source)},
        {QStringLiteral("requested_by"), requestedBy},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("cycle_id"), textJson(cycleId)},
        {QStringLiteral("as_of"),
         asOf.isValid() ? QJsonValue(asOf.toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("created_at"), timeJson(createdAt)},
        {QStringLiteral("updated_at"), timeJson(updatedAt)},
        {QStringLiteral("not_before"), timeJson(notBefore)},
        {QStringLiteral("started_at"), timeJson(startedAt)},
        {QStringLiteral("finished_at"), timeJson(finishedAt)},
        {QStringLiteral("attempts"), attempts},
        {QStringLiteral("progress"), progress},
        {QStringLiteral("step"), textJson(step)},
        {QStringLiteral("message"), textJson(message)},
        {QStringLiteral("runner_pid"), runnerPid ? QJsonValue(double(runnerPid)) : QJsonValue()},
        {QStringLiteral("worker_pid"), workerPid ? QJsonValue(double(workerPid)) : QJsonValue()},
        {QStringLiteral("cancel_requested_by"), textJson(cancelRequestedBy)},
        {QStringLiteral("exit_code"), exitCode ? QJsonValue(*exitCode) : QJsonValue()},
        {QStringLiteral("stderr_tail"), textJson(stderrTail)},
        {QStringLiteral("version"), textJson(version)},
        {QStringLiteral("decision"), textJson(decision)}};
    o.insert(QStringLiteral("error"),
             error ? QJsonValue(QJsonObject{{QStringLiteral("code"), int(error->code)},
                                            {QStringLiteral("name"), errorCodeName(error->code)},
                                            {QStringLiteral("message"), error->message}})
                   : QJsonValue());
    if (!result.isEmpty())
        o.insert(QStringLiteral("result"), result);
    return o;
}

} // namespace routing::jobs
