// JobQueue, the runner's side: claiming the next job, progress, ending an attempt (with the retry
// policy) and settling the jobs of a console that died.

#include "core/jobs/job_queue.h"

#include "core/jobs/job_queue_internal.h"
#include "core/jobs/jobs_logging.h"
#include "core/registry/state_db.h"
#include "core/state/state_store.h"

#include <QJsonDocument>

#include <algorithm>

namespace routing::jobs {

using detail::nowOr;
using detail::nullInt;

Result<std::optional<Job>> JobQueue::claimNext(qint64 runnerPid, const QString &runnerHost,
                                               const QDateTime &nowArg)
{
    const QDateTime now = nowOr(nowArg);
    std::optional<Job> claimed;
    const Status s = statedb::inTransaction(m_state, [&]() -> Status {
        auto next = select(
            QStringLiteral("WHERE state = 'PENDING' AND (not_before IS NULL OR not_before <= ?)"),
            {statedb::timeText(now)}, QStringLiteral("ORDER BY rowid LIMIT 1"));
        if (!next)
            return std::unexpected(next.error());
        if (next->isEmpty())
            return {};
        Job j = next->first();
        auto q = statedb::exec(
            m_state,
            QStringLiteral("UPDATE training_jobs SET state = 'RUNNING', attempts = attempts + 1, "
                           "started_at = ?, updated_at = ?, finished_at = NULL, progress = 0, "
                           "step = 'starting', message = NULL, runner_pid = ?, runner_host = ?, "
                           "worker_pid = NULL, exit_code = NULL, stderr_tail = NULL WHERE id = ?"),
            {statedb::timeText(now), statedb::timeText(now), runnerPid, runnerHost, j.id});
        if (!q)
            return std::unexpected(q.error());
        claimed = j;
        return {};
    });
    if (!s)
        return std::unexpected(s.error());
    if (!claimed)
        return claimed;
    auto fresh = job(claimed->id);
    if (!fresh)
        return std::unexpected(fresh.error());
    if (auto a = auditJob(QStringLiteral("system"), QStringLiteral("job.start"), fresh->value(),
                          claimed->reason);
        !a)
        qCWarning(lcJobs).noquote() << a.error().toString();
    return *fresh;
}

Status JobQueue::setWorkerPid(const QString &id, qint64 pid)
{
    auto q = statedb::exec(
        m_state, QStringLiteral("UPDATE training_jobs SET worker_pid = ? WHERE id = ?"), {pid, id});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Status JobQueue::updateProgress(const QString &id, int percent, const QString &step,
                                const QString &message)
{
    auto q = statedb::exec(
        m_state,
        QStringLiteral(
            "UPDATE training_jobs SET progress = ?, step = ?, message = ?, updated_at = ? "
            "WHERE id = ? AND state = 'RUNNING'"),
        {std::clamp(percent, 0, 100), step, message,
         statedb::timeText(QDateTime::currentDateTimeUtc()), id});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<Job> JobQueue::finishAttempt(const QString &id, const AttemptOutcome &outcome,
                                    const QDateTime &nowArg)
{
    const QDateTime now = nowOr(nowArg);
    auto current = job(id);
    if (!current)
        return std::unexpected(current.error());
    if (!*current)
        return fail(ErrorCode::InvalidData, QStringLiteral("no training job %1").arg(id));
    const Job before = **current;
    JobState state = outcome.state;
    QDateTime notBefore;
    QString message = outcome.message;
    const bool retry = state == JobState::Failed && before.attempts <= m_policy.maxRetries;
    if (retry) {
        const qint64 wait =
            qint64(m_policy.retryBackoffSeconds) * (qint64(1) << std::min(before.attempts - 1, 20));
        notBefore = now.addSecs(wait);
        state = JobState::Pending;
        message = QStringLiteral("attempt %1 of %2 failed (%3); retrying after %4")
                      .arg(before.attempts)
                      .arg(m_policy.maxRetries + 1)
                      .arg(outcome.error ? outcome.error->message : outcome.message,
                           notBefore.toLocalTime().toString(Qt::ISODate));
    }
    auto q = statedb::exec(
        m_state,
        QStringLiteral(
            "UPDATE training_jobs SET state = ?, updated_at = ?, finished_at = ?, not_before = ?, "
            "message = ?, "
            "error_code = ?, error_message = ?, exit_code = ?, stderr_tail = ?, version = ?, "
            "decision = ?, "
            "result_json = ?, progress = CASE WHEN ? THEN 100 ELSE progress END WHERE id = ?"),
        {jobStateName(state), statedb::timeText(now),
         retry ? statedb::timeOrNull({}) : QVariant(statedb::timeText(now)),
         statedb::timeOrNull(notBefore), statedb::textOrNull(message),
         outcome.error ? QVariant(int(outcome.error->code)) : nullInt(),
         outcome.error ? QVariant(outcome.error->message) : QVariant(QMetaType(QMetaType::QString)),
         outcome.exitCode ? QVariant(*outcome.exitCode) : nullInt(),
         statedb::textOrNull(outcome.stderrTail), statedb::textOrNull(outcome.version),
         statedb::textOrNull(outcome.decision),
         outcome.result.isEmpty()
             ? QVariant(QMetaType(QMetaType::QString))
             : QVariant(
                   QString::fromUtf8(QJsonDocument(outcome.result).toJson(QJsonDocument::Compact))),
         state == JobState::Succeeded || state == JobState::Skipped, id});
    if (!q)
        return std::unexpected(q.error());
    auto after = job(id);
    if (!after)
        return std::unexpected(after.error());
    const Job j = after->value_or(before);
    if (auto s = auditJob(QStringLiteral("system"),
                          retry ? QStringLiteral("job.retry") : QStringLiteral("job.finish"), j,
                          before.reason);
        !s)
        qCWarning(lcJobs).noquote() << s.error().toString();
    return j;
}

Result<QList<Job>> JobQueue::recoverInterrupted(const QDateTime &now)
{
    auto running = select(QStringLiteral("WHERE state = 'RUNNING'"), {});
    if (!running)
        return std::unexpected(running.error());
    QList<Job> out;
    for (const Job &j : std::as_const(*running)) {
        AttemptOutcome o;
        const bool cancelled = !j.cancelRequestedBy.isEmpty();
        o.state = cancelled ? JobState::Cancelled : JobState::Failed;
        o.message =
            QStringLiteral(
                "interrupted: the console running it (pid %1 on %2) ended before the job did")
                .arg(j.runnerPid)
                .arg(j.runnerHost);
        o.error = Error{ErrorCode::TrainingFailed, o.message};
        qCWarning(lcJobs).noquote() << "job" << j.id << o.message;
        auto finished = finishAttempt(j.id, o, now);
        if (!finished)
            return std::unexpected(finished.error());
        out << *finished;
    }
    return out;
}

} // namespace routing::jobs
