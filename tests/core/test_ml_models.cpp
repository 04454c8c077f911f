// The candidates on the fixture plant, where the right answers are known.

#include "core/config/app_config.h"
#include "core/ml/baseline_model.h"
#include "core/ml/feature_transform.h"
#include "core/ml/level_correction.h"
#include "core/ml/mlp_model.h"
#include "core/ml/nnls.h"
#include "core/ml/outlier_filter.h"
#include "core/ml/routing_model.h"
#include "core/ml/sample_set_builder.h"
#include "core/ml/stacking_model.h"
#include "core/ml/xgboost_model.h"
#include "ml_test_fixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace routing;
using namespace routing::ml;

namespace {

struct Prepared
{
    TrainingData data;
    FeatureTransform transform;
    OutlierFilter::Flags flags;
    SampleSet train;
    SampleSet valid;
};

std::unique_ptr<Prepared> prepare()
{
    auto p = std::make_unique<Prepared>();
    p->data = test::fixtureData(60);
    FeatureTransform::Options o;
    o.categorical = defaultFeatures().categorical;
    o.numeric = defaultFeatures().numeric;
    p->transform = FeatureTransform::fit(p->data.items(), p->data.jobs(), p->data.resources(),
                                         {QStringLiteral("사내")}, o);
    const qint64 cutoff = test::fixtureAsOf().addDays(-60).toMSecsSinceEpoch();
    p->flags = OutlierFilter::flag(p->data, cutoff, {});
    const SampleSetBuilder builder(p->data, p->transform, p->flags);
    p->train = builder.build(0, cutoff, SampleSetBuilder::Mode::Training);
    p->valid = builder.build(cutoff, test::fixtureAsOf().toMSecsSinceEpoch(), SampleSetBuilder::Mode::Training);
    return p;
}

/// True run minutes per unit of a sample row (the fixture's formula, via its item and job).
double trueRunPerUnit(const Prepared &p, const SampleSet &s, int row)
{
    const Item &item = p.data.items()[size_t(s.item[size_t(row)])];
    const bool shaft = item.code.startsWith(QLatin1Char('S'));
    const int i = item.code.mid(1).toInt();
    const QString job = p.transform.describe(p.transform.itemDimension() + FeatureTransform::Job,
                                             s.row(row)[p.transform.itemDimension() + FeatureTransform::Job]);
    for (const test::FixtureStep &step : test::fixtureTrueSteps(shaft, i))
        if (step.job == job)
            return step.runPerUnit;
    return std::nan("");
}

} // namespace

class TestMlModels final : public QObject
{
    Q_OBJECT
private slots:
    void outlierFilterCatchesTheTypedInMinutes()
    {
        const auto p = prepare();
        int injected = 0, caught = 0, falseAlarms = 0;
        for (int r = 0; r < p->train.rows(); ++r) {
            const double actual = p->train.actualRun[size_t(r)] / p->train.orderQty[size_t(r)];
            const double truth = trueRunPerUnit(*p, p->train, r);
            const bool wrong = std::abs(actual - truth) > 0.01 * truth;
            const bool flagged = std::isnan(p->train.label[1][size_t(r)]);
            injected += wrong;
            caught += wrong && flagged;
            falseAlarms += !wrong && flagged;
        }
        QVERIFY(injected > 20);
        QCOMPARE(caught, injected);
        QCOMPARE(falseAlarms, 0);
    }

    void baselineMedianIsExact()
    {
        const auto p = prepare();
        const int itemDim = p->transform.itemDimension();
        const BaselineModel baseline = BaselineModel::fit(
            p->train, itemDim + FeatureTransform::Job, itemDim + FeatureTransform::Res,
            {itemDim + FeatureTransform::LogStandardSetup, itemDim + FeatureTransform::LogStandardRun});
        const TargetPredictions labels = baseline.predict(p->valid.batch());
        // Setup is a constant per process: the median of the group is that constant, exactly.
        for (int r = 0; r < p->valid.rows(); ++r) {
            const double setup = RoutingModel::minutes(labels[0][size_t(r)], p->valid.offset[0][size_t(r)]);
            QVERIFY2(std::abs(setup - p->valid.actualSetup[size_t(r)]) < 1e-3,
                     qPrintable(QStringLiteral("row %1: %2 vs %3").arg(r).arg(setup).arg(p->valid.actualSetup[size_t(r)])));
        }
        // A process never seen falls back to its standard time (label 0).
        std::vector<float> row(p->valid.row(0), p->valid.row(0) + p->valid.dimension);
        row[size_t(itemDim + FeatureTransform::Job)] = float(p->transform.jobCount()); // unknown job
        row[size_t(itemDim + FeatureTransform::Res)] = float(p->transform.resourceCount());
        const int group = 0;
        const TargetPredictions unknown = baseline.predict({row.data(), 1, p->valid.dimension, &group});
        QCOMPARE(unknown[0][0], 0.0f);
        QCOMPARE(unknown[1][0], 0.0f);
    }

    void xgboostLearnsTheExactRelation()
    {
        const auto p = prepare();
        XgboostModel::TrainOptions o;
        o.config.numRounds = 300;
        o.config.nthread = 2;
        int rounds = 0;
        auto model = XgboostModel::train(p->train, p->valid, o,
                                         [&](Target, int, int, double) { ++rounds; }, nullptr);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));
        QVERIFY(rounds > 10);
        QVERIFY(model->report(Target::Run).bestRounds <= model->report(Target::Run).roundsRun);
        const TargetPredictions labels = model->predict(p->valid.batch());
        std::vector<double> relative;
        for (int r = 0; r < p->valid.rows(); ++r) {
            const double truth = trueRunPerUnit(*p, p->valid, r);
            const double predicted = RoutingModel::minutes(labels[1][size_t(r)], p->valid.offset[1][size_t(r)]);
            relative.push_back(std::abs(predicted - truth) / truth);
        }
        std::sort(relative.begin(), relative.end());
        const double median = relative[relative.size() / 2];
        const double p90 = relative[relative.size() * 9 / 10];
        qInfo() << "xgboost run per unit: median relative error" << median << "p90" << p90;
        QVERIFY2(median < 0.03, qPrintable(QString::number(median)));
        QVERIFY2(p90 < 0.10, qPrintable(QString::number(p90)));
    }

    void mlpTrainsAndRoundTrips()
    {
        const auto p = prepare();
        MlpModel::TrainOptions o;
        o.config.maxIter = 60;
        o.maxRows = 3000;
        o.maxSeconds = 20;
        for (int c = 0; c < p->transform.categoricalCount(); ++c)
            o.categoricalFeatures << c;
        const int itemDim = p->transform.itemDimension();
        o.categoricalFeatures << itemDim + FeatureTransform::Job << itemDim + FeatureTransform::Res;
        auto model = MlpModel::train(p->train, p->valid, o, {}, nullptr);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));
        const TargetPredictions labels = model->predict(p->valid.batch());
        double sumAbs = 0, sumAbsZero = 0;
        for (int r = 0; r < p->valid.rows(); ++r) {
            const float label = p->valid.label[1][size_t(r)];
            if (std::isnan(label))
                continue;
            sumAbs += std::abs(labels[1][size_t(r)] - label);
            sumAbsZero += std::abs(label); // the standard time itself
        }
        qInfo() << "mlp run label MAE" << sumAbs << "vs standard" << sumAbsZero;
        QVERIFY(sumAbs < 0.5 * sumAbsZero); // learned a good part of how actuals differ from standards

        QTemporaryDir dir;
        QVERIFY(model->save(dir.path()));
        const auto loaded = MlpModel::load(dir.path(), p->valid.dimension);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
        const TargetPredictions again = loaded->predict(p->valid.batch());
        for (int t = 0; t < kTargetCount; ++t)
            for (int r = 0; r < p->valid.rows(); ++r)
                QVERIFY(std::abs(again[size_t(t)][size_t(r)] - labels[size_t(t)][size_t(r)]) < 1e-5f);
        const auto wrong = MlpModel::load(dir.path(), p->valid.dimension + 1);
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, ErrorCode::ModelNotFound);
    }

    void nnlsSolvesAndStaysNonNegative()
    {
        std::mt19937_64 rng(3);
        std::normal_distribution<double> n;
        Nnls exact(3), clipped(2);
        for (int i = 0; i < 200; ++i) {
            const double a[3] = {n(rng), n(rng), n(rng)};
            exact.addRow(a, 2.0 * a[0] + 0.5 * a[2]);
            clipped.addRow(a, a[0] - a[1]); // the true coefficient of a[1] is negative
        }
        const std::vector<double> x = exact.solve();
        QVERIFY(std::abs(x[0] - 2.0) < 1e-6 && std::abs(x[1]) < 1e-6 && std::abs(x[2] - 0.5) < 1e-6);
        const std::vector<double> y = clipped.solve();
        QVERIFY(std::abs(y[0] - 1.0) < 0.2);
        QCOMPARE(y[1], 0.0);
    }

    void stackingBlendsWithNonNegativeWeights()
    {
        const auto p = prepare();
        TargetPredictions good, noise;
        std::mt19937_64 rng(5);
        std::normal_distribution<float> n(0.0f, 0.3f);
        for (int t = 0; t < kTargetCount; ++t)
            for (int r = 0; r < p->valid.rows(); ++r) {
                const float label = p->valid.label[size_t(t)][size_t(r)];
                good[size_t(t)].push_back(std::isnan(label) ? 0.0f : label);
                noise[size_t(t)].push_back(n(rng));
            }
        const StackingModel s = StackingModel::fit(p->valid, {&noise, &good, nullptr});
        for (int t = 0; t < kTargetCount; ++t) {
            QVERIFY(std::abs(s.weight(Target(t), 1) - 1.0) < 0.02);
            QVERIFY(s.weight(Target(t), 0) >= 0.0 && s.weight(Target(t), 0) < 0.02);
            QCOMPARE(s.weight(Target(t), 2), 0.0);
        }
        QVERIFY(s.uses(1));
        QVERIFY(!s.uses(2));
        const auto back = StackingModel::fromJson(s.toJson());
        QVERIFY(back);
        QCOMPARE(back->weight(Target::Run, 1), s.weight(Target::Run, 1));
    }

    void levelCorrectionFollowsARecentSlowdown()
    {
        SampleSet window;
        window.dimension = 0;
        const qint64 end = test::fixtureAsOf().toMSecsSinceEpoch();
        for (int r = 0; r < 40; ++r) {
            window.resource.push_back(r % 2); // resource 1 runs 70% slower than predicted
            window.time.push_back(end - qint64(r) * 3600 * 1000);
            window.item.push_back(0);
            window.label[0].push_back(0.0f);
            window.label[1].push_back(r % 2 ? float(std::log(1.7)) : 0.0f);
        }
        TargetPredictions zero;
        zero[0].assign(40, 0.0f);
        zero[1].assign(40, 0.0f);
        const LevelCorrection c = LevelCorrection::fit(window, zero, end, {});
        QVERIFY(std::abs(c.correction(Target::Run, 1) - std::log(1.7)) < 0.15);
        QCOMPARE(c.correction(Target::Run, 0), 0.0f);
        QCOMPARE(c.correction(Target::Setup, 1), 0.0f);
        const auto back = LevelCorrection::fromJson(c.toJson());
        QVERIFY(back);
        QCOMPARE(back->correction(Target::Run, 1), c.correction(Target::Run, 1));
    }

    void levelCorrectionKeepsAClearShiftWholeAndDropsNoise()
    {
        // Resource 0: a ×2.4 slowdown under ±15% noise, 60 operations over 14 days: corrected
        // (almost) fully. Resource 1: a 1% "shift" under ±30% noise: within the noise, dropped.
        SampleSet window;
        window.dimension = 0;
        const qint64 end = test::fixtureAsOf().toMSecsSinceEpoch();
        for (int r = 0; r < 120; ++r) {
            const int resource = r % 2;
            window.resource.push_back(resource);
            window.time.push_back(end - qint64(r) * 5 * 3600 * 1000);
            window.item.push_back(0);
            window.label[0].push_back(0.0f);
            window.label[1].push_back(resource == 0 ? float(std::log(2.4) + 0.15 * std::sin(r * 1.7))
                                                    : float(0.01 + 0.3 * std::sin(r * 2.3)));
        }
        TargetPredictions zero;
        zero[0].assign(120, 0.0f);
        zero[1].assign(120, 0.0f);
        const LevelCorrection c = LevelCorrection::fit(window, zero, end, {});
        QVERIFY2(std::abs(c.correction(Target::Run, 0) - std::log(2.4)) < 0.03,
                 qPrintable(QString::number(c.correction(Target::Run, 0))));
        QVERIFY2(std::abs(c.correction(Target::Run, 1)) < 0.01,
                 qPrintable(QString::number(c.correction(Target::Run, 1))));
    }
};

QTEST_GUILESS_MAIN(TestMlModels)
#include "test_ml_models.moc"
