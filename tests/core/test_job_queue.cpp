// The training queue in a real state database: capacity, cooldown, retries with backoff, order,
// recovery of jobs whose console died, and the quality loop's trigger feeding it. The runner and
// its child processes: test_job_runner.cpp.

#include "tests/core/job_test_fixture.h"

#include "core/jobs/job_queue_sink.h"
#include "core/quality/retraining_trigger.h"

#include <QSqlQuery>

using namespace jobtest;

class TestJobQueue final : public QObject
{
    Q_OBJECT

private slots:
    void capacityDefersAndCancelFreesASlot()
    {
        Env env({2, 0, 1, 24.0});
        const Job a = env.enqueue(), b = env.enqueue(), c = env.enqueue();
        QCOMPARE(a.state, JobState::Pending);
        QCOMPARE(b.state, JobState::Pending);
        QCOMPARE(c.state, JobState::Deferred);
        QVERIFY(c.error.has_value());
        QCOMPARE(c.error->code, ErrorCode::QueueFull);
        QVERIFY(c.message.contains(QStringLiteral("2 of queue.max_size 2")));
        QCOMPARE(env.stateOf(c.id), QStringLiteral("DEFERRED")); // kept as a record
        QCOMPARE(env.queue->requestCancel(a.id, QStringLiteral("bob"))->state, JobState::Cancelled);
        QCOMPARE(env.enqueue().state, JobState::Pending);
        QVERIFY(
            !env.queue->requestCancel(a.id, QStringLiteral("bob")).has_value()); // already final
        QCOMPARE(env.queue->list()->size(), 4);
    }

    void automaticRequestsHaveCooldownAndNoDuplicates()
    {
        Env env({3, 0, 1, 24.0});
        const QDateTime t0(QDate(2025, 6, 30), QTime(8, 0), Qt::UTC);
        const Job first = env.enqueue(true, t0);
        QCOMPARE(first.state, JobState::Pending);
        const Job duplicate = env.enqueue(true, t0.addSecs(60));
        QCOMPARE(duplicate.state, JobState::Deferred);
        QVERIFY(duplicate.message.contains(QStringLiteral("already queued or running")));
        QVERIFY(env.queue->requestCancel(first.id, QStringLiteral("op")).has_value());
        const Job cooling = env.enqueue(true, t0.addSecs(3600));
        QCOMPARE(cooling.state, JobState::Deferred);
        QVERIFY(cooling.message.startsWith(QStringLiteral("cooldown")));
        QCOMPARE(env.enqueue(false, t0.addSecs(3600)).state,
                 JobState::Pending); // an operator may always ask
        QCOMPARE(env.enqueue(true, t0.addSecs(25 * 3600)).state, JobState::Pending);
    }

    void retriesWithBackoffThenFail()
    {
        Env env({3, 2, 10, 24.0});
        const Job j = env.enqueue();
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        AttemptOutcome crash;
        crash.state = JobState::Failed;
        crash.error = Error{ErrorCode::TrainingFailed, QStringLiteral("boom")};
        // Attempt 1 fails: back to PENDING, not before t0 + 10 s.
        QCOMPARE(env.queue->claimNext(1, QStringLiteral("h"), t0)->value().id, j.id);
        Job after = env.queue->finishAttempt(j.id, crash, t0).value();
        QCOMPARE(after.state, JobState::Pending);
        QCOMPARE(after.notBefore.toSecsSinceEpoch(), t0.addSecs(10).toSecsSinceEpoch());
        QVERIFY(after.message.contains(QStringLiteral("attempt 1 of 3 failed (boom)")));
        QVERIFY(!env.queue->claimNext(1, QStringLiteral("h"), t0.addSecs(9))->has_value());
        // Attempt 2 fails: the wait doubles.
        QCOMPARE(env.queue->claimNext(1, QStringLiteral("h"), t0.addSecs(10))->value().attempts, 2);
        after = env.queue->finishAttempt(j.id, crash, t0.addSecs(10)).value();
        QCOMPARE(after.notBefore.toSecsSinceEpoch(), t0.addSecs(30).toSecsSinceEpoch());
        // Attempt 3 (the last retry) fails: FAILED for good.
        QVERIFY(env.queue->claimNext(1, QStringLiteral("h"), t0.addSecs(30))->has_value());
        after = env.queue->finishAttempt(j.id, crash, t0.addSecs(30)).value();
        QCOMPARE(after.state, JobState::Failed);
        QCOMPARE(after.attempts, 3);
        QCOMPARE(after.error->code, ErrorCode::TrainingFailed);
    }

    void oneAtATimeInOrderAndInterruptedJobsRecover()
    {
        Env env({3, 1, 1, 24.0});
        const Job a = env.enqueue(), b = env.enqueue();
        QCOMPARE(env.queue->claimNext(42, QStringLiteral("h"))->value().id, a.id);
        QCOMPARE(env.job(a.id).runnerPid, qint64(42));
        // The console running it died: at the next start RUNNING becomes FAILED "interrupted",
        // retried per policy (one retry here).
        const auto recovered = env.queue->recoverInterrupted();
        QCOMPARE(recovered->size(), 1);
        QCOMPARE(recovered->first().state, JobState::Pending);
        QVERIFY(recovered->first().message.contains(QStringLiteral("interrupted")));
        QCOMPARE(
            env.queue
                ->claimNext(43, QStringLiteral("h"), QDateTime::currentDateTimeUtc().addSecs(5))
                ->value()
                .id,
            a.id);
        QCOMPARE(env.queue->recoverInterrupted()->first().state, JobState::Failed);
        QCOMPARE(env.queue->claimNext(43, QStringLiteral("h"))->value().id, b.id);
    }

    void qualityTriggerFeedsTheQueue()
    {
        Env env;
        AppConfig config;
        JobQueueSink sink(*env.queue);
        quality::RetrainingTrigger trigger(*env.state, sink, config);
        quality::RetrainingRequest request;
        request.cycleId = QStringLiteral("20250630T120000Z");
        request.reason = QStringLiteral("critical: MAE 12.1 >= 10");
        const auto decision = trigger.request(request);
        QVERIFY(decision.has_value());
        QCOMPARE(decision->kind, quality::RetrainingDecisionKind::Enqueued);
        const Job j = env.job(decision->jobId);
        QCOMPARE(j.state, JobState::Pending);
        QCOMPARE(j.source, JobSource::QualityAlert);
        QVERIFY(j.automatic);
        QCOMPARE(j.requestedBy, QStringLiteral("quality-loop"));
        QCOMPARE(j.cycleId, request.cycleId);
        QCOMPARE(j.reason, request.reason);
        QCOMPARE(trigger.request(request)->kind, quality::RetrainingDecisionKind::Duplicate);
        // The trigger's record names the job (its own job_state is the interim queue's, unused
        // here).
        auto db = env.state->connectionForThread();
        QSqlQuery q(*db);
        q.prepare(
            QStringLiteral("SELECT decision, kind FROM retraining_requests WHERE job_id = ?"));
        q.addBindValue(j.id);
        QVERIFY(q.exec() && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("enqueued"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("automatic"));
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "test_job_queue.moc"
