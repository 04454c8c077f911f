#pragma once

#include "core/common/error.h"
#include "core/quality/threshold_evaluator.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace routing {
class AuditLog;
class StateStore;
} // namespace routing

namespace routing::quality {

/// An alert as kept in the state database (ISA-18.2 style): raised → acknowledged → cleared,
/// optionally shelved until a time. At most one active alert per key.
struct Alert
{
    qint64 id = 0;
    QString key;  ///< e.g. "quality.mae_minutes", "quality.cycle_failed", "retrain.queue_full"
    int code = 0; ///< the manual's code (3001, 3002, 1001, 1003) or 0
    Severity severity = Severity::Info;
    bool active = true;
    QString metric;
    std::optional<double> value;
    std::optional<double> threshold;
    QString message;
    QDateTime raisedAt;
    QString raisedCycle;
    QDateTime updatedAt;
    QString lastCycle;
    QString acknowledgedBy;
    QDateTime acknowledgedAt;
    QString shelvedBy;
    QDateTime shelvedUntil;
    QString shelveReason;
    QDateTime clearedAt;
    QString clearedCycle;

    bool isAcknowledged() const { return acknowledgedAt.isValid(); }
    bool isShelved(const QDateTime &now) const
    {
        return shelvedUntil.isValid() && shelvedUntil > now;
    }
};

/// What a cycle wants an alert to say.
struct AlertSpec
{
    QString key;
    Severity severity = Severity::Info;
    int code = 0;
    QString metric;
    std::optional<double> value;
    std::optional<double> threshold;
    QString message;
};

/// One entry of an alert's journal (every change is journalled).
struct AlertJournalEntry
{
    qint64 id = 0;
    qint64 alertId = 0;
    QDateTime at;
    QString event; ///< raised, escalated, deescalated, acknowledged, shelved, unshelved, cleared
    QString actor; ///< "system" for the evaluation loop, else the operator
    Severity severity = Severity::Info;
    std::optional<double> value;
    QString cycleId;
    QString detail;
};

/// The outcome of raise()/clear() for reports: what changed.
struct AlertEvent
{
    Alert alert;
    QString change; ///< raised, escalated, deescalated, unchanged, cleared
};

/// Alert life cycle in the console's state database (tables `alerts`, `alert_journal`).
/// Operator actions (acknowledge, shelve, unshelve) also go to the audit log when one is given.
/// Use from one thread per StateStore connection (the store hands each thread its own).
class AlertStore final
{
public:
    explicit AlertStore(StateStore &state, AuditLog *audit = nullptr);

    /// Raises the alert, or updates the active one with the same key (value, message, cycle).
    /// A severity change is journalled; an escalation needs a new acknowledgement.
    Result<AlertEvent> raise(const AlertSpec &spec, const QString &cycleId, const QDateTime &now);
    /// Clears the active alert with this key, if any.
    Result<std::optional<AlertEvent>> clear(const QString &key, const QString &cycleId,
                                            const QDateTime &now, const QString &detail = {});

    Status acknowledge(qint64 id, const QString &actor, const QDateTime &now,
                       const QString &note = {});
    /// Hides an active alert from notification and from automatic retraining until `until`.
    Status shelve(qint64 id, const QString &actor, const QDateTime &until, const QString &reason,
                  const QDateTime &now);
    Status unshelve(qint64 id, const QString &actor, const QDateTime &now);
    /// Journals and ends the shelving of alerts whose time ran out; returns how many.
    Result<int> expireShelving(const QDateTime &now);

    Result<std::optional<Alert>> alert(qint64 id);
    Result<std::optional<Alert>> activeAlert(const QString &key);
    Result<QList<Alert>> activeAlerts();
    /// Newest first, active and cleared.
    Result<QList<Alert>> recentAlerts(int limit = 100);
    Result<QList<AlertJournalEntry>> journal(qint64 alertId);

private:
    Status addJournal(qint64 alertId, const QDateTime &at, const QString &event,
                      const QString &actor, Severity severity, std::optional<double> value,
                      const QString &cycleId, const QString &detail);
    Result<QList<Alert>> select(const QString &where, const QVariantList &values);
    Status audit(const QString &actor, const QString &action, const Alert &before,
                 const Alert &after, const QString &reason);

    StateStore &m_state;
    AuditLog *m_audit;
};

} // namespace routing::quality
