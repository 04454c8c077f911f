// Issue 4's acceptance on the demo plant with the real ML engine: a model trained before the
// drift; cycles before the drift are normal; cycles well after it report a critical MAE (code
// 3001), and the second of them (2 of 3 debounce) raises the alert and requests retraining; the
// JSON report, the CSV and the log agree.
//
// The thresholds are the configuration's defaults, the operator manual's (MAE warning 5, critical
// 10 minutes): the demo plant's drift event is sized to cross them (docs/demo-plant.md), and the
// model is the engine's XGBoost candidate, trained, saved, loaded and served by the real Predictor.

#include "core/data/demo_plant_generator.h"
#include "core/data/erp_database.h"
#include "core/ml/erp_training_source.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"
#include "core/ml/trainer.h"
#include "core/quality/cycle_outputs.h"
#include "core/quality/ml_prediction_source.h"
#include "core/quality/quality_cycle.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;
using namespace routing::quality;

namespace {

const QDate kEndDate(2025, 6, 30);

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

QString logLineFor(const QString &logPath, const QString &cycleId, const QString &prefix)
{
    QFile f(logPath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    bool in = false;
    for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
        if (line.contains(QStringLiteral("started (cycle_%1)").arg(cycleId)))
            in = true;
        else if (in && line.contains(QStringLiteral("started (cycle_")))
            break;
        if (in && line.contains(prefix))
            return line;
    }
    return {};
}

} // namespace

class TestQualityAcceptance final : public QObject
{
    Q_OBJECT
private slots:
    void driftIsCriticalAndRequestsRetraining()
    {
        QTemporaryDir dir;
        AppConfig config;
        config.sourceFile = dir.filePath(QStringLiteral("config/iter_training.yaml"));
        config.paths.baseDir = QStringLiteral("..");
        config.training.modelCandidates = {QStringLiteral("xgboost")};
        config.sampling.strategy = SamplingConfig::Strategy::Stratified;

        DemoPlantOptions plant;
        plant.items = 2000;
        plant.seed = 42;
        plant.endDate = kEndDate;
        plant.outFile = config.erpSqlitePath();
        const auto summary = generateDemoPlant(plant);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
        const QDateTime drift(summary->driftDate, QTime(0, 0));
        QCOMPARE(summary->driftDate, kEndDate.addDays(-45));

        // The live model, trained on what was known at the drift date.
        DatabaseConfig erp = config.database;
        erp.path = config.erpSqlitePath();
        {
            ErpDatabase db(erp, QStringLiteral("acceptance-train"));
            auto data =
                ml::ErpTrainingSource(db).load(drift.addDays(-config.training.historyDays), drift);
            QVERIFY2(data, data ? "" : qPrintable(data.error().toString()));
            auto trained = ml::Trainer::train(
                *data, ml::TrainingOptions::fromConfig(
                           config, drift, dir.filePath(QStringLiteral("models/live"))));
            QVERIFY2(trained, trained ? "" : qPrintable(trained.error().toString()));
            db.closeThreadConnection();
        }
        auto model = ml::RoutingModel::load(dir.filePath(QStringLiteral("models/live")));
        QVERIFY2(model, model ? "" : qPrintable(model.error().toString()));
        MlPredictionSource source(std::make_shared<ml::Predictor>(*model), erp);

        const auto cycle = [&](const QDateTime &asOf) {
            CycleOptions options;
            options.asOf = asOf;
            options.trigger = QStringLiteral("acceptance");
            auto r = runQualityCycle(config, options, source);
            if (!r)
                qFatal("%s", qPrintable(r.error().toString()));
            const QualityMetrics &m = r->metrics.overall;
            qInfo("as of %s: %s, MAE %.2f, trimmed %.2f, process match %.3f, CV %.3f, %d items",
                  qPrintable(asOf.toString(Qt::ISODate)), qPrintable(severityName(r->level)),
                  m.mae.value_or(-1), m.trimmedMae.value_or(-1), m.processMatch.value_or(-1),
                  m.cv.value_or(-1), m.itemsEvaluated);
            return *r;
        };

        // Two pre-drift windows, the manual's thresholds: normal.
        const CycleReport earlier = cycle(drift.addDays(-30));
        QCOMPARE(earlier.status, CycleStatus::Succeeded);
        QCOMPARE(exitCodeFor(earlier), 0);
        const CycleReport before = cycle(drift);
        QCOMPARE(before.status, CycleStatus::Succeeded);
        QCOMPARE(before.metrics.overall.itemsFailed, 0);
        QVERIFY(before.metrics.overall.itemsEvaluated > 300);
        QCOMPARE(exitCodeFor(before), 0);

        const CycleReport after1 = cycle(QDateTime(kEndDate.addDays(-2), QTime(0, 0)));
        QCOMPARE(exitCodeFor(after1), 2);
        QVERIFY(*after1.metrics.overall.mae >= config.thresholds.maeMinutes.critical);
        QVERIFY(*after1.metrics.overall.bias < 0); // the drift slows work down: actuals above predictions
        QVERIFY(!after1.retraining); // one critical cycle of the last three: debounced

        const CycleReport after2 = cycle(QDateTime(kEndDate.addDays(1), QTime(0, 0)));
        QCOMPARE(exitCodeFor(after2), 2);
        QVERIFY(*after2.metrics.overall.mae >= config.thresholds.maeMinutes.critical);
        const auto alert = std::find_if(
            after2.activeAlerts.cbegin(), after2.activeAlerts.cend(),
            [](const Alert &a) { return a.key == QLatin1String("quality.mae_minutes"); });
        QVERIFY(alert != after2.activeAlerts.cend());
        QCOMPARE(alert->severity, Severity::Critical);
        QCOMPARE(alert->code, 3001);
        QVERIFY(after2.retraining);
        QCOMPARE(after2.retraining->kind, RetrainingDecisionKind::Enqueued);

        // The retraining request is on record for the jobs issue to pick up.
        {
            StateStore state(config.stateDbPath());
            QVERIFY(state.open());
            QSqlQuery q(state.connectionForThread().value());
            QVERIFY(q.exec(QStringLiteral(
                "SELECT cycle_id, decision, kind, reason FROM retraining_requests")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), after2.cycleId);
            QCOMPARE(q.value(1).toString(), QStringLiteral("enqueued"));
            QCOMPARE(q.value(2).toString(), QStringLiteral("automatic"));
            QVERIFY(q.value(3).toString().contains(QStringLiteral("[3001]")));
            QVERIFY(!q.next());
        }

        // JSON, CSV and log agree on the critical cycle.
        const QJsonObject json = readJson(after2.jsonPath);
        const QJsonObject metrics = json.value(QStringLiteral("metrics")).toObject();
        const double jsonTrim = metrics.value(QStringLiteral("trim_mae_minutes")).toDouble();
        const double jsonMae = metrics.value(QStringLiteral("mae_minutes")).toDouble();
        QCOMPARE(jsonTrim, *after2.metrics.overall.trimmedMae);
        QCOMPARE(jsonMae, *after2.metrics.overall.mae);
        QCOMPARE(json.value(QStringLiteral("level")).toString(), QStringLiteral("critical"));
        QCOMPARE(json.value(QStringLiteral("retraining"))
                     .toObject()
                     .value(QStringLiteral("decision"))
                     .toString(),
                 QStringLiteral("enqueued"));
        QFile csv(after2.csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.first().startsWith("\xEF\xBB\xBF"
                                         "cycle_id,"));
        QStringList row;
        for (const QByteArray &line : lines)
            if (line.startsWith(after2.cycleId.toUtf8() + ','))
                row = QString::fromUtf8(line.trimmed()).split(u',');
        const auto column = [&](const char *name) {
            return row.value(csvHeader().indexOf(QString::fromLatin1(name)));
        };
        QCOMPARE(column("trim_mae_minutes"), QString::number(jsonTrim, 'f', 4));
        QCOMPARE(column("mae_minutes"), QString::number(jsonMae, 'f', 4));
        QCOMPARE(column("level"), QStringLiteral("critical"));
        QCOMPARE(column("retraining"), QStringLiteral("enqueued"));
        const QString line =
            logLineFor(after2.logPath, after2.cycleId, QStringLiteral("CRITICAL: MAE = "));
        QVERIFY2(line.endsWith(
                     QStringLiteral("MAE = %1 minutes (🔴 above critical threshold %2) [3001]")
                         .arg(QString::number(jsonMae, 'f', 2),
                              QString::number(config.thresholds.maeMinutes.critical, 'f', 2))),
                 qPrintable(line));
        QVERIFY(!logLineFor(after2.logPath, after2.cycleId,
                            QStringLiteral(": Trim-MAE = %1 minutes")
                                .arg(QString::number(jsonTrim, 'f', 2)))
                     .isEmpty());
        QVERIFY(!logLineFor(after2.logPath, after2.cycleId,
                            QStringLiteral("INFO: Retraining requested: job "))
                     .isEmpty());

        // prefetch() reads the routings in a thread of its own: the leave-one-out call needs
        // none and may run while they are read; the own-routing call waits for them.
        const QStringList items = before.sample.items.mid(0, 40);
        QVERIFY(source.prefetch(items));
        const auto loo = source.predict(items, true);
        QVERIFY2(loo, loo ? "" : qPrintable(loo.error().toString()));
        const auto own = source.predict(items, false);
        QVERIFY2(own, own ? "" : qPrintable(own.error().toString()));
        QCOMPARE(own->size(), items.size());
        for (qsizetype i = 0; i < items.size(); ++i) {
            QCOMPARE(loo->at(i).source, QStringLiteral("similar_items"));
            // Every item with actuals has a routing: the own-routing call had it.
            QCOMPARE(own->at(i).source, QStringLiteral("routing"));
        }
        source.release();

        // A routing read that fails fails the own-routing call with its error, not the rest.
        DatabaseConfig broken = erp;
        broken.schema.routingView = QStringLiteral("NO_SUCH_ROUTING_VIEW");
        MlPredictionSource withoutRoutings(std::make_shared<ml::Predictor>(*model), broken);
        QVERIFY(withoutRoutings.prefetch(items)); // the item rows
        QVERIFY(withoutRoutings.predict(items, true));
        const auto failed = withoutRoutings.predict(items, false);
        QVERIFY(!failed);
        QCOMPARE(failed.error().code, ErrorCode::DatabaseConnection);
        QVERIFY2(failed.error().message.contains(QLatin1String("NO_SUCH_ROUTING_VIEW")),
                 qPrintable(failed.error().message));
        // Not only once: the items are read again, and fail again, rather than go without.
        const auto again = withoutRoutings.predict(items, false);
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(QLatin1String("NO_SUCH_ROUTING_VIEW")),
                 qPrintable(again.error().message));
        withoutRoutings.release();
    }
};

QTEST_GUILESS_MAIN(TestQualityAcceptance)
#include "test_quality_acceptance.moc"
