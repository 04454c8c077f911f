#include "core/jobs/job_queue.h"

#include "core/audit/audit_log.h"
#include "core/jobs/job_queue_internal.h"
#include "core/jobs/jobs_logging.h"
#include "core/registry/state_db.h"
#include "core/state/state_store.h"

#include <QJsonDocument>
#include <QUuid>

#include <cmath>

namespace routing::jobs {

using detail::nowOr;
using detail::nullInt;

namespace {

const QString kColumns = QStringLiteral("id, state, kind, source, requested_by, reason, cycle_id, "
                                        "created_at, updated_at, not_before, started_at, "
                                        "finished_at, attempts, progress, step, message, "
                                        "runner_pid, runner_host, worker_pid, cancel_requested_by, "
                                        "error_code, error_message, exit_code, stderr_tail, "
                                        "version, decision, result_json, options_json");

Job jobFromRow(const QSqlQuery &q)
{
    Job j;
    j.id = q.value(0).toString();
    j.state = jobStateFromName(q.value(1).toString()).value_or(JobState::Failed);
    j.automatic = q.value(2).toString() == QLatin1String("automatic");
    j.source = jobSourceFromName(q.value(3).toString()).value_or(JobSource::Operator);
    j.requestedBy = q.value(4).toString();
    j.reason = q.value(5).toString();
    j.cycleId = q.value(6).toString();
    j.createdAt = statedb::timeValue(q.value(7));
    j.updatedAt = statedb::timeValue(q.value(8));
    j.notBefore = statedb::timeValue(q.value(9));
    j.startedAt = statedb::timeValue(q.value(10));
    j.finishedAt = statedb::timeValue(q.value(11));
    j.attempts = q.value(12).toInt();
    j.progress = q.value(13).toInt();
    j.step = q.value(14).toString();
    j.message = q.value(15).toString();
    j.runnerPid = q.value(16).toLongLong();
    j.runnerHost = q.value(17).toString();
    j.workerPid = q.value(18).toLongLong();
    j.cancelRequestedBy = q.value(19).toString();
    if (!q.value(20).isNull())
        j.error = Error{static_cast<ErrorCode>(q.value(20).toInt()), q.value(21).toString()};
    if (!q.value(22).isNull())
        j.exitCode = q.value(22).toInt();
    j.stderrTail = q.value(23).toString();
    j.version = q.value(24).toString();
    j.decision = q.value(25).toString();
    j.result = QJsonDocument::fromJson(q.value(26).toByteArray()).object();
    const QJsonObject options = QJsonDocument::fromJson(q.value(27).toByteArray()).object();
    j.asOf = QDateTime::fromString(options.value(QStringLiteral("as_of")).toString(), Qt::ISODate);
    return j;
}

} // namespace

JobQueue::Policy JobQueue::policyFromConfig(const AppConfig &config)
{
    return {config.queue.maxSize, config.queue.maxRetries, config.queue.retryBackoffSeconds,
            config.queue.cooldownHours};
}

JobQueue::JobQueue(StateStore &state, Policy policy, AuditLog *audit)
    : m_state(state), m_policy(policy), m_audit(audit)
{
}

Result<QList<Job>> JobQueue::select(const QString &where, const QVariantList &values,
                                    const QString &tail)
{
    auto q = statedb::exec(
        m_state, QStringLiteral("SELECT %1 FROM training_jobs %2 %3").arg(kColumns, where, tail),
        values);
    if (!q)
        return std::unexpected(q.error());
    QList<Job> out;
    while (q->next())
        out << jobFromRow(*q);
    return out;
}

Status JobQueue::auditJob(const QString &actor, const QString &action, const Job &job,
                          const QString &reason)
{
    if (!m_audit)
        return {};
    QJsonObject after{{QStringLiteral("state"), jobStateName(job.state)},
                      {QStringLiteral("attempts"), job.attempts}};
    if (!job.message.isEmpty())
        after.insert(QStringLiteral("message"), job.message);
    if (!job.version.isEmpty())
        after.insert(QStringLiteral("version"), job.version);
    if (job.error)
        after.insert(QStringLiteral("error"), job.error->toString());
    return m_audit->append({{}, actor, action, job.id, {}, after, reason});
}

Result<Job> JobQueue::enqueue(const JobRequest &request, const QDateTime &nowArg)
{
    const QDateTime now = nowOr(nowArg);
    Job job;
    job.id = QStringLiteral("job_%1_%2")
                 .arg(now.toLocalTime().toString(QStringLiteral("yyyyMMdd_HHmmss")),
                      QUuid::createUuid().toString(QUuid::Id128).left(8));
    job.automatic = request.automatic;
    job.source = request.source;
    job.requestedBy =
        request.requestedBy.isEmpty() ? QStringLiteral("unknown") : request.requestedBy;
    job.reason = request.reason;
    job.cycleId = request.cycleId;
    job.asOf = request.asOf;
    job.createdAt = job.updatedAt = now;
    job.state = JobState::Pending;

    const Status stored = statedb::inTransaction(m_state, [&]() -> Status {
        const auto c = counts();
        if (!c)
            return std::unexpected(c.error());
        if (request.automatic && c->automaticQueuedOrRunning) {
            job.state = JobState::Deferred;
            job.message =
                QStringLiteral("an automatic retraining job is already queued or running");
        } else if (request.automatic && c->lastAutomaticEnqueuedAt.isValid() &&
                   m_policy.cooldownHours > 0 &&
                   now < c->lastAutomaticEnqueuedAt.addSecs(
                             qint64(m_policy.cooldownHours * 3600.0))) {
            job.state = JobState::Deferred;
            job.message =
                QStringLiteral("cooldown: the last automatic job was queued at %1; the next may "
                               "start after %2 "
                               "(queue.cooldown_hours %3)")
                    .arg(c->lastAutomaticEnqueuedAt.toLocalTime().toString(Qt::ISODate),
                         c->lastAutomaticEnqueuedAt.addSecs(qint64(m_policy.cooldownHours * 3600.0))
                             .toLocalTime()
                             .toString(Qt::ISODate))
                    .arg(m_policy.cooldownHours);
        } else if (c->pending + c->running >= m_policy.maxSize) {
            job.state = JobState::Deferred;
            job.message =
                QStringLiteral(
                    "the training queue is full (%1 of queue.max_size %2 jobs queued or running)")
                    .arg(c->pending + c->running)
                    .arg(m_policy.maxSize);
            job.error = Error{ErrorCode::QueueFull, job.message};
        }
        if (job.state == JobState::Deferred)
            job.finishedAt = now;
        const QJsonObject options{
            {QStringLiteral("as_of"),
             job.asOf.isValid() ? QJsonValue(job.asOf.toString(Qt::ISODate)) : QJsonValue()}};
        auto q = statedb::exec(
            m_state,
            QStringLiteral(
                "INSERT INTO training_jobs (id, state, kind, source, requested_by, reason, "
                "cycle_id, created_at, "
                "updated_at, finished_at, message, error_code, error_message, options_json) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {job.id, jobStateName(job.state),
             job.automatic ? QStringLiteral("automatic") : QStringLiteral("manual"),
             jobSourceName(job.source), job.requestedBy, job.reason,
             statedb::textOrNull(job.cycleId), statedb::timeText(now), statedb::timeText(now),
             statedb::timeOrNull(job.finishedAt), statedb::textOrNull(job.message),
             job.error ? QVariant(int(job.error->code)) : nullInt(),
             job.error ? QVariant(job.error->message) : QVariant(QMetaType(QMetaType::QString)),
             QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact))});
        if (!q)
            return std::unexpected(q.error());
        return {};
    });
    if (!stored)
        return std::unexpected(stored.error());
    qCInfo(lcJobs).noquote() << "job" << job.id << jobStateName(job.state) << "requested by"
                             << job.requestedBy
                             << (job.message.isEmpty() ? QString()
                                                       : QStringLiteral("(%1)").arg(job.message));
    if (auto s = auditJob(job.requestedBy, QStringLiteral("job.enqueue"), job, job.reason); !s)
        qCWarning(lcJobs).noquote() << s.error().toString();
    return job;
}

Result<QList<Job>> JobQueue::list(int limit)
{
    return select(
        QString(), {},
        QStringLiteral("ORDER BY created_at DESC, rowid DESC LIMIT %1").arg(std::max(1, limit)));
}

Result<std::optional<Job>> JobQueue::job(const QString &id)
{
    auto jobs = select(QStringLiteral("WHERE id = ?"), {id});
    if (!jobs)
        return std::unexpected(jobs.error());
    if (jobs->isEmpty())
        return std::optional<Job>{};
    return std::optional<Job>(jobs->first());
}

Result<QueueCounts> JobQueue::counts()
{
    auto q = statedb::exec(
        m_state,
        QStringLiteral(
            "SELECT COALESCE(SUM(state = 'PENDING'), 0), COALESCE(SUM(state = 'RUNNING'), 0), "
            "COALESCE(SUM(kind = 'automatic'), 0) FROM training_jobs "
            "WHERE state IN ('PENDING', 'RUNNING')"));
    if (!q)
        return std::unexpected(q.error());
    QueueCounts c;
    if (q->next()) {
        c.pending = q->value(0).toInt();
        c.running = q->value(1).toInt();
        c.automaticQueuedOrRunning = q->value(2).toInt() > 0;
    }
    auto last =
        statedb::exec(m_state, QStringLiteral("SELECT MAX(created_at) FROM training_jobs "
                                              "WHERE kind = 'automatic' AND state <> 'DEFERRED'"));
    if (!last)
        return std::unexpected(last.error());
    if (last->next())
        c.lastAutomaticEnqueuedAt = statedb::timeValue(last->value(0));
    return c;
}

Result<Job> JobQueue::requestCancel(const QString &id, const QString &actor)
{
    auto current = job(id);
    if (!current)
        return std::unexpected(current.error());
    if (!*current)
        return fail(ErrorCode::InvalidData, QStringLiteral("no training job %1").arg(id));
    Job j = **current;
    const QString now = statedb::timeText(QDateTime::currentDateTimeUtc());
    if (j.state == JobState::Pending) {
        auto q = statedb::exec(
            m_state,
            QStringLiteral(
                "UPDATE training_jobs SET state = 'CANCELLED', cancel_requested_by = ?, "
                "finished_at = ?, updated_at = ?, message = ? WHERE id = ? AND state = 'PENDING'"),
            {actor, now, now, QStringLiteral("cancelled by %1 before it started").arg(actor), id});
        if (!q)
            return std::unexpected(q.error());
        if (q->numRowsAffected() != 1)
            return requestCancel(id, actor); // it started meanwhile
    } else if (j.state == JobState::Running) {
        auto q = statedb::exec(
            m_state,
            QStringLiteral("UPDATE training_jobs SET cancel_requested_by = ?, updated_at = ? "
                           "WHERE id = ? AND state = 'RUNNING'"),
            {actor, now, id});
        if (!q)
            return std::unexpected(q.error());
    } else {
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("job %1 is %2; only PENDING and RUNNING jobs can be cancelled")
                        .arg(id, jobStateName(j.state)));
    }
    auto updated = job(id);
    if (!updated)
        return std::unexpected(updated.error());
    j = updated->value_or(j);
    if (auto s =
            auditJob(actor, QStringLiteral("job.cancel"), j, QStringLiteral("cancel requested"));
        !s)
        qCWarning(lcJobs).noquote() << s.error().toString();
    return j;
}

} // namespace routing::jobs
