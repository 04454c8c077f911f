// The JobRunner supervising real child processes (fake workers, see job_test_fixture.h): progress
// mirrored into the job row and state.json, deploy, skip, crashes with exit status and stderr,
// cancel (terminate, then kill), the maximum duration, and the job lock between two runners.

#include "tests/core/job_test_fixture.h"

#include "core/jobs/job_lock.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>

using namespace jobtest;

class TestJobRunner final : public QObject
{
    Q_OBJECT

private slots:
    void runnerMirrorsProgressAndSkips()
    {
        REQUIRE_SHELL();
        Env env;
        auto runner = env.runner(QStringLiteral("keep"));
        QSignalSpy progress(runner.get(), &JobRunner::jobProgress);
        QSignalSpy finished(runner.get(), &JobRunner::jobFinished);
        const Job j = env.enqueue();
        QVERIFY(runner->start().has_value());
        QVERIFY(finished.wait(10000));
        QCOMPARE(env.stateOf(j.id), QStringLiteral("SKIPPED"));
        QVERIFY(progress.size() >= 2);
        QCOMPARE(progress.at(1).at(2).toString(), QStringLiteral("xgboost"));
        const Job done = env.job(j.id);
        QCOMPARE(done.progress, 100);
        QCOMPARE(done.exitCode.value_or(-1), 0);
        QVERIFY(done.message.startsWith(QStringLiteral("kept the live model")));
        QVERIFY(done.workerPid > 0);
        const QJsonObject file = env.stateFile(j.id);
        QCOMPARE(file.value(QStringLiteral("status")).toString(), QStringLiteral("SKIPPED"));
        QVERIFY(QJsonDocument(file.value(QStringLiteral("logs")).toArray())
                    .toJson()
                    .contains("round 5/10"));
        QVERIFY(env.registry->versions()->isEmpty());
    }

    void runnerDeploysAProposedCandidate()
    {
        REQUIRE_SHELL();
        Env env;
        auto runner = env.runner(QStringLiteral("propose"));
        QSignalSpy finished(runner.get(), &JobRunner::jobFinished);
        const Job j = env.enqueue();
        QVERIFY(runner->start().has_value());
        QVERIFY(finished.wait(10000));
        const Job done = env.job(j.id);
        QCOMPARE(jobStateName(done.state), QStringLiteral("SUCCEEDED"));
        QVERIFY(done.version.startsWith(QStringLiteral("version_")));
        QCOMPARE(env.registry->pointer()->active, done.version);
        const auto history = env.registry->history().value();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().kind, registry::ActivationKind::Deploy);
        QCOMPARE(history.first().actor, QStringLiteral("alice"));
        QCOMPARE(env.registry->version(done.version)->manifest.jobId, j.id);
        QVERIFY(!QFileInfo::exists(
            QDir(jobDirectory(env.config, j.id)).filePath(QStringLiteral("candidate")))); // moved
    }

    void runnerRefusesACandidateThatDoesNotLoad()
    {
        REQUIRE_SHELL();
        Env env;
        auto good = env.runner(QStringLiteral("propose"));
        QSignalSpy finished(good.get(), &JobRunner::jobFinished);
        env.enqueue();
        QVERIFY(good->start().has_value());
        QVERIFY(finished.wait(10000));
        const QString live = env.registry->pointer()->active;
        good.reset();
        auto bad = env.runner(QStringLiteral("proposebroken"));
        QSignalSpy badFinished(bad.get(), &JobRunner::jobFinished);
        const Job j = env.enqueue();
        QVERIFY(bad->start().has_value());
        QVERIFY(badFinished.wait(10000));
        const Job done = env.job(j.id);
        QCOMPARE(done.state, JobState::Failed);
        QCOMPARE(done.error->code, ErrorCode::ModelNotFound);
        QVERIFY2(done.error->message.contains(QStringLiteral("does not load")),
                 qPrintable(done.error->message));
        QCOMPARE(env.registry->pointer()->active, live);
    }

    void crashedWorkerFailsWithExitStatusAndStderr_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("stderrText");
        QTest::newRow("killed") << "crash" << 1004 << "crashed or was killed (signal 9)"
                                << "loading 4.2 GB";
        QTest::newRow("error exit")
            << "fail" << 4004 << "exited with status 3: cannot write the candidate"
            << "write failed";
        QTest::newRow("no result") << "noresult" << 1004 << "without a result"
                                   << "";
    }

    void crashedWorkerFailsWithExitStatusAndStderr()
    {
        REQUIRE_SHELL();
        QFETCH(QString, mode);
        QFETCH(int, code);
        QFETCH(QString, message);
        QFETCH(QString, stderrText);
        Env env;
        auto runner = env.runner(mode);
        QSignalSpy finished(runner.get(), &JobRunner::jobFinished);
        const Job j = env.enqueue();
        QVERIFY(runner->start().has_value());
        QVERIFY(finished.wait(10000));
        const Job done = env.job(j.id);
        QCOMPARE(done.state, JobState::Failed);
        QCOMPARE(int(done.error->code), code);
        QVERIFY2(done.error->message.contains(message), qPrintable(done.error->message));
        QVERIFY2(done.stderrTail.contains(stderrText), qPrintable(done.stderrTail));
        QCOMPARE(env.stateFile(j.id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("FAILED"));
    }

    void cancelTerminatesThenKills()
    {
        REQUIRE_SHELL();
        Env env;
        {
            auto runner = env.runner(QStringLiteral("sleep"));
            QSignalSpy finished(runner.get(), &JobRunner::jobFinished);
            const Job j = env.enqueue();
            QVERIFY(runner->start().has_value());
            QTRY_COMPARE_WITH_TIMEOUT(env.stateOf(j.id), QStringLiteral("RUNNING"), 5000);
            // Another console asks, through the queue; this runner notices and terminates.
            QVERIFY(env.queue->requestCancel(j.id, QStringLiteral("bob")).has_value());
            QVERIFY(finished.wait(5000));
            QCOMPARE(env.job(j.id).state, JobState::Cancelled);
            QVERIFY(env.job(j.id).message.contains(QStringLiteral("bob")));
        }
        auto runner = env.runner(QStringLiteral("stubborn"), 500);
        QSignalSpy finished(runner.get(), &JobRunner::jobFinished);
        QSignalSpy progress(runner.get(), &JobRunner::jobProgress);
        const Job j = env.enqueue();
        QVERIFY(runner->start().has_value());
        QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 2, 5000); // it has set its SIGTERM trap
        QElapsedTimer t;
        t.start();
        QVERIFY(runner->cancel(j.id, QStringLiteral("carol")).has_value());
        QVERIFY(finished.wait(5000));
        QVERIFY(t.elapsed() >= 400); // it ignored SIGTERM and was killed after the grace period
        QCOMPARE(env.job(j.id).state, JobState::Cancelled);
    }

    void overlongJobFailsSayingSo()
    {
        REQUIRE_SHELL();
        Env env;
        auto runner = env.runner(QStringLiteral("sleep"), 1000, 600);
        QSignalSpy finished(runner.get(), &JobRunner::jobFinished);
        const Job j = env.enqueue();
        QVERIFY(runner->start().has_value());
        QVERIFY(finished.wait(8000));
        const Job done = env.job(j.id);
        QCOMPARE(done.state, JobState::Failed);
        QCOMPARE(done.error->code, ErrorCode::TrainingFailed);
        QVERIFY2(done.error->message.contains(
                     QStringLiteral("longer than training.max_duration_minutes")),
                 qPrintable(done.error->message));
    }

    void secondRunnerOnTheSameStateRefuses()
    {
        Env env;
        auto first = env.runner(QStringLiteral("keep"));
        QVERIFY(first->start().has_value());
        auto second = env.runner(QStringLiteral("keep"));
        const Status refused = second->start();
        QVERIFY(!refused.has_value());
        QVERIFY2(
            refused.error().message.contains(
                QStringLiteral("another console (pid %1").arg(QCoreApplication::applicationPid())),
            qPrintable(refused.error().message));
        QVERIFY(refused.error().message.contains(QStringLiteral("will not run jobs")));
        QVERIFY(JobLock::isHeld(env.config.stateDbPath()));
        first->stop();
        QVERIFY(!JobLock::isHeld(env.config.stateDbPath()));
        QVERIFY(second->start().has_value());
    }

    void missingWorkerProgramFails()
    {
        Env env;
        JobRunnerOptions o;
        o.program = env.dir.filePath(QStringLiteral("no-such-program"));
        o.pollMs = 50;
        JobRunner runner(env.config, *env.state, *env.queue, *env.registry, env.audit.get(), o);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        const Job j = env.enqueue();
        QVERIFY(runner.start().has_value());
        QVERIFY(finished.wait(5000));
        QCOMPARE(env.job(j.id).state, JobState::Failed);
        QVERIFY(env.job(j.id).error->message.contains(QStringLiteral("could not be started")));
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "test_job_runner.moc"
