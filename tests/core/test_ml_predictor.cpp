// The prediction service: own routings, new items, unknown items, contributions, cache, threads.

#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"
#include "core/ml/trainer.h"
#include "ml_test_fixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <thread>

using namespace routing;
using namespace routing::ml;

class TestMlPredictor final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TrainingData m_data;
    std::shared_ptr<const RoutingModel> m_model;

    PredictRequest request(const QString &code, bool withRouting = true) const
    {
        PredictRequest r;
        r.code = code;
        const int index = m_data.itemIndex(code);
        if (index >= 0) {
            r.item = m_data.items()[size_t(index)];
            if (const Routing *routing = m_data.routingOf(index); routing && withRouting)
                r.routing = *routing;
        }
        return r;
    }

private slots:
    void initTestCase()
    {
        m_data = test::fixtureData(60, 5);
        TrainingOptions o;
        o.asOf = test::fixtureAsOf();
        o.features = defaultFeatures();
        o.outputDir = m_dir.filePath(QStringLiteral("model"));
        o.training.xgboost.numRounds = 120;
        o.training.modelCandidates = {QStringLiteral("baseline"), QStringLiteral("xgboost")};
        o.processMatchItems = 50;
        const auto result = Trainer::train(m_data, o);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        auto model = RoutingModel::load(result->artifactDir);
        QVERIFY(model);
        m_model = *model;
        QCOMPARE(candidateName(m_model->selected()), QStringLiteral("xgboost"));
    }

    void itemWithARoutingKeepsItAndGetsTimes()
    {
        Predictor predictor(m_model);
        const ItemPrediction p = predictor.predictOne(request(QStringLiteral("S0003")), PredictOptions{false, false, 20.0, {}, 0});
        QVERIFY2(p.ok(), qPrintable(p.error ? p.error->toString() : QString()));
        QCOMPARE(p.source, RoutingSource::Routing);
        QCOMPARE(p.confidence, 1.0);
        const Routing &routing = *m_data.routingOf(m_data.itemIndex(QStringLiteral("S0003")));
        QCOMPARE(p.steps.size(), routing.steps.size());
        const QList<test::FixtureStep> truth = test::fixtureTrueSteps(true, 3);
        for (qsizetype s = 0; s < p.steps.size(); ++s) {
            QCOMPARE(p.steps[s].procSeq, routing.steps[s].procSeq);
            QCOMPARE(p.steps[s].jobCd, routing.steps[s].jobCd);
            QCOMPARE(p.steps[s].resCd, routing.steps[s].resCd);
            QVERIFY2(std::abs(p.steps[s].setupMinutes - truth[s].setup) < 0.05 * truth[s].setup,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(truth[s].job).arg(p.steps[s].setupMinutes).arg(truth[s].setup)));
            QVERIFY2(std::abs(p.steps[s].runMinutesPerUnit - truth[s].runPerUnit) < 0.1 * truth[s].runPerUnit,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(truth[s].job).arg(p.steps[s].runMinutesPerUnit).arg(truth[s].runPerUnit)));
        }
        QCOMPARE(p.orderQty, 20.0);

        const QJsonObject json = p.toJson();
        QCOMPARE(json.value(QStringLiteral("item")).toString(), QStringLiteral("S0003"));
        QCOMPARE(json.value(QStringLiteral("source")).toString(), QStringLiteral("routing"));
        const QJsonObject step = json.value(QStringLiteral("steps")).toArray().first().toObject();
        for (const char *key : {"proc_seq", "job_cd", "res_cd", "setup_minutes", "run_minutes_per_unit"})
            QVERIFY2(step.contains(QLatin1String(key)), key);
        QCOMPARE(step.value(QStringLiteral("proc_seq")).toInt(), 10);
    }

    void newItemGetsARoutingFromSimilarItems()
    {
        Predictor predictor(m_model);
        // S0063 has attributes but no routing; 63 % 3 == 0: material SUS, so grinding belongs in it.
        const ItemPrediction p = predictor.predictOne(request(QStringLiteral("s0063 ")));
        QVERIFY2(p.ok(), qPrintable(p.error ? p.error->toString() : QString()));
        QCOMPARE(p.item, QStringLiteral("S0063"));
        QCOMPARE(p.source, RoutingSource::SimilarItems);
        QVERIFY(p.confidence > 0 && p.confidence <= 1);
        QStringList jobs;
        for (const PredictedStep &s : p.steps)
            jobs << s.jobCd;
        QCOMPARE(jobs, (QStringList{QStringLiteral("CNC01"), QStringLiteral("GRD01"), QStringLiteral("INSP"),
                                    QStringLiteral("PKG")}));
        QCOMPARE(p.steps.first().procSeq, 10);
        QVERIFY(!p.neighbours.isEmpty());
        for (const PredictedNeighbour &n : p.neighbours)
            QVERIFY(n.code.startsWith(QLatin1Char('S')));
        const QJsonObject json = p.toJson();
        QCOMPARE(json.value(QStringLiteral("source")).toString(), QStringLiteral("similar_items"));
        QVERIFY(!json.value(QStringLiteral("neighbours")).toArray().isEmpty());
    }

    void routingOnlySkipsTheTimes()
    {
        Predictor predictor(m_model, 0);
        PredictOptions options{true, false, {}, {}, 0};
        const ItemPrediction full = predictor.predictOne(request(QStringLiteral("F0041")), options);
        options.routingOnly = true;
        const ItemPrediction routing = predictor.predictOne(request(QStringLiteral("F0041")), options);
        QVERIFY(routing.ok());
        QCOMPARE(routing.steps.size(), full.steps.size());
        for (qsizetype s = 0; s < routing.steps.size(); ++s) {
            QCOMPARE(routing.steps[s].jobCd, full.steps[s].jobCd);
            QVERIFY(std::isnan(routing.steps[s].setupMinutes));
        }
        const QJsonObject step = routing.toJson().value(QStringLiteral("steps")).toArray().first().toObject();
        QVERIFY(step.value(QStringLiteral("setup_minutes")).isNull());
    }

    void hidingTheOwnRoutingIsLeaveOneOut()
    {
        Predictor predictor(m_model);
        const ItemPrediction p = predictor.predictOne(request(QStringLiteral("F0040")), PredictOptions{true, false, {}, {}, 0});
        QVERIFY(p.ok());
        QCOMPARE(p.source, RoutingSource::SimilarItems);
        for (const PredictedNeighbour &n : p.neighbours)
            QVERIFY(n.code != QStringLiteral("F0040"));
    }

    void unknownItemsGetAnErrorObject()
    {
        Predictor predictor(m_model);
        const QList<ItemPrediction> results =
            predictor.predict({request(QStringLiteral("NO-SUCH-ITEM")), request(QStringLiteral("S0001"))});
        QCOMPARE(results.size(), 2);
        QVERIFY(!results[0].ok());
        QCOMPARE(results[0].error->code, ErrorCode::InvalidData);
        const QJsonObject json = results[0].toJson();
        QCOMPARE(json.value(QStringLiteral("item")).toString(), QStringLiteral("NO-SUCH-ITEM"));
        QCOMPARE(json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt(), 4003);
        QVERIFY(results[1].ok());

        Predictor empty;
        QCOMPARE(empty.predictOne(request(QStringLiteral("S0001"))).error->code, ErrorCode::ModelNotFound);
    }

    void contributionsAreTheTopFiveByMagnitude()
    {
        Predictor predictor(m_model);
        const ItemPrediction p = predictor.predictOne(request(QStringLiteral("F0010")), PredictOptions{false, true, {}, {}, 0});
        QVERIFY(p.ok());
        QCOMPARE(p.contributionsModel, QStringLiteral("xgboost:saabas"));
        for (const PredictedStep &s : p.steps) {
            for (const QList<Contribution> &list : {s.setupContributions, s.runContributions}) {
                QVERIFY(!list.isEmpty() && list.size() <= 5);
                for (qsizetype i = 1; i < list.size(); ++i)
                    QVERIFY(std::abs(list[i - 1].contribution) >= std::abs(list[i].contribution));
                QVERIFY(m_model->transform().featureNames().contains(list.first().feature));
            }
        }
        // The run time of the first step depends on the diameter: it explains the run prediction.
        bool diameter = false;
        for (const Contribution &c : p.steps.first().runContributions)
            diameter = diameter || c.feature == QStringLiteral("OUTDIAMETER");
        QVERIFY(diameter);
        QVERIFY(p.toJson().value(QStringLiteral("steps")).toArray().first().toObject().contains(QStringLiteral("contributions")));

        PredictOptions exact{false, true, {}, {}, 0};
        exact.exactContributions = true;
        const ItemPrediction e = predictor.predictOne(request(QStringLiteral("F0010")), exact);
        QCOMPARE(e.contributionsModel, QStringLiteral("xgboost:treeshap"));
        QCOMPARE(e.steps.size(), p.steps.size());
        QCOMPARE(e.steps.first().runMinutesPerUnit, p.steps.first().runMinutesPerUnit);
    }

    void cacheHitsAndIsInvalidatedByANewModel()
    {
        Predictor predictor(m_model, 10);
        const PredictRequest r = request(QStringLiteral("S0005"));
        const ItemPrediction first = predictor.predictOne(r);
        QCOMPARE(predictor.cache().misses(), 1);
        const ItemPrediction second = predictor.predictOne(r);
        QCOMPARE(predictor.cache().hits(), 1);
        QCOMPARE(second.toJson(), first.toJson());
        // Another option or a changed item is another entry.
        predictor.predictOne(r, PredictOptions{false, false, 99.0, {}, 0});
        QCOMPARE(predictor.cache().misses(), 2);
        PredictRequest changed = r;
        changed.item->numbers.insert(QStringLiteral("OUTDIAMETER"), 199.0);
        predictor.predictOne(changed);
        QCOMPARE(predictor.cache().misses(), 3);
        // The size limit holds.
        for (int i = 0; i < 30; ++i)
            predictor.predictOne(request(QStringLiteral("F%1").arg(i, 4, 10, QLatin1Char('0'))));
        QVERIFY(predictor.cache().size() <= 10);
        // A new model empties the cache.
        predictor.setModel(m_model);
        QCOMPARE(predictor.cache().size(), 0);
        predictor.predictOne(r);
        QCOMPARE(predictor.cache().size(), 1);
    }

    void perRequestLotSizeAndBulkCallsWithoutCache()
    {
        Predictor predictor(m_model, 10);
        PredictRequest r = request(QStringLiteral("S0003"));
        const ItemPrediction atOption = predictor.predictOne(r, PredictOptions{false, false, 40.0, {}, 0});
        r.orderQty = 40.0;
        PredictOptions bulk;
        bulk.orderQty = 5.0; // the request's own lot size wins
        bulk.useCache = false;
        const ItemPrediction atRequest = predictor.predictOne(r, bulk);
        QVERIFY(atRequest.ok());
        QCOMPARE(atRequest.orderQty, 40.0);
        QCOMPARE(atRequest.toJson(), atOption.toJson());
        QCOMPARE(predictor.cache().size(), 1); // the bulk call neither read nor wrote it
        QCOMPARE(predictor.cache().hits(), 0);
        // A request's lot size is part of its cache key.
        predictor.predictOne(r);
        r.orderQty = 41.0;
        predictor.predictOne(r);
        QCOMPARE(predictor.cache().size(), 3);
    }

    void concurrentCallersGetTheSameAnswers()
    {
        QList<PredictRequest> requests;
        for (int i = 0; i < 40; ++i)
            requests << request(QStringLiteral("%1%2").arg(i % 2 ? 'S' : 'F').arg(i, 4, 10, QLatin1Char('0')));
        Predictor serial(m_model, 0);
        const QList<ItemPrediction> expected = serial.predict(requests, PredictOptions{false, true, {}, {}, 0});
        Predictor shared(m_model, 0);
        std::vector<QList<ItemPrediction>> got(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int round = 0; round < 5; ++round)
                    got[size_t(t)] = shared.predict(requests, PredictOptions{false, true, {}, {}, 0});
            });
        for (std::thread &t : threads)
            t.join();
        for (const QList<ItemPrediction> &g : got) {
            QCOMPARE(g.size(), expected.size());
            for (qsizetype i = 0; i < g.size(); ++i)
                QCOMPARE(g[i].toJson(), expected[i].toJson());
        }
    }
};

QTEST_GUILESS_MAIN(TestMlPredictor)
#include "test_ml_predictor.moc"
