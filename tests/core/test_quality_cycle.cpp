#include "quality_test_plant.h"

#include "core/quality/alert_store.h"
#include "core/quality/cycle_outputs.h"
#include "core/quality/quality_cycle.h"
#include "core/quality/quality_history.h"
#include "core/state/state_store.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;
using namespace routing::quality;
using routing::test::FixturePredictionSource;
using routing::test::QualityTestPlant;

namespace {

struct Setup
{
    QTemporaryDir dir;
    QString erp;
    AppConfig config;
    FixturePredictionSource predictor;

    Setup()
    {
        erp = dir.filePath(QStringLiteral("erp.db"));
        QString error;
        if (!QualityTestPlant::write(erp, &error))
            qFatal("cannot write the test plant: %s", qPrintable(error));
        config = QualityTestPlant::config(dir.path(), erp);
    }

    CycleReport run(double delta, CycleOptions options = {})
    {
        predictor.delta = delta;
        if (!options.asOf.isValid())
            options.asOf = QualityTestPlant::asOf();
        auto r = runQualityCycle(config, options, predictor);
        if (!r)
            qFatal("cycle could not be recorded: %s", qPrintable(r.error().toString()));
        return *r;
    }

    QJsonObject json(const CycleReport &r) const
    {
        QFile f(r.jsonPath);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    QStringList logBlock(const QString &cycleId) const
    {
        QFile f(qualityLogPath(config));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
        QStringList block;
        bool in = false;
        for (const QString &line : lines) {
            if (line.endsWith(QStringLiteral("Quality evaluation started (cycle_%1)").arg(cycleId)))
                in = true;
            if (in)
                block << line;
            if (in && line.contains(QStringLiteral("(cycle_%1) ").arg(cycleId)) &&
                !line.contains(QStringLiteral("started")))
                break;
        }
        return block;
    }

    QList<QStringList> csvRows() const
    {
        QFile f(QDir(qualityReportsDir(config))
                    .absoluteFilePath(QStringLiteral("quality_summary.csv")));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QByteArray data = f.readAll();
        if (!data.startsWith("\xEF\xBB\xBF"))
            return {};
        QList<QStringList> rows;
        for (const QString &line :
             QString::fromUtf8(data.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts))
            rows << line.split(u',');
        return rows;
    }
};

QString lineWith(const QStringList &block, const QString &text)
{
    for (const QString &line : block)
        if (line.contains(text))
            return line;
    return {};
}

} // namespace

class TestQualityCycle final : public QObject
{
    Q_OBJECT
private slots:
    void normalCycleWritesEveryOutputAndTheyAgree()
    {
        Setup s;
        const CycleReport r = s.run(1.25);
        QCOMPARE(r.status, CycleStatus::Succeeded);
        QCOMPARE(exitCodeFor(r), 0);
        QCOMPARE(r.sample.items.size(), 20);
        QCOMPARE(r.sample.population, 30);
        QCOMPARE(r.windowFrom, QualityTestPlant::asOf().addDays(-30));
        const QualityMetrics &m = r.metrics.overall;
        QCOMPARE(m.itemsEvaluated, 20);
        QCOMPARE(m.operationsEvaluated, 20 * 6); // 3 per step in the window, 2 steps
        QCOMPARE(*m.mae, 1.25);
        QCOMPARE(*m.bias, 1.25);
        QCOMPARE(*m.processMatch, 1.0);
        QCOMPARE(*m.cv, 0.0);
        QCOMPARE(r.modelVersion, QStringLiteral("fixture-1"));
        QVERIFY(r.outputProblems.isEmpty());

        // JSON
        const QJsonObject j = s.json(r);
        QCOMPARE(j.value(QStringLiteral("cycle_id")).toString(), r.cycleId);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(j.value(QStringLiteral("exit_code")).toInt(), 0);
        const QJsonObject jm = j.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(jm.value(QStringLiteral("mae_minutes")).toDouble(), 1.25);
        QCOMPARE(
            jm.value(QStringLiteral("items")).toObject().value(QStringLiteral("evaluated")).toInt(),
            20);
        QCOMPARE(
            j.value(QStringLiteral("sample")).toObject().value(QStringLiteral("seed")).toString(),
            QStringLiteral("7"));
        QCOMPARE(j.value(QStringLiteral("levels"))
                     .toObject()
                     .value(QStringLiteral("mae_minutes"))
                     .toObject()
                     .value(QStringLiteral("level"))
                     .toString(),
                 QStringLiteral("normal"));
        QCOMPARE(j.value(QStringLiteral("segments"))
                     .toObject()
                     .value(QStringLiteral("part_type"))
                     .toArray()
                     .size(),
                 2);

        // CSV: BOM, header once, the same figures at 4 decimals.
        const auto rows = s.csvRows();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0], csvHeader());
        const QStringList &row = rows[1];
        QCOMPARE(row[csvHeader().indexOf(QStringLiteral("cycle_id"))], r.cycleId);
        QCOMPARE(row[csvHeader().indexOf(QStringLiteral("mae_minutes"))], QStringLiteral("1.2500"));
        QCOMPARE(row[csvHeader().indexOf(QStringLiteral("process_match"))],
                 QStringLiteral("1.0000"));
        QCOMPARE(row[csvHeader().indexOf(QStringLiteral("level"))], QStringLiteral("normal"));

        // The log block, in the manual's format.
        const QStringList block = s.logBlock(r.cycleId);
        QVERIFY2(block.size() >= 8, qPrintable(block.join(u'\n')));
        static const QRegularExpression format(QStringLiteral(
            "^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\] (INFO|WARNING|ERROR|CRITICAL): .+$"));
        for (const QString &line : block)
            QVERIFY2(format.match(line).hasMatch(), qPrintable(line));
        QVERIFY2(
            lineWith(block, QStringLiteral("INFO: MAE = 1.25 minutes (✅ within threshold 5.00)"))
                .size(),
            qPrintable(block.join(u'\n')));
        QVERIFY(lineWith(block,
                         QStringLiteral("INFO: Process match = 100.0% (✅ within threshold 85.0%)"))
                    .size());
        QVERIFY(
            lineWith(block, QStringLiteral(
                                "Items: 20 evaluated of 20 sampled, 0 failed, 0 without actuals"))
                .size());
        QVERIFY(block.last().endsWith(
            QStringLiteral("Quality evaluation finished (cycle_%1) in %2 s: NORMAL")
                .arg(r.cycleId, QString::number(r.durationSeconds, 'f', 2))));

        // Markdown and the history row.
        QFile md(r.markdownPath);
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(md.readAll());
        QVERIFY(text.startsWith(QStringLiteral("# Quality cycle %1").arg(r.cycleId)));
        QVERIFY(text.contains(QStringLiteral("| MAE | 1.25 minutes | normal |")));
        StateStore state(s.config.stateDbPath());
        QVERIFY(state.open());
        const auto row2 = QualityHistory(state).cycle(r.cycleId).value();
        QVERIFY(row2);
        QCOMPARE(row2->status, QStringLiteral("succeeded"));
        QCOMPARE(row2->level, QStringLiteral("normal"));
        QCOMPARE(*row2->metrics.value(QStringLiteral("mae_minutes")), 1.25);
        QCOMPARE(row2->reportPath, r.jsonPath);
    }

    void sameSeedSameSample()
    {
        Setup s;
        const CycleReport a = s.run(0.0);
        const CycleReport b = s.run(0.0);
        QCOMPARE(a.sample.items, b.sample.items);
        QVERIFY(a.cycleId != b.cycleId);
        CycleOptions other;
        other.seed = 8;
        other.strategy = SamplingConfig::Strategy::Stratified;
        other.sampleSize = 10;
        const CycleReport c = s.run(0.0, other);
        QCOMPARE(c.sample.items.size(), 10);
        QCOMPARE(c.sample.strata.size(), 2);
        QCOMPARE(c.sample.strata[0].sampled, 5);
    }

    void debounceHysteresisAndRetraining()
    {
        Setup s;
        // 1st critical cycle: reported critical (exit 2) but no alert yet (2 of 3 needed).
        const CycleReport c1 = s.run(12.0);
        QCOMPARE(c1.level, Severity::Critical);
        QCOMPARE(exitCodeFor(c1), 2);
        QVERIFY(!c1.retraining);
        QVERIFY(std::none_of(c1.activeAlerts.cbegin(), c1.activeAlerts.cend(), [](const Alert &a) {
            return a.key == QLatin1String("quality.mae_minutes");
        }));
        QVERIFY(
            lineWith(s.logBlock(c1.cycleId),
                     QStringLiteral(
                         "CRITICAL: MAE = 12.00 minutes (🔴 above critical threshold 10.00) [3001]"))
                .size());

        // 2nd: the alert rises (3001) and retraining is requested.
        const CycleReport c2 = s.run(12.0);
        const auto mae =
            std::find_if(c2.alertEvents.cbegin(), c2.alertEvents.cend(), [](const AlertEvent &e) {
                return e.alert.key == QLatin1String("quality.mae_minutes");
            });
        QVERIFY(mae != c2.alertEvents.cend());
        QCOMPARE(mae->change, QStringLiteral("raised"));
        QCOMPARE(mae->alert.severity, Severity::Critical);
        QCOMPARE(mae->alert.code, 3001);
        QVERIFY(c2.retraining);
        QCOMPARE(c2.retraining->kind, RetrainingDecisionKind::Enqueued);
        QVERIFY(c2.retraining->reason.contains(QStringLiteral("[3001] MAE critical")));
        const QJsonObject j2 = s.json(c2);
        QCOMPARE(j2.value(QStringLiteral("retraining"))
                     .toObject()
                     .value(QStringLiteral("decision"))
                     .toString(),
                 QStringLiteral("enqueued"));
        QVERIFY(lineWith(s.logBlock(c2.cycleId), QStringLiteral("INFO: Retraining requested: job "))
                    .size());
        QVERIFY(lineWith(s.logBlock(c2.cycleId),
                         QStringLiteral("CRITICAL: [3001] Alert raised: MAE critical"))
                    .size());

        // 3rd: still critical, the job is still queued: no second one.
        const CycleReport c3 = s.run(12.0);
        QCOMPARE(c3.retraining->kind, RetrainingDecisionKind::Duplicate);

        // Recovery with hysteresis: 6 → still critical (2 of last 3), 6 → warning, 4.8 → warning
        // (above clear 4.5), 4.0 → cleared.
        const auto maeState = [](const CycleReport &r) {
            for (const Assessment &a : r.assessments)
                if (a.rule.key == QLatin1String("mae_minutes"))
                    return a.state;
            return Severity::Info;
        };
        QCOMPARE(maeState(s.run(6.0)), Severity::Critical);
        QCOMPARE(maeState(s.run(6.0)), Severity::Warning);
        const CycleReport c6 = s.run(4.8);
        QCOMPARE(maeState(c6), Severity::Warning);
        QCOMPARE(exitCodeFor(c6), 1); // trimmed MAE 4.8 ≥ its warning 3.5
        // The held alert says so, instead of claiming a breach this cycle did not have.
        const auto held = std::find_if(c6.activeAlerts.cbegin(), c6.activeAlerts.cend(),
                                       [](const Alert &al) { return al.key == QLatin1String("quality.mae_minutes"); });
        QVERIFY(held != c6.activeAlerts.cend());
        QVERIFY2(held->message.contains(QStringLiteral("inside the warning level")) &&
                     held->message.contains(QStringLiteral("clear level 4.50")),
                 qPrintable(held->message));
        const CycleReport c7 = s.run(4.0);
        QCOMPARE(maeState(c7), Severity::None);
        QVERIFY(
            std::any_of(c7.alertEvents.cbegin(), c7.alertEvents.cend(), [](const AlertEvent &e) {
                return e.alert.key == QLatin1String("quality.mae_minutes") &&
                       e.change == QLatin1String("cleared");
            }));

        // Seven cycles, one header.
        QCOMPARE(s.csvRows().size(), 8);
    }

    void processMatchCriticalCarries3002()
    {
        Setup s;
        s.predictor.wrongLeaveOneOutJob = QStringLiteral("TURN");
        const CycleReport r = s.run(0.0);
        QCOMPARE(*r.metrics.overall.processMatch, 0.5);
        QCOMPARE(r.level, Severity::Critical);
        QVERIFY(
            lineWith(
                s.logBlock(r.cycleId),
                QStringLiteral(
                    "CRITICAL: Process match = 50.0% (🔴 below critical threshold 80.0%) [3002]"))
                .size());
    }

    void processMatchMeasureIsConfigurable()
    {
        // The leave-one-out routing has one step too many at its start: every actual step is
        // there in order (aligned 100 %), none at its own position (positional 0 %).
        Setup s;
        s.predictor.leaveOneOutLeadingStep = QStringLiteral("SAW");
        const CycleReport aligned = s.run(0.0);
        QCOMPARE(*aligned.metrics.overall.processMatch, 1.0);
        QCOMPARE(*aligned.metrics.overall.processMatchPositional, 0.0);
        QCOMPARE(aligned.level, Severity::None);

        s.config.thresholds.processMatchMeasure =
            ThresholdsConfig::ProcessMatchMeasure::Positional;
        const CycleReport positional = s.run(0.0);
        QCOMPARE(positional.level, Severity::Critical);
        QVERIFY(lineWith(s.logBlock(positional.cycleId),
                         QStringLiteral("CRITICAL: Process match (positional) = 0.0% (🔴 below "
                                        "critical threshold 80.0%) [3002]"))
                    .size());
        QVERIFY(std::any_of(
            positional.alertEvents.cbegin(), positional.alertEvents.cend(),
            [](const AlertEvent &e) {
                return e.alert.key == QLatin1String("quality.process_match_positional") &&
                       e.alert.code == 3002;
            }));

        // Back to the aligned measure: the positional alert is cleared, not left behind.
        s.config.thresholds.processMatchMeasure = ThresholdsConfig::ProcessMatchMeasure::Aligned;
        const CycleReport back = s.run(0.0);
        QCOMPARE(back.level, Severity::None);
        QVERIFY(std::any_of(back.alertEvents.cbegin(), back.alertEvents.cend(),
                            [](const AlertEvent &e) {
                                return e.alert.key ==
                                           QLatin1String("quality.process_match_positional") &&
                                       e.change == QLatin1String("cleared");
                            }));
    }

    void databaseOutageFailsTheCycleKeepsTheLastGoodAndAlerts()
    {
        Setup s;
        const CycleReport good = s.run(1.0);
        QCOMPARE(good.status, CycleStatus::Succeeded);

        const QString erp = s.config.database.path;
        s.config.database.path = s.dir.filePath(QStringLiteral("missing/erp.db"));
        const CycleReport down = s.run(1.0);
        QCOMPARE(down.status, CycleStatus::Failed);
        QCOMPARE(down.error->code, ErrorCode::DatabaseConnection);
        QCOMPARE(exitCodeFor(down), 3);
        QVERIFY(down.lastGood);
        QCOMPARE(down.lastGood->cycleId, good.cycleId);
        QCOMPARE(down.lastGood->metrics.value(QStringLiteral("mae_minutes")).toDouble(), 1.0);
        const auto failed =
            std::find_if(down.activeAlerts.cbegin(), down.activeAlerts.cend(), [](const Alert &a) {
                return a.key == QLatin1String("quality.cycle_failed");
            });
        QVERIFY(failed != down.activeAlerts.cend());
        QCOMPARE(failed->code, 1001);
        const QStringList block = s.logBlock(down.cycleId);
        QVERIFY2(
            lineWith(block, QStringLiteral("ERROR: [1001] Quality evaluation failed (cycle_%1)")
                                .arg(down.cycleId))
                .size(),
            qPrintable(block.join(u'\n')));
        QVERIFY(lineWith(block, QStringLiteral("Last good metrics: cycle_%1").arg(good.cycleId))
                    .size());
        const QJsonObject j = s.json(down);
        QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(j.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt(),
                 1001);
        QCOMPARE(j.value(QStringLiteral("last_good"))
                     .toObject()
                     .value(QStringLiteral("cycle_id"))
                     .toString(),
                 good.cycleId);
        QCOMPARE(s.csvRows().last()[2], QStringLiteral("failed"));

        // Back up: the cycle succeeds and the alert clears.
        s.config.database.path = erp;
        const CycleReport back = s.run(1.0);
        QCOMPARE(back.status, CycleStatus::Succeeded);
        QVERIFY(
            std::none_of(back.activeAlerts.cbegin(), back.activeAlerts.cend(), [](const Alert &a) {
                return a.key == QLatin1String("quality.cycle_failed");
            }));
    }

    void tooFewEligibleItemsIsAClearFailure()
    {
        Setup s;
        s.config.sampling.minPopulation = 100;
        const CycleReport r = s.run(0.0);
        QCOMPARE(r.status, CycleStatus::Failed);
        QCOMPARE(r.error->code, ErrorCode::InvalidData);
        QVERIFY2(r.error->message.contains(QStringLiteral(
                     "only 30 items have work-order results between 2025-05-02 00:00 "
                     "and 2025-06-01 00:00, fewer than sampling.min_population (100)")),
                 qPrintable(r.error->message));
        QCOMPARE(exitCodeFor(r), 3);
    }

    void predictorFailureFailsTheCycle()
    {
        Setup s;
        s.predictor.failWith = Error{ErrorCode::ModelNotFound, QStringLiteral("no active model")};
        const CycleReport r = s.run(0.0);
        QCOMPARE(r.status, CycleStatus::Failed);
        QCOMPARE(r.error->code, ErrorCode::ModelNotFound);
        QVERIFY(r.error->message.contains(QStringLiteral("no active model")));
    }

    void modelInputsAreReadAlongsideTheActualsAndReleased()
    {
        Setup s;
        const CycleReport r = s.run(0.0);
        QCOMPARE(r.status, CycleStatus::Succeeded);
        QCOMPARE(s.predictor.prefetched, r.sample.items); // the whole sample, ahead of predict()
        QVERIFY(s.predictor.prefetchThread != nullptr);
        QVERIFY(s.predictor.prefetchThread != QThread::currentThread()); // a second thread
        QVERIFY(s.predictor.prefetchThread != s.predictor.thread.load());
        // The leave-one-out routings are predicted there too, while the actuals are read.
        QCOMPARE(s.predictor.leaveOneOutThread.load(), s.predictor.prefetchThread.load());
        QCOMPARE(s.predictor.releases.load(), 1);

        // A failed read fails the cycle with its own error, and the source is released all the same.
        Setup failing;
        failing.predictor.prefetchFailsWith =
            Error{ErrorCode::DatabaseConnection, QStringLiteral("routing view unreachable")};
        const CycleReport f = failing.run(0.0);
        QCOMPARE(f.status, CycleStatus::Failed);
        QCOMPARE(f.error->code, ErrorCode::DatabaseConnection);
        QVERIFY(f.error->message.contains(QStringLiteral("routing view unreachable")));
        QCOMPARE(failing.predictor.calls.load(), 0);
        QCOMPARE(failing.predictor.releases.load(), 1);
    }

    void cancelledCycleIsRecordedWithoutReports()
    {
        Setup s;
        std::atomic<bool> cancel{true};
        CycleEnvironment env;
        env.cancel = &cancel;
        CycleOptions options;
        options.asOf = QualityTestPlant::asOf();
        const auto r = runQualityCycle(s.config, options, s.predictor, env);
        QVERIFY(r);
        QCOMPARE(r->status, CycleStatus::Cancelled);
        QCOMPARE(exitCodeFor(*r), 3);
        QVERIFY(r->jsonPath.isEmpty());
        QCOMPARE(s.predictor.calls.load(), 0);
        StateStore state(s.config.stateDbPath());
        QVERIFY(state.open());
        QCOMPARE(QualityHistory(state).cycle(r->cycleId).value()->status,
                 QStringLiteral("cancelled"));
        QVERIFY(lineWith(s.logBlock(r->cycleId),
                         QStringLiteral("WARNING: Quality evaluation cancelled"))
                    .size());
    }

    void progressRunsFromStartToEnd()
    {
        Setup s;
        QList<int> percents;
        CycleEnvironment env;
        env.progress = [&](int p, const QString &) { percents << p; };
        CycleOptions options;
        options.asOf = QualityTestPlant::asOf();
        options.predictBatchSize = 5; // 20 items → 4 batches
        QVERIFY(runQualityCycle(s.config, options, s.predictor, env));
        QVERIFY(std::is_sorted(percents.cbegin(), percents.cend()));
        QCOMPARE(percents.last(), 100);
        QCOMPARE(s.predictor.calls.load(), 8); // 4 batches × (own routing, leave-one-out)
    }

    void oldReportsArePruned()
    {
        Setup s;
        const QString old = QDir(qualityReportsDir(s.config))
                                .absoluteFilePath(QStringLiteral("cycle_20200101T000000Z.json"));
        QDir().mkpath(qualityReportsDir(s.config));
        QFile f(old);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}");
        QVERIFY(f.flush()); // a flush at close() would set the time again
        QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addDays(-91),
                              QFileDevice::FileModificationTime));
        f.close();
        const CycleReport r = s.run(0.0);
        QVERIFY(!QFile::exists(old));
        QVERIFY(QFile::exists(r.jsonPath));
    }
};

QTEST_GUILESS_MAIN(TestQualityCycle)
#include "test_quality_cycle.moc"
