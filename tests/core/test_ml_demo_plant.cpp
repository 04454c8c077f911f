// Integration: a small generated demo plant, read through the repositories, every candidate
// trained; the selected model must beat the routing standard times, and the service must answer
// for known, new and unknown items.

#include "core/config/app_config.h"
#include "core/data/demo_plant_generator.h"
#include "core/data/erp_database.h"
#include "core/ml/erp_training_source.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"
#include "core/ml/trainer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;
using namespace routing::ml;

namespace {
constexpr int kItems = 600;
const QDate kEndDate(2025, 6, 30);
} // namespace

class TestMlDemoPlant final : public QObject
{
    Q_OBJECT
private slots:
    void trainsOnTheDemoPlantAndBeatsTheStandardTimes()
    {
        QElapsedTimer timer;
        timer.start();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DemoPlantOptions plant;
        plant.items = kItems;
        plant.seed = 7;
        plant.endDate = kEndDate;
        plant.outFile = dir.filePath(QStringLiteral("plant.db"));
        const auto summary = generateDemoPlant(plant);
        QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().toString()));

        AppConfig config;
        config.database.path = plant.outFile;
        ErpDatabase db(config.database, QStringLiteral("test-ml-demo"));
        const QDateTime asOf(kEndDate.addDays(1), QTime(0, 0));
        auto data = ErpTrainingSource(db).load(asOf.addDays(-config.training.historyDays), asOf);
        QVERIFY2(data, qPrintable(data ? QString() : data.error().toString()));
        QCOMPARE(int(data->items().size()), kItems);
        QCOMPARE(data->routedItemCount(), summary->itemsWithRouting);
        QCOMPARE(qint64(data->operations().size()), summary->workOrderRows);
        QCOMPARE(data->orphanOperations(), 0);

        TrainingOptions options = TrainingOptions::fromConfig(config, asOf, dir.filePath(QStringLiteral("model")));
        options.training.xgboost.numRounds = 250;
        options.mlpMaxSeconds = 6; // the MLP's share of a 60 s test; the figures are still measured
        options.processMatchItems = 0;
        const auto result = Trainer::train(*data, options);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        QCOMPARE(result->candidates.size(), 4);
        const CandidateResult *selected = result->candidate(result->selected);
        QVERIFY(selected);
        QVERIFY2(selected->validation.mae < result->standardTime.validation.mae,
                 qPrintable(QStringLiteral("%1 MAE %2 vs standard %3")
                                .arg(result->selected)
                                .arg(selected->validation.mae)
                                .arg(result->standardTime.validation.mae)));
        QVERIFY(selected->validation.trimmedMae < result->standardTime.validation.trimmedMae);
        QVERIFY(result->processMatch.items == summary->itemsWithRouting);
        QVERIFY(result->processMatch.match() > 0.5);

        auto model = RoutingModel::load(result->artifactDir);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));
        QStringList codes;
        codes << data->items()[size_t(data->routedItems().front())].code;
        for (const Item &item : data->items())
            if (!data->routingOf(data->itemIndex(item.code))) {
                codes << item.code; // an item without a routing: a new item
                break;
            }
        codes << QStringLiteral("NO-SUCH-ITEM");
        const auto requests = Predictor::requestsFromErp(db, codes);
        QVERIFY2(requests, qPrintable(requests ? QString() : requests.error().toString()));
        QCOMPARE(requests->size(), 3);
        Predictor predictor(*model);
        const QList<ItemPrediction> predictions = predictor.predict(*requests, PredictOptions{false, true, {}, {}, 0});
        QCOMPARE(predictions[0].source, RoutingSource::Routing);
        QVERIFY(predictions[0].ok() && !predictions[0].steps.isEmpty());
        QVERIFY2(predictions[1].ok(), qPrintable(predictions[1].error ? predictions[1].error->toString() : QString()));
        QCOMPARE(predictions[1].source, RoutingSource::SimilarItems);
        QVERIFY(!predictions[1].neighbours.isEmpty());
        QVERIFY(!predictions[2].ok());
        QCOMPARE(predictions[2].toJson().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt(), 4003);
        for (const PredictedStep &s : predictions[0].steps) {
            QVERIFY(s.setupMinutes >= 0 && s.runMinutesPerUnit >= 0);
            QVERIFY(std::isfinite(s.setupMinutes) && std::isfinite(s.runMinutesPerUnit));
        }
        db.closeThreadConnection();
        qInfo() << "test wall" << timer.elapsed() << "ms";
    }
};

QTEST_GUILESS_MAIN(TestMlDemoPlant)
#include "test_ml_demo_plant.moc"
