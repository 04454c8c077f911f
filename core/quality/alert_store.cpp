#include "core/quality/alert_store.h"

#include "core/audit/audit_log.h"
#include "core/quality/state_sql.h"
#include "core/state/state_store.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>

namespace routing::quality {
namespace {

const QString kColumns = QStringLiteral(
    "id, alert_key, code, severity, state, metric, value, threshold, message, raised_at, "
    "raised_cycle, updated_at, last_cycle, acknowledged_by, acknowledged_at, shelved_by, "
    "shelved_until, shelve_reason, cleared_at, cleared_cycle");

Alert readAlert(const QSqlQuery &q)
{
    Alert a;
    a.id = q.value(0).toLongLong();
    a.key = q.value(1).toString();
    a.code = q.value(2).toInt();
    a.severity = severityFromName(q.value(3).toString());
    a.active = q.value(4).toString() == QLatin1String("active");
    a.metric = q.value(5).toString();
    a.value = sql::numberValue(q.value(6));
    a.threshold = sql::numberValue(q.value(7));
    a.message = q.value(8).toString();
    a.raisedAt = sql::timeValue(q.value(9));
    a.raisedCycle = q.value(10).toString();
    a.updatedAt = sql::timeValue(q.value(11));
    a.lastCycle = q.value(12).toString();
    a.acknowledgedBy = q.value(13).toString();
    a.acknowledgedAt = sql::timeValue(q.value(14));
    a.shelvedBy = q.value(15).toString();
    a.shelvedUntil = sql::timeValue(q.value(16));
    a.shelveReason = q.value(17).toString();
    a.clearedAt = sql::timeValue(q.value(18));
    a.clearedCycle = q.value(19).toString();
    return a;
}

QJsonObject auditView(const Alert &a)
{
    QJsonObject o{{QStringLiteral("key"), a.key},
                  {QStringLiteral("severity"), severityName(a.severity)},
                  {QStringLiteral("active"), a.active}};
    if (a.isAcknowledged())
        o.insert(QStringLiteral("acknowledged_by"), a.acknowledgedBy);
    if (a.shelvedUntil.isValid())
        o.insert(QStringLiteral("shelved_until"), sql::timeText(a.shelvedUntil));
    return o;
}

/// Commits on success, rolls back otherwise (one transaction per life-cycle change).
class Transaction
{
public:
    explicit Transaction(StateStore &state)
    {
        auto db = state.connectionForThread();
        if (db) {
            m_db = *db;
            m_open = m_db.transaction();
        }
    }
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    Status commit(const QString &path)
    {
        if (!m_open)
            return fail(ErrorCode::Io,
                        QStringLiteral("state database %1: cannot start a transaction").arg(path));
        m_open = false;
        if (!m_db.commit())
            return fail(ErrorCode::Io,
                        QStringLiteral("state database %1: %2").arg(path, m_db.lastError().text()));
        return {};
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace

AlertStore::AlertStore(StateStore &state, AuditLog *audit) : m_state(state), m_audit(audit) {}

Result<QList<Alert>> AlertStore::select(const QString &where, const QVariantList &values)
{
    auto q =
        sql::exec(m_state, QStringLiteral("SELECT %1 FROM alerts %2").arg(kColumns, where), values);
    if (!q)
        return std::unexpected(q.error());
    QList<Alert> out;
    while (q->next())
        out << readAlert(*q);
    return out;
}

Result<std::optional<Alert>> AlertStore::alert(qint64 id)
{
    auto list = select(QStringLiteral("WHERE id = ?"), {id});
    if (!list)
        return std::unexpected(list.error());
    return list->isEmpty() ? std::nullopt : std::optional(list->first());
}

Result<std::optional<Alert>> AlertStore::activeAlert(const QString &key)
{
    auto list = select(QStringLiteral("WHERE alert_key = ? AND state = 'active'"), {key});
    if (!list)
        return std::unexpected(list.error());
    return list->isEmpty() ? std::nullopt : std::optional(list->first());
}

Result<QList<Alert>> AlertStore::activeAlerts()
{
    return select(QStringLiteral("WHERE state = 'active' ORDER BY id"), {});
}

Result<QList<Alert>> AlertStore::recentAlerts(int limit)
{
    return select(QStringLiteral("ORDER BY id DESC LIMIT ?"), {limit});
}

Status AlertStore::addJournal(qint64 alertId, const QDateTime &at, const QString &event,
                              const QString &actor, Severity severity, std::optional<double> value,
                              const QString &cycleId, const QString &detail)
{
    auto q =
        sql::exec(m_state,
                  QStringLiteral("INSERT INTO alert_journal (alert_id, at, event, actor, severity, "
                                 "value, cycle_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                  {alertId, sql::timeText(at), event, actor, severityName(severity),
                   sql::optionalNumber(value), sql::textOrNull(cycleId), sql::textOrNull(detail)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<AlertEvent> AlertStore::raise(const AlertSpec &spec, const QString &cycleId,
                                     const QDateTime &now)
{
    Transaction tx(m_state);
    auto existing = activeAlert(spec.key);
    if (!existing)
        return std::unexpected(existing.error());
    AlertEvent event;
    if (!*existing) {
        auto q = sql::exec(
            m_state,
            QStringLiteral(
                "INSERT INTO alerts (alert_key, code, severity, state, metric, value, threshold, "
                "message, raised_at, raised_cycle, updated_at, last_cycle) "
                "VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?)"),
            {spec.key, spec.code, severityName(spec.severity), sql::textOrNull(spec.metric),
             sql::optionalNumber(spec.value), sql::optionalNumber(spec.threshold), spec.message,
             sql::timeText(now), sql::textOrNull(cycleId), sql::timeText(now),
             sql::textOrNull(cycleId)});
        if (!q)
            return std::unexpected(q.error());
        const qint64 id = q->lastInsertId().toLongLong();
        if (auto s = addJournal(id, now, QStringLiteral("raised"), QStringLiteral("system"),
                                spec.severity, spec.value, cycleId, spec.message);
            !s)
            return std::unexpected(s.error());
        event.change = QStringLiteral("raised");
    } else {
        const Alert &old = **existing;
        const bool escalated = spec.severity > old.severity;
        const bool deescalated = spec.severity < old.severity;
        // An escalation is a new condition: it needs a new acknowledgement (ISA-18.2).
        auto q = sql::exec(
            m_state,
            QStringLiteral(
                "UPDATE alerts SET code = ?, severity = ?, metric = ?, value = ?, threshold = ?, "
                "message = ?, updated_at = ?, last_cycle = ?%1 WHERE id = ?")
                .arg(escalated ? QStringLiteral(", acknowledged_by = NULL, acknowledged_at = NULL")
                               : QString()),
            {spec.code, severityName(spec.severity), sql::textOrNull(spec.metric),
             sql::optionalNumber(spec.value), sql::optionalNumber(spec.threshold), spec.message,
             sql::timeText(now), sql::textOrNull(cycleId), old.id});
        if (!q)
            return std::unexpected(q.error());
        event.change = escalated     ? QStringLiteral("escalated")
                       : deescalated ? QStringLiteral("deescalated")
                                     : QStringLiteral("unchanged");
        if (escalated || deescalated) {
            if (auto s = addJournal(old.id, now, event.change, QStringLiteral("system"),
                                    spec.severity, spec.value, cycleId, spec.message);
                !s)
                return std::unexpected(s.error());
        }
    }
    if (auto s = tx.commit(m_state.path()); !s)
        return std::unexpected(s.error());
    auto now_ = activeAlert(spec.key);
    if (!now_)
        return std::unexpected(now_.error());
    if (!*now_)
        return fail(ErrorCode::Internal,
                    QStringLiteral("alert %1 vanished after it was raised").arg(spec.key));
    event.alert = **now_;
    return event;
}

Result<std::optional<AlertEvent>> AlertStore::clear(const QString &key, const QString &cycleId,
                                                    const QDateTime &now, const QString &detail)
{
    Transaction tx(m_state);
    auto existing = activeAlert(key);
    if (!existing)
        return std::unexpected(existing.error());
    if (!*existing)
        return std::optional<AlertEvent>();
    Alert a = **existing;
    auto q = sql::exec(
        m_state,
        QStringLiteral("UPDATE alerts SET state = 'cleared', cleared_at = ?, cleared_cycle = ?, "
                       "updated_at = ? WHERE id = ?"),
        {sql::timeText(now), sql::textOrNull(cycleId), sql::timeText(now), a.id});
    if (!q)
        return std::unexpected(q.error());
    if (auto s = addJournal(a.id, now, QStringLiteral("cleared"), QStringLiteral("system"),
                            a.severity, a.value, cycleId, detail);
        !s)
        return std::unexpected(s.error());
    if (auto s = tx.commit(m_state.path()); !s)
        return std::unexpected(s.error());
    a.active = false;
    a.clearedAt = now;
    a.clearedCycle = cycleId;
    return std::optional(AlertEvent{a, QStringLiteral("cleared")});
}

Status AlertStore::audit(const QString &actor, const QString &action, const Alert &before,
                         const Alert &after, const QString &reason)
{
    if (!m_audit)
        return {};
    return m_audit->append(AuditEntry{QDateTime(), actor, action,
                                      QStringLiteral("alert:%1 %2").arg(after.id).arg(after.key),
                                      auditView(before), auditView(after), reason});
}

Status AlertStore::acknowledge(qint64 id, const QString &actor, const QDateTime &now,
                               const QString &note)
{
    auto found = alert(id);
    if (!found)
        return std::unexpected(found.error());
    if (!*found || !(*found)->active)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("alert %1 is not active; nothing to acknowledge").arg(id));
    const Alert before = **found;
    if (before.isAcknowledged())
        return {}; // idempotent: the first acknowledgement stands
    if (actor.trimmed().isEmpty())
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("an acknowledgement needs the name of who acknowledges"));
    Transaction tx(m_state);
    auto q = sql::exec(
        m_state,
        QStringLiteral("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, updated_at = ? "
                       "WHERE id = ?"),
        {actor, sql::timeText(now), sql::timeText(now), id});
    if (!q)
        return std::unexpected(q.error());
    if (auto s = addJournal(id, now, QStringLiteral("acknowledged"), actor, before.severity,
                            before.value, {}, note);
        !s)
        return s;
    if (auto s = tx.commit(m_state.path()); !s)
        return s;
    Alert after = before;
    after.acknowledgedBy = actor;
    after.acknowledgedAt = now;
    return audit(actor, QStringLiteral("alert.acknowledge"), before, after, note);
}

Status AlertStore::shelve(qint64 id, const QString &actor, const QDateTime &until,
                          const QString &reason, const QDateTime &now)
{
    auto found = alert(id);
    if (!found)
        return std::unexpected(found.error());
    if (!*found || !(*found)->active)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("alert %1 is not active; nothing to shelve").arg(id));
    if (!until.isValid() || until <= now)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("shelve alert %1: the end time must lie in the future").arg(id));
    if (actor.trimmed().isEmpty())
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("shelving needs the name of who shelves"));
    const Alert before = **found;
    Transaction tx(m_state);
    auto q = sql::exec(
        m_state,
        QStringLiteral("UPDATE alerts SET shelved_by = ?, shelved_until = ?, shelve_reason = ?, "
                       "updated_at = ? WHERE id = ?"),
        {actor, sql::timeText(until), sql::textOrNull(reason), sql::timeText(now), id});
    if (!q)
        return std::unexpected(q.error());
    if (auto s =
            addJournal(id, now, QStringLiteral("shelved"), actor, before.severity, before.value, {},
                       QStringLiteral("until %1%2")
                           .arg(sql::timeText(until),
                                reason.isEmpty() ? QString() : QStringLiteral(": ") + reason));
        !s)
        return s;
    if (auto s = tx.commit(m_state.path()); !s)
        return s;
    Alert after = before;
    after.shelvedBy = actor;
    after.shelvedUntil = until;
    return audit(actor, QStringLiteral("alert.shelve"), before, after, reason);
}

Status AlertStore::unshelve(qint64 id, const QString &actor, const QDateTime &now)
{
    auto found = alert(id);
    if (!found)
        return std::unexpected(found.error());
    if (!*found || !(*found)->shelvedUntil.isValid())
        return fail(ErrorCode::InvalidData, QStringLiteral("alert %1 is not shelved").arg(id));
    const Alert before = **found;
    Transaction tx(m_state);
    auto q = sql::exec(
        m_state,
        QStringLiteral(
            "UPDATE alerts SET shelved_by = NULL, shelved_until = NULL, shelve_reason = NULL, "
            "updated_at = ? WHERE id = ?"),
        {sql::timeText(now), id});
    if (!q)
        return std::unexpected(q.error());
    if (auto s = addJournal(id, now, QStringLiteral("unshelved"), actor, before.severity,
                            before.value, {}, {});
        !s)
        return s;
    if (auto s = tx.commit(m_state.path()); !s)
        return s;
    Alert after = before;
    after.shelvedUntil = QDateTime();
    return audit(actor, QStringLiteral("alert.unshelve"), before, after, {});
}

Result<int> AlertStore::expireShelving(const QDateTime &now)
{
    auto due = select(QStringLiteral("WHERE shelved_until IS NOT NULL AND shelved_until <= ?"),
                      {sql::timeText(now)});
    if (!due)
        return std::unexpected(due.error());
    for (const Alert &a : *due) {
        Transaction tx(m_state);
        auto q =
            sql::exec(m_state,
                      QStringLiteral("UPDATE alerts SET shelved_by = NULL, shelved_until = NULL, "
                                     "shelve_reason = NULL, updated_at = ? WHERE id = ?"),
                      {sql::timeText(now), a.id});
        if (!q)
            return std::unexpected(q.error());
        if (auto s = addJournal(a.id, now, QStringLiteral("unshelved"), QStringLiteral("system"),
                                a.severity, a.value, {},
                                QStringLiteral("shelving by %1 expired").arg(a.shelvedBy));
            !s)
            return std::unexpected(s.error());
        if (auto s = tx.commit(m_state.path()); !s)
            return std::unexpected(s.error());
    }
    return int(due->size());
}

Result<QList<AlertJournalEntry>> AlertStore::journal(qint64 alertId)
{
    auto q = sql::exec(
        m_state,
        QStringLiteral("SELECT id, alert_id, at, event, actor, severity, value, cycle_id, detail "
                       "FROM alert_journal WHERE alert_id = ? ORDER BY id"),
        {alertId});
    if (!q)
        return std::unexpected(q.error());
    QList<AlertJournalEntry> out;
    while (q->next()) {
        AlertJournalEntry e;
        e.id = q->value(0).toLongLong();
        e.alertId = q->value(1).toLongLong();
        e.at = sql::timeValue(q->value(2));
        e.event = q->value(3).toString();
        e.actor = q->value(4).toString();
        e.severity = severityFromName(q->value(5).toString());
        e.value = sql::numberValue(q->value(6));
        e.cycleId = q->value(7).toString();
        e.detail = q->value(8).toString();
        out << e;
    }
    return out;
}

} // namespace routing::quality
