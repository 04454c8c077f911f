#include "core/quality/retraining_trigger.h"

#include "core/quality/alert_store.h"
#include "core/quality/state_sql.h"
#include "core/state/state_store.h"

#include <QUuid>

namespace routing::quality {

RetrainingRequestSink::~RetrainingRequestSink() = default;

QString decisionName(RetrainingDecisionKind kind)
{
    switch (kind) {
    case RetrainingDecisionKind::Enqueued:
        return QStringLiteral("enqueued");
    case RetrainingDecisionKind::Disabled:
        return QStringLiteral("disabled");
    case RetrainingDecisionKind::Paused:
        return QStringLiteral("paused");
    case RetrainingDecisionKind::Duplicate:
        return QStringLiteral("duplicate");
    case RetrainingDecisionKind::Cooldown:
        return QStringLiteral("cooldown");
    case RetrainingDecisionKind::QueueFull:
        return QStringLiteral("queue_full");
    case RetrainingDecisionKind::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

Result<RetrainingQueueState> RecordedRetrainingQueue::queueState()
{
    auto q = sql::exec(
        m_state,
        QStringLiteral(
            "SELECT COUNT(*), COALESCE(SUM(kind = 'automatic'), 0) FROM retraining_requests "
            "WHERE decision = 'enqueued' AND job_state IN ('queued', 'running')"));
    if (!q)
        return std::unexpected(q.error());
    RetrainingQueueState s;
    if (q->next()) {
        s.queuedOrRunning = q->value(0).toInt();
        s.automaticQueuedOrRunning = q->value(1).toInt() > 0;
    }
    auto last =
        sql::exec(m_state, QStringLiteral("SELECT MAX(requested_at) FROM retraining_requests "
                                          "WHERE decision = 'enqueued' AND kind = 'automatic'"));
    if (!last)
        return std::unexpected(last.error());
    if (last->next())
        s.lastAutomaticEnqueuedAt = sql::timeValue(last->value(0));
    return s;
}

Result<QString> RecordedRetrainingQueue::enqueue(const RetrainingRequest &request)
{
    // The row itself is written by the trigger with job_state 'queued'; the id only has to be
    // unique.
    return QStringLiteral("retrain_%1_%2")
        .arg(request.requestedAt.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")),
             QUuid::createUuid().toString(QUuid::Id128).left(8));
}

Status RecordedRetrainingQueue::setJobState(const QString &jobId, const QString &state)
{
    if (state != QLatin1String("queued") && state != QLatin1String("running") &&
        state != QLatin1String("finished"))
        return fail(ErrorCode::InvalidData, QStringLiteral("unknown job state %1").arg(state));
    auto q = sql::exec(
        m_state, QStringLiteral("UPDATE retraining_requests SET job_state = ? WHERE job_id = ?"),
        {state, jobId});
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::InvalidData, QStringLiteral("no retraining job %1").arg(jobId));
    return {};
}

RetrainingTrigger::RetrainingTrigger(StateStore &state, RetrainingRequestSink &sink,
                                     const AppConfig &config, AlertStore *alerts)
    : m_state(state), m_sink(sink), m_autoRetrain(config.alerts.autoRetrain),
      m_maxSize(config.queue.maxSize), m_cooldownHours(config.queue.cooldownHours), m_alerts(alerts)
{
}

Result<bool> RetrainingTrigger::isPaused(StateStore &state)
{
    auto v = state.value(QString::fromLatin1(kPausedSetting), QStringLiteral("false"));
    if (!v)
        return std::unexpected(v.error());
    return *v == QLatin1String("true");
}

Status RetrainingTrigger::setPaused(StateStore &state, bool paused)
{
    return state.setValue(QString::fromLatin1(kPausedSetting),
                          paused ? QStringLiteral("true") : QStringLiteral("false"));
}

Result<qint64> RetrainingTrigger::record(const RetrainingRequest &request,
                                         const RetrainingDecision &decision)
{
    // job_state is the interim queue's bookkeeping; a real queue (the jobs issue) keeps its own.
    const bool enqueued = decision.kind == RetrainingDecisionKind::Enqueued &&
                          dynamic_cast<RecordedRetrainingQueue *>(&m_sink) != nullptr;
    auto q = sql::exec(
        m_state,
        QStringLiteral(
            "INSERT INTO retraining_requests (requested_at, cycle_id, kind, requested_by, "
            "reason, decision, detail, job_id, job_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {sql::timeText(request.requestedAt), sql::textOrNull(request.cycleId),
         request.automatic ? QStringLiteral("automatic") : QStringLiteral("manual"),
         request.requestedBy, request.reason, decisionName(decision.kind),
         sql::textOrNull(decision.detail), sql::textOrNull(decision.jobId),
         enqueued ? QVariant(QStringLiteral("queued")) : QVariant(QMetaType(QMetaType::QString))});
    if (!q)
        return std::unexpected(q.error());
    return q->lastInsertId().toLongLong();
}

Result<RetrainingDecision> RetrainingTrigger::request(const RetrainingRequest &input)
{
    RetrainingRequest request = input;
    if (!request.requestedAt.isValid())
        request.requestedAt = QDateTime::currentDateTimeUtc();
    RetrainingDecision d;
    d.reason = request.reason;

    auto decide = [&]() -> Status {
        if (request.automatic) {
            if (!m_autoRetrain) {
                d.kind = RetrainingDecisionKind::Disabled;
                d.detail =
                    QStringLiteral("automatic retraining is off (alerts.auto_retrain: false)");
                return {};
            }
            auto paused = isPaused(m_state);
            if (!paused)
                return std::unexpected(paused.error());
            if (*paused) {
                d.kind = RetrainingDecisionKind::Paused;
                d.detail = QStringLiteral("automatic retraining is paused by the operator");
                return {};
            }
        }
        auto queue = m_sink.queueState();
        if (!queue)
            return std::unexpected(queue.error());
        if (request.automatic && queue->automaticQueuedOrRunning) {
            d.kind = RetrainingDecisionKind::Duplicate;
            d.detail = QStringLiteral("an automatic retraining job is already queued or running");
            return {};
        }
        if (request.automatic && queue->lastAutomaticEnqueuedAt.isValid() && m_cooldownHours > 0) {
            const QDateTime until =
                queue->lastAutomaticEnqueuedAt.addMSecs(qint64(m_cooldownHours * 3600.0 * 1000.0));
            if (request.requestedAt < until) {
                d.kind = RetrainingDecisionKind::Cooldown;
                d.cooldownUntil = until;
                d.detail =
                    QStringLiteral(
                        "cooldown: the last automatic retraining was queued at %1; the next one "
                        "may start after %2 (queue.cooldown_hours %3)")
                        .arg(sql::timeText(queue->lastAutomaticEnqueuedAt), sql::timeText(until))
                        .arg(m_cooldownHours);
                return {};
            }
        }
        if (queue->queuedOrRunning >= m_maxSize) {
            d.kind = RetrainingDecisionKind::QueueFull;
            d.detail =
                QStringLiteral(
                    "the retraining queue is full (%1 of queue.max_size %2 jobs queued or running)")
                    .arg(queue->queuedOrRunning)
                    .arg(m_maxSize);
            d.error = Error{ErrorCode::QueueFull, d.detail};
            return {};
        }
        auto job = m_sink.enqueue(request);
        if (!job) {
            // The queue checks capacity again in its own transaction (another console may have
            // been quicker): a full queue there is the same decision as a full queue here.
            d.kind = job.error().code == ErrorCode::QueueFull ? RetrainingDecisionKind::QueueFull
                                                              : RetrainingDecisionKind::Failed;
            d.detail = job.error().toString();
            d.error = job.error();
            return {};
        }
        d.kind = RetrainingDecisionKind::Enqueued;
        d.jobId = *job;
        d.detail = QStringLiteral("retraining job %1 queued").arg(*job);
        return {};
    };
    if (auto s = decide(); !s)
        return std::unexpected(s.error());
    auto id = record(request, d);
    if (!id)
        return std::unexpected(id.error());
    d.requestId = *id;

    if (m_alerts) {
        const QString key = QStringLiteral("retrain.queue_full");
        if (d.kind == RetrainingDecisionKind::QueueFull) {
            auto raised = m_alerts->raise({key, Severity::Warning, int(ErrorCode::QueueFull),
                                           QString(), std::nullopt, double(m_maxSize), d.detail},
                                          request.cycleId, request.requestedAt);
            if (!raised)
                return std::unexpected(raised.error());
        } else if (d.kind == RetrainingDecisionKind::Enqueued) {
            auto cleared = m_alerts->clear(key, request.cycleId, request.requestedAt,
                                           QStringLiteral("a retraining job was queued"));
            if (!cleared)
                return std::unexpected(cleared.error());
        }
    }
    return d;
}

} // namespace routing::quality
