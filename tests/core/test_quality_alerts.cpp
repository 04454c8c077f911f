#include "core/audit/audit_log.h"
#include "core/quality/alert_store.h"
#include "core/quality/retraining_trigger.h"
#include "core/state/state_store.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;
using namespace routing::quality;

namespace {

const QDateTime t0 = QDateTime(QDate(2025, 6, 1), QTime(2, 0), Qt::UTC);

AlertSpec maeSpec(Severity severity, double value)
{
    return {QStringLiteral("quality.mae_minutes"),
            severity,
            severity == Severity::Critical ? 3001 : 0,
            QStringLiteral("mae_minutes"),
            value,
            severity == Severity::Critical ? 10.0 : 5.0,
            QStringLiteral("MAE %1").arg(value)};
}

QStringList events(AlertStore &store, qint64 id)
{
    QStringList out;
    const QList<AlertJournalEntry> journal = store.journal(id).value();
    for (const AlertJournalEntry &e : journal)
        out << e.event + u'/' + e.actor;
    return out;
}

/// A queue that another console filled between the trigger's check and its enqueue.
class RacedQueue final : public RetrainingRequestSink
{
public:
    Result<RetrainingQueueState> queueState() override { return RetrainingQueueState{}; }
    Result<QString> enqueue(const RetrainingRequest &) override
    {
        return fail(ErrorCode::QueueFull, QStringLiteral("3 of 3 jobs queued or running"));
    }
};

} // namespace

class TestQualityAlerts final : public QObject
{
    Q_OBJECT
private slots:
    void lifeCycleIsJournalled()
    {
        QTemporaryDir dir;
        StateStore state(dir.filePath(QStringLiteral("state.db")));
        QVERIFY(state.open());
        AuditLog audit(dir.filePath(QStringLiteral("audit.jsonl")));
        AlertStore store(state, &audit);

        const auto raised = store.raise(maeSpec(Severity::Warning, 6.0), QStringLiteral("c1"), t0);
        QVERIFY(raised);
        QCOMPARE(raised->change, QStringLiteral("raised"));
        const qint64 id = raised->alert.id;
        QCOMPARE(raised->alert.severity, Severity::Warning);
        QCOMPARE(raised->alert.raisedCycle, QStringLiteral("c1"));

        // Same severity again: the row is updated, nothing journalled.
        const auto same =
            store.raise(maeSpec(Severity::Warning, 7.0), QStringLiteral("c2"), t0.addSecs(60));
        QCOMPARE(same->change, QStringLiteral("unchanged"));
        QCOMPARE(same->alert.id, id);
        QCOMPARE(*same->alert.value, 7.0);
        QCOMPARE(same->alert.lastCycle, QStringLiteral("c2"));

        QVERIFY(store.acknowledge(id, QStringLiteral("kim"), t0.addSecs(120),
                                  QStringLiteral("looking")));
        auto acked = store.alert(id).value();
        QCOMPARE(acked->acknowledgedBy, QStringLiteral("kim"));
        QCOMPARE(acked->acknowledgedAt, t0.addSecs(120));

        // Escalation: a new condition, the acknowledgement is reset and the code set.
        const auto up =
            store.raise(maeSpec(Severity::Critical, 12.0), QStringLiteral("c3"), t0.addSecs(180));
        QCOMPARE(up->change, QStringLiteral("escalated"));
        QCOMPARE(up->alert.code, 3001);
        QVERIFY(!up->alert.isAcknowledged());

        QVERIFY(store.shelve(id, QStringLiteral("lee"), t0.addSecs(3600),
                             QStringLiteral("retraining by hand"), t0.addSecs(200)));
        QVERIFY(store.alert(id).value()->isShelved(t0.addSecs(3000)));
        QVERIFY(!store.alert(id).value()->isShelved(t0.addSecs(3601)));
        QCOMPARE(store.expireShelving(t0.addSecs(1000)).value(), 0);
        QCOMPARE(store.expireShelving(t0.addSecs(3600)).value(), 1);
        QVERIFY(!store.alert(id).value()->shelvedUntil.isValid());

        const auto cleared =
            store.clear(QStringLiteral("quality.mae_minutes"), QStringLiteral("c4"),
                        t0.addSecs(4000), QStringLiteral("below 4.5"));
        QVERIFY(cleared && *cleared);
        QVERIFY(!store.activeAlert(QStringLiteral("quality.mae_minutes")).value());
        const auto after = store.alert(id).value();
        QVERIFY(!after->active);
        QCOMPARE(after->clearedCycle, QStringLiteral("c4"));
        // Clearing again: nothing to clear.
        QVERIFY(!*store.clear(QStringLiteral("quality.mae_minutes"), QStringLiteral("c5"), t0, {}));

        QCOMPARE(
            events(store, id),
            (QStringList{QStringLiteral("raised/system"), QStringLiteral("acknowledged/kim"),
                         QStringLiteral("escalated/system"), QStringLiteral("shelved/lee"),
                         QStringLiteral("unshelved/system"), QStringLiteral("cleared/system")}));

        // Operator actions are in the audit log with who, what and why.
        const auto entries = audit.readAll().value();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].action, QStringLiteral("alert.acknowledge"));
        QCOMPARE(entries[0].actor, QStringLiteral("kim"));
        QCOMPARE(entries[1].action, QStringLiteral("alert.shelve"));
        QCOMPARE(entries[1].reason, QStringLiteral("retraining by hand"));

        // A new breach after clearing is a new alert.
        const auto again =
            store.raise(maeSpec(Severity::Warning, 5.5), QStringLiteral("c6"), t0.addSecs(5000));
        QCOMPARE(again->change, QStringLiteral("raised"));
        QVERIFY(again->alert.id != id);
    }

    void refusesWhatDoesNotApply()
    {
        QTemporaryDir dir;
        StateStore state(dir.filePath(QStringLiteral("state.db")));
        QVERIFY(state.open());
        AlertStore store(state);
        const qint64 id = store.raise(maeSpec(Severity::Warning, 6.0), {}, t0)->alert.id;
        QVERIFY(!store.acknowledge(id, QStringLiteral("  "), t0));
        QVERIFY(!store.shelve(id, QStringLiteral("kim"), t0.addSecs(-1), {}, t0)); // in the past
        QVERIFY(!store.unshelve(id, QStringLiteral("kim"), t0));                   // not shelved
        QVERIFY(store.clear(QStringLiteral("quality.mae_minutes"), {}, t0, {}));
        const auto ack = store.acknowledge(id, QStringLiteral("kim"), t0);
        QVERIFY(!ack);
        QVERIFY(ack.error().message.contains(QStringLiteral("not active")));
        QVERIFY(!store.acknowledge(999, QStringLiteral("kim"), t0));
    }

    void theDatabaseAllowsOneActiveAlertPerKey()
    {
        QTemporaryDir dir;
        StateStore state(dir.filePath(QStringLiteral("state.db")));
        QVERIFY(state.open());
        AlertStore store(state);
        QVERIFY(store.raise(maeSpec(Severity::Warning, 6.0), {}, t0));
        QSqlQuery q(state.connectionForThread().value());
        QVERIFY(!q.exec(QStringLiteral(
            "INSERT INTO alerts (alert_key, severity, state, message, raised_at, updated_at) "
            "VALUES ('quality.mae_minutes', 'warning', 'active', 'x', 'now', 'now')")));
    }

    void retrainingDecisions()
    {
        QTemporaryDir dir;
        StateStore state(dir.filePath(QStringLiteral("state.db")));
        QVERIFY(state.open());
        AlertStore alerts(state);
        RecordedRetrainingQueue queue(state);
        AppConfig config;
        config.queue.maxSize = 2;
        config.queue.cooldownHours = 24;
        RetrainingTrigger trigger(state, queue, config, &alerts);
        const auto automatic = [&](const QDateTime &at) {
            return trigger
                .request({QStringLiteral("c"), true, QStringLiteral("quality-loop"),
                          QStringLiteral("MAE critical"), at, {}})
                .value();
        };
        const auto manual = [&](const QDateTime &at) {
            return trigger
                .request({{}, false, QStringLiteral("kim"), QStringLiteral("new material"), at, {}})
                .value();
        };

        const RetrainingDecision first = automatic(t0);
        QCOMPARE(first.kind, RetrainingDecisionKind::Enqueued);
        QVERIFY(!first.jobId.isEmpty());
        // De-duplication: no second automatic job while one is queued …
        QCOMPARE(automatic(t0.addSecs(3600)).kind, RetrainingDecisionKind::Duplicate);
        // … or running.
        QVERIFY(queue.setJobState(first.jobId, QStringLiteral("running")));
        QCOMPARE(automatic(t0.addSecs(7200)).kind, RetrainingDecisionKind::Duplicate);
        QVERIFY(queue.setJobState(first.jobId, QStringLiteral("finished")));
        // Cooldown: 24 h after the last automatic job.
        const RetrainingDecision cool = automatic(t0.addSecs(23 * 3600));
        QCOMPARE(cool.kind, RetrainingDecisionKind::Cooldown);
        QCOMPARE(cool.cooldownUntil, t0.addSecs(24 * 3600));
        // An operator is not held by the cooldown; capacity (2) still counts.
        const RetrainingDecision m1 = manual(t0.addSecs(23 * 3600));
        QCOMPARE(m1.kind, RetrainingDecisionKind::Enqueued);
        const RetrainingDecision m2 = manual(t0.addSecs(23 * 3600 + 1));
        QCOMPARE(m2.kind, RetrainingDecisionKind::Enqueued);
        const RetrainingDecision full = manual(t0.addSecs(23 * 3600 + 2));
        QCOMPARE(full.kind, RetrainingDecisionKind::QueueFull);
        QVERIFY(full.error);
        QCOMPARE(full.error->code, ErrorCode::QueueFull);
        // The cooldown is over, but the queue is full: 1003 and an alert.
        const RetrainingDecision fullAuto = automatic(t0.addSecs(25 * 3600));
        QCOMPARE(fullAuto.kind, RetrainingDecisionKind::QueueFull);
        const auto queueAlert = alerts.activeAlert(QStringLiteral("retrain.queue_full")).value();
        QVERIFY(queueAlert);
        QCOMPARE(queueAlert->code, 1003);
        // Room again: the next request is queued and the queue-full alert clears.
        QVERIFY(queue.setJobState(m1.jobId, QStringLiteral("finished")));
        QCOMPARE(automatic(t0.addSecs(26 * 3600)).kind, RetrainingDecisionKind::Enqueued);
        QVERIFY(!alerts.activeAlert(QStringLiteral("retrain.queue_full")).value());

        // The pause switch stops automatic requests only.
        QVERIFY(RetrainingTrigger::setPaused(state, true));
        QVERIFY(RetrainingTrigger::isPaused(state).value());
        QCOMPARE(automatic(t0.addSecs(60 * 3600)).kind, RetrainingDecisionKind::Paused);
        QVERIFY(RetrainingTrigger::setPaused(state, false));
        QCOMPARE(automatic(t0.addSecs(60 * 3600)).kind, RetrainingDecisionKind::Duplicate);

        // Every decision is on record, refusals included.
        QSqlQuery q(state.connectionForThread().value());
        QVERIFY(q.exec(QStringLiteral("SELECT decision FROM retraining_requests ORDER BY id")));
        QStringList decisions;
        while (q.next())
            decisions << q.value(0).toString();
        QCOMPARE(decisions, (QStringList{QStringLiteral("enqueued"), QStringLiteral("duplicate"),
                                         QStringLiteral("duplicate"), QStringLiteral("cooldown"),
                                         QStringLiteral("enqueued"), QStringLiteral("enqueued"),
                                         QStringLiteral("queue_full"), QStringLiteral("queue_full"),
                                         QStringLiteral("enqueued"), QStringLiteral("paused"),
                                         QStringLiteral("duplicate")}));

        // The queue's own capacity check wins a race: still a queue-full decision, with the alert.
        RacedQueue raced;
        AlertStore racedAlerts(state);
        QVERIFY(alerts.clear(QStringLiteral("retrain.queue_full"), {}, t0, {}));
        RetrainingTrigger racing(state, raced, config, &racedAlerts);
        const RetrainingDecision lost =
            racing
                .request({QStringLiteral("c"), true, QStringLiteral("quality-loop"),
                          QStringLiteral("x"), t0.addSecs(100 * 3600), {}})
                .value();
        QCOMPARE(lost.kind, RetrainingDecisionKind::QueueFull);
        QCOMPARE(lost.error->code, ErrorCode::QueueFull);
        QVERIFY(racedAlerts.activeAlert(QStringLiteral("retrain.queue_full")).value());

        // Automatic retraining switched off in the configuration.
        config.alerts.autoRetrain = false;
        RetrainingTrigger off(state, queue, config);
        QCOMPARE(off.request({QStringLiteral("c"), true, QStringLiteral("quality-loop"),
                              QStringLiteral("x"), t0, {}})
                     .value()
                     .kind,
                 RetrainingDecisionKind::Disabled);
    }
};

QTEST_GUILESS_MAIN(TestQualityAlerts)
#include "test_quality_alerts.moc"
