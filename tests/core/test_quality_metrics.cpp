// The metrics of docs/metrics.md on a tiny plant whose every figure was computed by hand
// (the arithmetic is in the comments next to each expected value).

#include "core/quality/gross_error_screen.h"
#include "core/quality/quality_metrics.h"
#include "core/quality/quality_statistics.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace routing;
using namespace routing::quality;

namespace {

WorkOrderOp op(const char *item, const char *routNo, int seq, const char *job, const char *res,
               int day, std::optional<double> qty, std::optional<double> setup,
               std::optional<double> run)
{
    WorkOrderOp o;
    o.itemCode = QString::fromLatin1(item);
    o.routNo = QString::fromLatin1(routNo);
    o.procSeq = seq;
    o.jobCd = QString::fromLatin1(job);
    o.resCd = QString::fromLatin1(res);
    o.reportedAt = QDateTime(QDate(2025, 3, day), QTime(8, 0));
    o.orderQty = qty;
    o.setupMinutes = setup;
    o.runMinutes = run;
    return o;
}

ItemPrediction prediction(const char *item, QList<PredictedStep> steps)
{
    ItemPrediction p;
    p.itemCode = QString::fromLatin1(item);
    p.source = QStringLiteral("routing");
    p.steps = std::move(steps);
    return p;
}

PredictedStep step(int seq, const char *job, double setup, double runPerUnit)
{
    return {seq,         QString::fromLatin1(job), QString(), setup, runPerUnit, std::nullopt,
            std::nullopt, {}};
}

ItemPrediction failedPrediction(const char *item, const char *why)
{
    ItemPrediction p;
    p.itemCode = QString::fromLatin1(item);
    p.error = Error{ErrorCode::PredictionTimeout, QString::fromLatin1(why)};
    return p;
}

/// Sampled: A, B, C, D, E. F has actuals but is not sampled.
MetricsInput tinyPlant()
{
    MetricsInput in;
    in.sampledItems = {QStringLiteral("E"), QStringLiteral("A"), QStringLiteral("C"),
                       QStringLiteral("B"), QStringLiteral("D")};
    in.operations = {
        // A, routing R1. (A,10,CUT): run/unit 2.0 2.2 1.8 2.0 20.0 → Q1 2.0, Q3 2.2, fences
        // [1.7, 2.5]: the 20.0 (a data-entry error) is removed. Setups 10 12 11 10 10 →
        // [8.5, 12.5].
        op("A", "R1", 10, "CUT", "WC1", 1, 10, 10, 20),  // pred 10+2·10=30, act 30 → 0
        op("A", "R1", 10, "CUT", "WC1", 2, 10, 12, 22),  // 30 − 34 = −4 (setup −2, run −2)
        op("A", "R1", 10, "CUT", "WC1", 3, 10, 11, 18),  // 30 − 29 = +1 (setup −1, run +2)
        op("A", "R1", 10, "CUT", "WC1", 4, 10, 10, 20),  // 0
        op("A", "R1", 10, "CUT", "WC1", 5, 10, 10, 200), // outlier
        op("A", "R1", 20, "MILL", "WC2", 6, 5, 30, 50), // 25+10·5=75 − 80 = −5 (setup −5, run 0)
        op("A", "R1", 20, "MILL", "WC2", 7, 10, 30, 110), // 125 − 140 = −15 (setup −5, run −10)
        op("A", "R1", 30, "INSP", "WC3", 8, 10, 0, 14),           // 0+2·10=20 − 14 = +6 (run +6)
        op("A", "R1", 30, "INSP", "WC3", 9, 10, 0, std::nullopt), // unusable (no run time)
        // B: routing R1 (3 operations) and R2 (1): the step sequence comes from R1.
        op("B", "R1", 10, "TURN", "WC4", 1, 4, 20, 40), // 20+11·4=64 − 60 = +4 (run +4)
        op("B", "R1", 10, "TURN", "WC4", 2, 4, 20, 48), // 64 − 68 = −4 (run −4)
        op("B", "R1", 20, "DRILL", "WC2", 3, 4, 5, 8),  // 5+2.5·4=15 − 13 = +2 (run +2)
        op("B", "R2", 10, "CUT", "WC1", 4, 2, 6, 4),    // no predicted (10, CUT): unmatched
        // C
        op("C", "R1", 10, "CUT", "WC1", 1, 1, 8, 3),   // 10+3=13 − 11 = +2 (setup +2)
        op("C", "R1", 20, "MILL", "WC2", 2, 1, 10, 5), // 10+4=14 − 15 = −1 (run −1)
        // D: its prediction fails.
        op("D", "R1", 10, "CUT", "WC1", 1, 2, 5, 6),
        // F: not sampled, ignored.
        op("F", "R1", 10, "CUT", "WC1", 1, 1, 1000, 1000),
    };
    in.predictions.insert(QStringLiteral("A"),
                          prediction("A", {step(10, "CUT", 10, 2.0), step(20, "MILL", 25, 10),
                                           step(30, "INSP", 0, 2.0)}));
    in.predictions.insert(QStringLiteral("B"),
                          prediction("B", {step(10, "TURN", 20, 11), step(20, "DRILL", 5, 2.5)}));
    // A second (20, MILL) step: the first one counts.
    in.predictions.insert(QStringLiteral("C"),
                          prediction("C", {step(10, "CUT", 10, 3), step(20, "MILL", 10, 4),
                                           step(20, "MILL", 99, 99)}));
    in.predictions.insert(QStringLiteral("D"), failedPrediction("D", "timeout"));
    // Leave-one-out: A [CUT, TURN, INSP, PACK] vs actual [CUT, MILL, INSP] → 2 of 3 positions,
    // overlap 2; B given unsorted [DRILL@30, TURN@10, TURN@20] → [TURN, TURN, DRILL] vs
    // [TURN, DRILL] → 1 of 2 positions, overlap min(1,2)+min(1,1) = 2.
    in.looPredictions.insert(QStringLiteral("A"),
                             prediction("A", {step(10, "CUT", 0, 0), step(20, "TURN", 0, 0),
                                              step(30, "INSP", 0, 0), step(40, "PACK", 0, 0)}));
    in.looPredictions.insert(
        QStringLiteral("B"),
        prediction("B", {step(30, "DRILL", 0, 0), step(10, "TURN", 0, 0), step(20, "TURN", 0, 0)}));
    in.looPredictions.insert(QStringLiteral("C"), failedPrediction("C", "timeout"));
    // D: no leave-one-out prediction returned at all.
    in.partTypes = {{QStringLiteral("A"), QStringLiteral("P1")},
                    {QStringLiteral("B"), QStringLiteral("P1")},
                    {QStringLiteral("C"), QStringLiteral("P2")},
                    {QStringLiteral("D"), QStringLiteral("P2")},
                    {QStringLiteral("E"), QStringLiteral("P2")}};
    in.trimRatio = 0.10;
    in.sampleCountMin = 3;
    in.highCvLevel = 0.10;
    in.segmentTopN = 3;
    return in;
}

void near(const std::optional<double> &actual, double expected, const char *what)
{
    QVERIFY2(actual.has_value(), what);
    QVERIFY2(std::abs(*actual - expected) < 1e-12, qPrintable(QStringLiteral("%1: %2, expected %3")
                                                                  .arg(QString::fromLatin1(what))
                                                                  .arg(*actual, 0, 'g', 17)
                                                                  .arg(expected, 0, 'g', 17)));
}

} // namespace

class TestQualityMetrics final : public QObject
{
    Q_OBJECT
private slots:
    void quantileIsType7_data()
    {
        QTest::addColumn<QList<double>>("sorted");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        QTest::newRow("single") << QList<double>{7} << 0.9 << 7.0;
        QTest::newRow("median even") << QList<double>{1, 2, 3, 4} << 0.5 << 2.5;
        QTest::newRow("q1 of five") << QList<double>{1.8, 2.0, 2.0, 2.2, 20.0} << 0.25 << 2.0;
        QTest::newRow("p90 of ten") << QList<double>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 0.9 << 9.1;
        QTest::newRow("p0 and p1") << QList<double>{3, 8} << 1.0 << 8.0;
    }
    void quantileIsType7()
    {
        QFETCH(QList<double>, sorted);
        QFETCH(double, p);
        QFETCH(double, expected);
        near(stats::quantileSorted(sorted, p), expected, "quantile");
    }

    void trimmedMeanTrimsFloorOfNTimesRatioEachEnd()
    {
        QCOMPARE(stats::trimCount(30, 0.1), 3);    // 30·0.1 = 3.0000000000000004 in binary
        QCOMPARE(stats::trimCount(100, 0.29), 29); // 100·0.29 = 28.999999999999996
        QCOMPARE(stats::trimCount(9, 0.1), 0);
        near(stats::trimmedMeanSorted({1, 2, 3, 4, 100}, 0.2), 3.0, "trim 1 each end");
        near(stats::trimmedMeanSorted({1, 100}, 0.49), 50.5, "nothing trimmed");
        QVERIFY(!stats::trimmedMeanSorted({}, 0.1));
    }

    void sampleStdDevUsesNMinusOne()
    {
        near(stats::sampleStdDev({2, 4, 4, 4, 5, 5, 7, 9}), std::sqrt(32.0 / 7.0), "sd");
        QVERIFY(!stats::sampleStdDev({5}));
    }

    void tinyPlantComputedOnPaper()
    {
        const MetricsResult r = computeQualityMetrics(tinyPlant());
        const QualityMetrics &m = r.overall;

        QCOMPARE(m.itemsSampled, 5);
        QCOMPARE(m.itemsEvaluated, 3);        // A, B, C
        QCOMPARE(m.itemsFailed, 1);           // D
        QCOMPARE(m.itemsWithoutActuals, 1);   // E
        QCOMPARE(m.itemsProcessEvaluated, 2); // A, B
        QCOMPARE(m.itemsLooFailed, 2);        // C (error), D (missing)
        QCOMPARE(m.operationsRead, 16);       // A 9, B 4, C 2, D 1 (F not sampled)
        QCOMPARE(m.operationsUnusable, 1);
        QCOMPARE(m.operationsOutliers, 1);
        QCOMPARE(m.operationsEvaluated, 13); // A 7, B 4, C 2
        QCOMPARE(m.operationsMatched, 12);   // B's (10, CUT) has no predicted step

        // |errors| 0 4 1 0 5 15 6 | 4 4 2 | 2 1 → Σ 44; signed Σ −14; squares Σ 344.
        near(m.mae, 44.0 / 12.0, "MAE");
        near(m.bias, -14.0 / 12.0, "bias");
        near(m.rmse, std::sqrt(344.0 / 12.0), "RMSE");
        // Sorted 0 0 1 1 2 2 4 4 4 5 6 15; ⌊12·0.1⌋ = 1 off each end → 29 / 10.
        near(m.trimmedMae, 2.9, "trimmed MAE");
        // h = 11·0.9 = 9.9 → 5 + 0.9·(6 − 5).
        near(m.p90AbsError, 5.9, "P90");
        // Setup |errors| 0 2 1 0 5 5 0 | 0 0 0 | 2 0 = 15; run 0 2 2 0 0 10 6 | 4 4 2 | 0 1 = 31.
        near(m.maeSetup, 15.0 / 12.0, "setup MAE");
        near(m.maeRun, 31.0 / 12.0, "run MAE");
        near(m.coverage, 12.0 / 13.0, "coverage");

        // Aligned (LCS): A [CUT MILL INSP] vs [CUT TURN INSP PACK] → CUT, INSP = 2;
        // B [TURN DRILL] vs [TURN TURN DRILL] → TURN, DRILL = 2. Same position: A 2, B 1.
        QCOMPARE(m.stepsActual, 5);
        QCOMPARE(m.stepsAligned, 4);
        QCOMPARE(m.stepsMatched, 3);
        QCOMPARE(m.stepsPredicted, 7);
        QCOMPARE(m.jobOverlap, 4);
        near(m.processMatch, 0.8, "process match (aligned)");
        near(m.processMatchPositional, 0.6, "process match (same position)");
        near(m.processPrecision, 4.0 / 7.0, "aligned precision");
        near(m.jobRecall, 0.8, "recall");
        near(m.jobPrecision, 4.0 / 7.0, "precision");
        QCOMPARE(m.operationsGrossErrors,
                 0); // no standard times given: the screen has nothing to go on

        // Groups after outlier removal: (A,10,CUT) 4, (A,20,MILL) 2, (A,30,INSP) 1, (B,10,CUT) 1,
        // (B,10,TURN) 2, (B,20,DRILL) 1, (C,10,CUT) 1, (C,20,MILL) 1, (D,10,CUT) 1 → 14 / 9.
        QCOMPARE(m.groups, 9);
        near(m.sampleCount, 14.0 / 9.0, "sample count");
        QCOMPARE(m.groupsLowSamples, 8);
        // CV: (A,10,CUT) 2.0 2.2 1.8 2.0 → sd √(0.08/3), mean 2; (A,20,MILL) 10 11 → √0.5 / 10.5;
        // (B,10,TURN) 10 12 → √2 / 11.
        const double cvA = std::sqrt(0.08 / 3.0) / 2.0;
        const double cvMill = std::sqrt(0.5) / 10.5;
        const double cvTurn = std::sqrt(2.0) / 11.0;
        QCOMPARE(m.groupsWithCv, 3);
        near(m.cv, (cvA + cvMill + cvTurn) / 3.0, "CV");
        QCOMPARE(m.groupsHighCv, 1); // only (B,10,TURN) 0.1286 > 0.10
        QCOMPARE(r.highCvGroups.size(), 1);
        QCOMPARE(r.highCvGroups[0].itemCode, QStringLiteral("B"));
        QCOMPARE(r.highCvGroups[0].jobCd, QStringLiteral("TURN"));
        near(r.highCvGroups[0].cv, cvTurn, "flagged CV");
        QCOMPARE(r.lowSampleGroups.size(), 8);
        QCOMPARE(r.lowSampleGroups.first().jobCd, QStringLiteral("MILL")); // (A,20,MILL) first
        QCOMPARE(r.lowSampleGroups.last().itemCode, QStringLiteral("D"));

        QCOMPARE(r.failures.size(), 3);
        QCOMPARE(r.failures[0].itemCode, QStringLiteral("C"));
        QVERIFY(r.failures[0].leaveOneOut);
        QCOMPARE(r.failures[1].itemCode, QStringLiteral("D"));
        QVERIFY(!r.failures[1].leaveOneOut);
        QVERIFY(r.failures[1].message.contains(QStringLiteral("1005")));
        QVERIFY(r.failures[2].message.contains(QStringLiteral("no prediction")));

        // PART_TYPE P1 (A, B): 11 operations, 10 matched; |e| Σ 41, signed Σ −15, squares Σ 339;
        // steps 5, aligned 4. P2 (C): |e| 2 1, signed +1, squares 5; no leave-one-out step.
        QCOMPARE(r.byPartType.size(), 2);
        const SegmentMetrics &p1 = r.byPartType[0];
        QCOMPARE(p1.segment, QStringLiteral("P1"));
        QCOMPARE(p1.items, 2);
        QCOMPARE(p1.operations, 11);
        QCOMPARE(p1.matched, 10);
        near(p1.mae, 4.1, "P1 MAE");
        near(p1.bias, -1.5, "P1 bias");
        near(p1.rmse, std::sqrt(33.9), "P1 RMSE");
        near(p1.coverage, 10.0 / 11.0, "P1 coverage");
        near(p1.processMatch, 0.8, "P1 process match");
        const SegmentMetrics &p2 = r.byPartType[1];
        QCOMPARE(p2.segment, QStringLiteral("P2"));
        near(p2.mae, 1.5, "P2 MAE");
        near(p2.bias, 0.5, "P2 bias");
        near(p2.rmse, std::sqrt(2.5), "P2 RMSE");
        QVERIFY(!p2.processMatch);

        // Work centres, largest 3: WC1 6 ops (5 matched: 0 −4 +1 0 +2), WC2 4 (−5 −15 +2 −1),
        // WC4 2 (+4 −4); WC3 (1 op) is left out.
        QCOMPARE(r.byWorkCentre.size(), 3);
        QCOMPARE(r.byWorkCentre[0].segment, QStringLiteral("WC1"));
        QCOMPARE(r.byWorkCentre[0].operations, 6);
        near(r.byWorkCentre[0].mae, 7.0 / 5.0, "WC1 MAE");
        near(r.byWorkCentre[0].bias, -1.0 / 5.0, "WC1 bias");
        QCOMPARE(r.byWorkCentre[1].segment, QStringLiteral("WC2"));
        near(r.byWorkCentre[1].mae, 23.0 / 4.0, "WC2 MAE");
        near(r.byWorkCentre[1].bias, -19.0 / 4.0, "WC2 bias");
        QCOMPARE(r.byWorkCentre[2].segment, QStringLiteral("WC4"));
        near(r.byWorkCentre[2].mae, 4.0, "WC4 MAE");
        near(r.byWorkCentre[2].bias, 0.0, "WC4 bias");
    }

    void grossErrorsAreScreenedAgainstTheStandardButDriftIsNot()
    {
        // Pool (CUT, WC1): 21 items at 0.9 / 1.0 / 1.1 × the standard (setup 10, run 1/unit, qty
        // 10), one run typed ×60, one setup typed as 0, one run ÷10. ln(actual/standard) of the
        // runs: Q1 = ln 0.9, Q3 = ln 1.1 (type 7 over 24), IQR 0.2007 → far-out fences ±0.602
        // beyond: ln 60 and ln 0.1 are out; the single zero setup (1 of 24 < a quarter) is an
        // error. Pool (MILL, WC2): 20 items all ×1.7 (a drifted work centre) ± 5%: nothing is
        // removed.
        MetricsInput in;
        const auto add = [&](const QString &item, const char *job, const char *res,
                             double runFactor, double setupFactor) {
            in.sampledItems << item;
            WorkOrderOp o =
                op("X", "R1", 10, job, res, 1, 10, 10.0 * setupFactor, 10.0 * runFactor);
            o.itemCode = item;
            in.operations << o;
            PredictedStep s = step(10, job, 10.0, 1.0);
            s.standardSetupMinutes = 10.0;
            s.standardRunMinutesPerUnit = 1.0;
            in.predictions.insert(item, prediction("X", {s}));
            in.looPredictions.insert(item, prediction("X", {s}));
        };
        for (int i = 0; i < 21; ++i) {
            const double f = (i % 3 == 0) ? 0.9 : (i % 3 == 1) ? 1.0 : 1.1;
            add(QStringLiteral("I%1").arg(i, 2, 10, QLatin1Char('0')), "CUT", "WC1", f, f);
        }
        add(QStringLiteral("I21"), "CUT", "WC1", 60.0, 1.0);
        add(QStringLiteral("I22"), "CUT", "WC1", 1.0, 0.0);
        add(QStringLiteral("I23"), "CUT", "WC1", 0.1, 1.0);
        for (int i = 0; i < 20; ++i) {
            const double f = i % 2 ? 1.7 * 1.05 : 1.7 * 0.95;
            add(QStringLiteral("J%1").arg(i, 2, 10, QLatin1Char('0')), "MILL", "WC2", f, 1.0);
        }
        const MetricsResult r = computeQualityMetrics(in);
        QCOMPARE(r.overall.operationsGrossErrors, 3);
        QCOMPARE(r.overall.operationsOutliers, 3);
        QCOMPARE(r.overall.operationsEvaluated, 41);
        // Errors: 20 − 20·f → ±2 or 0 (7 each) for CUT; 20 − 10 − 10·1.615 = −6.15 and
        // 20 − 10 − 10·1.785 = −7.85 for MILL (10 each): Σ|e| = 28 + 61.5 + 78.5 = 168.
        near(r.overall.mae, 168.0 / 41.0, "MAE without the gross errors");
    }

    void batchProcessesAreJudgedPerOrder()
    {
        // Pool (HT, OS1), a batch process: 24 orders of 1 … 24 units, each 100 min × 0.9 / 1.0 /
        // 1.1 whatever the lot; the planner's standard is 5 min per unit. Per unit the values
        // spread with 1/qty (IQR ≈ 1.1 in ln), per order they are tight (IQR 0.2): the pool is
        // judged per order. An order of 24 units typed ×60 (6,000 min): per unit ln(250 / 5) =
        // 3.9 lies inside the per-unit fences (Q3 + 3·IQR ≈ 4.5), per order ln(6000 / 5) = 7.1 is
        // far out.
        MetricsInput in;
        const auto add = [&](const QString &item, double qty, double runTotal) {
            in.sampledItems << item;
            WorkOrderOp o = op("X", "R1", 10, "HT", "OS1", 1, qty, 0.0, runTotal);
            o.itemCode = item;
            in.operations << o;
            PredictedStep s = step(10, "HT", 0.0, 100.0 / qty);
            s.standardRunMinutesPerUnit = 5.0;
            in.predictions.insert(item, prediction("X", {s}));
            in.looPredictions.insert(item, prediction("X", {s}));
        };
        for (int i = 0; i < 24; ++i) {
            const double f = (i % 3 == 0) ? 0.9 : (i % 3 == 1) ? 1.0 : 1.1;
            add(QStringLiteral("B%1").arg(i, 2, 10, QLatin1Char('0')), i + 1, 100.0 * f);
        }
        add(QStringLiteral("B24"), 24, 6000.0);
        const MetricsResult r = computeQualityMetrics(in);
        QCOMPARE(r.overall.operationsGrossErrors, 1);
        QCOMPARE(r.overall.operationsEvaluated, 24);
        // Errors 100 − 100·f: ±10 or 0, eight each.
        near(r.overall.mae, 160.0 / 24.0, "MAE without the typed ×60");
    }

    void grossScreenFencesAreTheInterpolatedQuartilesOfThePool()
    {
        // The screen finds Q1 and Q3 by selection, not by sorting; they must still be
        // stats::quantileSorted()'s (linear interpolation between order statistics), or the
        // operations near a fence flip. Random pools against the formula; k = 0.5 puts the fences
        // where the operations are dense.
        std::mt19937 rng(7);
        std::lognormal_distribution<double> factor(0.0, 0.3);
        PredictedStep standard = step(10, "CUT", 1.0, 1.0);
        standard.standardRunMinutesPerUnit = 1.0; // no setup standard: run per unit only
        int flagged = 0;
        for (int trial = 0; trial < 300; ++trial) {
            const int n = 20 + int(rng() % 61);
            ScreenedOperations ops;
            ops.jobCount = ops.resourceCount = 1;
            std::vector<const PredictedStep *> steps(size_t(n), &standard);
            const std::vector<char> usable(size_t(n), 1);
            QList<double> logs;
            for (int i = 0; i < n; ++i) {
                ops.job.push_back(0);
                ops.res.push_back(0);
                ops.runPerUnit.push_back(factor(rng));
                ops.setup.push_back(1.0);
                ops.qty.push_back(1.0); // per order = per unit: judged per unit
                logs << std::log(ops.runPerUnit.back());
            }
            const std::vector<char> gross = screenGrossErrors(ops, steps, usable, {0.5, 20, 0.0});
            QList<double> sorted = logs;
            std::sort(sorted.begin(), sorted.end());
            const double q1 = *stats::quantileSorted(sorted, 0.25);
            const double q3 = *stats::quantileSorted(sorted, 0.75);
            const double low = q1 - 0.5 * (q3 - q1), high = q3 + 0.5 * (q3 - q1);
            for (int i = 0; i < n; ++i) {
                const bool out = logs[i] < low || logs[i] > high;
                QVERIFY2(bool(gross[size_t(i)]) == out,
                         qPrintable(QStringLiteral("trial %1, n %2, value %3, fences %4 .. %5")
                                        .arg(trial)
                                        .arg(n)
                                        .arg(logs[i])
                                        .arg(low)
                                        .arg(high)));
                flagged += out;
            }
        }
        QVERIFY(flagged > 1000); // the fences cut through the data
    }

    void nothingToMeasureGivesNoFiguresNotZeros()
    {
        MetricsInput in;
        in.sampledItems = {QStringLiteral("X")};
        const MetricsResult r = computeQualityMetrics(in);
        QCOMPARE(r.overall.itemsWithoutActuals, 1);
        QVERIFY(!r.overall.mae);
        QVERIFY(!r.overall.processMatch);
        QVERIFY(!r.overall.coverage);
        QVERIFY(!r.overall.cv);
    }

    void stepSequenceFollowsTheMostUsedRoutingThenTheLatest()
    {
        MetricsInput in;
        in.sampledItems = {QStringLiteral("G")};
        // R1 and R2 have two operations each; R2 was reported last, so its steps are the sequence.
        in.operations = {
            op("G", "R1", 10, "CUT", "W", 1, 1, 1, 1), op("G", "R1", 20, "MILL", "W", 2, 1, 1, 1),
            op("G", "R2", 10, "TURN", "W", 3, 1, 1, 1), op("G", "R2", 20, "MILL", "W", 4, 1, 1, 1)};
        in.predictions.insert(QStringLiteral("G"), prediction("G", {}));
        in.looPredictions.insert(QStringLiteral("G"),
                                 prediction("G", {step(10, "TURN", 0, 0), step(20, "MILL", 0, 0)}));
        const MetricsResult r = computeQualityMetrics(in);
        QCOMPARE(r.overall.stepsActual, 2);
        QCOMPARE(r.overall.stepsMatched, 2);
        QCOMPARE(r.overall.operationsMatched, 0);
        near(r.overall.coverage, 0.0, "coverage with no predicted step");
        QVERIFY(!r.overall.mae);
    }

    void timesAtTheOperationsLotSizeWhenTheSourceKnowsThem()
    {
        // A batch process: 60 minutes a batch whatever the lot. Per unit at the typical lot (20)
        // that is 3 min; the source also knows the lot of 5 (12 min/unit, and a setup of 0 there)
        // but not the lot of 40.
        MetricsInput in;
        in.sampledItems = {QStringLiteral("B")};
        in.operations = {op("B", "R1", 10, "HT", "W", 1, 5, 0, 60),
                         op("B", "R1", 10, "HT", "W", 2, 40, 0, 60)};
        PredictedStep s = step(10, "HT", 0, 3.0);
        s.setupMinutes = 4.0; // the typical lot's setup: used for the lot of 40 only
        s.atQty = {{5.0, 0.0, 12.0}, {20.0, 4.0, 3.0}};
        in.predictions.insert(QStringLiteral("B"), prediction("B", {s}));
        in.looPredictions.insert(QStringLiteral("B"), prediction("B", {s}));
        const MetricsResult r = computeQualityMetrics(in);
        // lot 5: 0 + 12 × 5 = 60 (exact); lot 40: 4 + 3 × 40 = 124 (64 too many).
        near(r.overall.mae, 32.0, "MAE with one lot-size prediction");
        near(r.overall.bias, 32.0, "bias");
    }
};

QTEST_GUILESS_MAIN(TestQualityMetrics)
#include "test_quality_metrics.moc"
