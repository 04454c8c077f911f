#include "quality_test_plant.h"

#include "core/quality/quality_cycle_worker.h"
#include "core/quality/quality_scheduler.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace routing;
using namespace routing::quality;
using routing::test::FixturePredictionSource;
using routing::test::QualityTestPlant;

/// Re-emits the worker's signals in the test's thread (QSignalSpy is not thread-safe in Qt 6.4;
/// a queued signal-to-signal connection brings them over).
class Relay final : public QObject
{
    Q_OBJECT
signals:
    void progress(int percent, const QString &step);
    void finished(const routing::quality::CycleReport &report);
};

namespace {

struct Plant
{
    QTemporaryDir dir;
    AppConfig config;
    std::shared_ptr<FixturePredictionSource> predictor =
        std::make_shared<FixturePredictionSource>();

    explicit Plant(bool writeErp = true)
    {
        const QString erp = dir.filePath(QStringLiteral("erp.db"));
        if (writeErp && !QualityTestPlant::write(erp))
            qFatal("cannot write the test plant");
        config = QualityTestPlant::config(dir.path(), erp);
    }
    CycleOptions options(int batch = 500) const
    {
        CycleOptions o;
        o.asOf = QualityTestPlant::asOf();
        o.predictBatchSize = batch;
        return o;
    }
};

} // namespace

class TestQualityWorker final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<CycleReport>(); }

    void finishesExactlyOnceInItsOwnThread()
    {
        Plant p;
        auto *worker = new QualityCycleWorker(p.config, p.options(5), p.predictor);
        Relay relay;
        connect(worker, &QualityCycleWorker::progress, &relay, &Relay::progress);
        connect(worker, &QualityCycleWorker::finished, &relay, &Relay::finished);
        QSignalSpy finished(&relay, &Relay::finished);
        QSignalSpy progress(&relay, &Relay::progress);
        QPointer<QThread> thread = QualityCycleWorker::startInThread(worker);
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 10000); // the thread cleaned itself up
        QCOMPARE(finished.count(), 1);
        const auto report = finished.at(0).at(0).value<CycleReport>();
        QCOMPARE(report.status, CycleStatus::Succeeded);
        QVERIFY(!report.cycleId.isEmpty());
        QVERIFY(p.predictor->thread.load() != QThread::currentThread());
        QVERIFY(progress.count() >= 6);
        QCOMPARE(progress.last().at(0).toInt(), 100);
    }

    void cancelStopsBetweenBatches()
    {
        Plant p;
        p.predictor->sleepMs = 100; // 10 batches of 2 items, two calls each: 2 s uncancelled
        auto *worker = new QualityCycleWorker(p.config, p.options(2), p.predictor);
        Relay relay;
        connect(worker, &QualityCycleWorker::finished, &relay, &Relay::finished);
        connect(worker, &QualityCycleWorker::progress, &relay, &Relay::progress);
        QSignalSpy finished(&relay, &Relay::finished);
        connect(
            &relay, &Relay::progress, worker,
            [worker](int percent) {
                if (percent > 20)
                    worker->cancel(); // from the test's thread while the worker predicts
            },
            Qt::DirectConnection);
        QualityCycleWorker::startInThread(worker);
        QVERIFY(finished.wait(30000));
        QTest::qWait(50);
        QCOMPARE(finished.count(), 1);
        const auto report = finished.at(0).at(0).value<CycleReport>();
        QCOMPARE(report.status, CycleStatus::Cancelled);
        QCOMPARE(report.error->code, ErrorCode::Cancelled);
        QVERIFY2(p.predictor->calls.load() < 20,
                 qPrintable(QString::number(p.predictor->calls.load())));
    }

    void runningTwiceStillFinishesOnce()
    {
        Plant p;
        QualityCycleWorker worker(p.config, p.options(), p.predictor);
        QSignalSpy finished(&worker, &QualityCycleWorker::finished);
        worker.run();
        worker.run();
        QCOMPARE(finished.count(), 1);
    }

    void aStateDatabaseThatCannotOpenStillFinishes()
    {
        Plant p;
        QDir().mkpath(p.config.stateDbPath()); // a directory where the file should be
        QualityCycleWorker worker(p.config, p.options(), p.predictor);
        QSignalSpy finished(&worker, &QualityCycleWorker::finished);
        worker.run();
        QCOMPARE(finished.count(), 1);
        const auto report = finished.at(0).at(0).value<CycleReport>();
        QCOMPARE(report.status, CycleStatus::Failed);
        QVERIFY(report.error);
        QVERIFY(report.cycleId.isEmpty());
        QCOMPARE(exitCodeFor(report), 3);
    }

    void nextScheduledRun_data()
    {
        QTest::addColumn<int>("interval");
        QTest::addColumn<QTime>("daily");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("expected");
        const QDate d(2025, 6, 1);
        QTest::newRow("interval") << 15 << QTime() << QDateTime(d, QTime(1, 50))
                                  << QDateTime(d, QTime(2, 5));
        QTest::newRow("daily later today")
            << 0 << QTime(2, 0) << QDateTime(d, QTime(1, 0)) << QDateTime(d, QTime(2, 0));
        QTest::newRow("daily exactly now") << 0 << QTime(2, 0) << QDateTime(d, QTime(2, 0))
                                           << QDateTime(d.addDays(1), QTime(2, 0));
        QTest::newRow("daily passed") << 0 << QTime(2, 0) << QDateTime(d, QTime(23, 0))
                                      << QDateTime(d.addDays(1), QTime(2, 0));
        QTest::newRow("neither") << 0 << QTime() << QDateTime(d, QTime(1, 0)) << QDateTime();
    }
    void nextScheduledRun()
    {
        QFETCH(int, interval);
        QFETCH(QTime, daily);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, expected);
        ScheduleConfig s;
        s.enabled = true;
        s.intervalMinutes = interval;
        if (daily.isValid())
            s.dailyTime = daily;
        QCOMPARE(QualityScheduler::nextScheduledRun(s, now), expected);
    }

    void schedulerNeverRunsTwoAtOnce()
    {
        Plant p;
        p.predictor->sleepMs = 50;
        QualityScheduler scheduler(p.config, p.predictor);
        scheduler.setCycleOptions(p.options(5));
        QSignalSpy finished(&scheduler, &QualityScheduler::cycleFinished);
        QVERIFY(scheduler.runNow());
        QVERIFY(scheduler.isCycleRunning());
        QVERIFY(!scheduler.runNow()); // refused while one runs
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!scheduler.isCycleRunning());
        QVERIFY(scheduler.runNow());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.count(), 2);
        QVERIFY(scheduler.lastGoodReport());
    }

    void outageIsRetriedWithBackoffUntilTheDatabaseIsBack()
    {
        Plant p(false); // no ERP file yet: the database is "down"
        QualityScheduler scheduler(p.config, p.predictor);
        scheduler.setCycleOptions(p.options());
        scheduler.setRetryBackoff(std::chrono::milliseconds(200), std::chrono::milliseconds(800));
        QSignalSpy finished(&scheduler, &QualityScheduler::cycleFinished);
        QVERIFY(scheduler.runNow());
        QVERIFY(finished.wait(30000));
        auto first = finished.at(0).at(0).value<CycleReport>();
        QCOMPARE(first.status, CycleStatus::Failed);
        QCOMPARE(first.error->code, ErrorCode::DatabaseConnection);
        QCOMPARE(scheduler.consecutiveFailures(), 1);
        QVERIFY(scheduler.nextRunAt().isValid()); // a retry is armed
        QVERIFY(!scheduler.lastGoodReport());

        QVERIFY(finished.wait(30000)); // the retry, still down
        QCOMPARE(scheduler.consecutiveFailures(), 2);
        QCOMPARE(finished.at(1).at(0).value<CycleReport>().trigger, QStringLiteral("retry"));

        QVERIFY(QualityTestPlant::write(p.config.database.path)); // the database is back
        QVERIFY(finished.wait(30000));
        const auto back = finished.last().at(0).value<CycleReport>();
        QCOMPARE(back.status, CycleStatus::Succeeded);
        QCOMPARE(back.trigger, QStringLiteral("retry"));
        QCOMPARE(scheduler.consecutiveFailures(), 0);
        QVERIFY(scheduler.lastGoodReport());
        QVERIFY(
            std::none_of(back.activeAlerts.cbegin(), back.activeAlerts.cend(), [](const Alert &a) {
                return a.key == QLatin1String("quality.cycle_failed");
            }));
        QVERIFY(!scheduler.nextRunAt().isValid()); // not scheduled: no further run
    }

    void overlongCycleIsCancelled()
    {
        Plant p;
        p.config.schedule.maxExecutionSeconds = 1;
        p.predictor->sleepMs = 200; // 20 items in batches of 1: 8 s uncancelled
        QualityScheduler scheduler(p.config, p.predictor);
        scheduler.setCycleOptions(p.options(1));
        QSignalSpy finished(&scheduler, &QualityScheduler::cycleFinished);
        QVERIFY(scheduler.runNow());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(0).value<CycleReport>().status, CycleStatus::Cancelled);
    }

    void destroyingTheSchedulerWaitsForItsCycle()
    {
        Plant p;
        p.predictor->sleepMs = 100;
        auto scheduler = std::make_unique<QualityScheduler>(p.config, p.predictor);
        scheduler->setCycleOptions(p.options(1));
        QVERIFY(scheduler->runNow());
        QTest::qWait(300);
        scheduler.reset(); // cancels and joins; the predictor is no longer called afterwards
        const int calls = p.predictor->calls.load();
        QTest::qWait(300);
        QCOMPARE(p.predictor->calls.load(), calls);
    }
};

QTEST_GUILESS_MAIN(TestQualityWorker)
#include "test_quality_worker.moc"
