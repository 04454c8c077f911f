// Quality cycle benchmark, run by hand (never part of CTest). Figures go to docs/performance.md
// ("Quality cycle").
//
//   ninja -C build-quality bench_quality
//   build-quality/bench/bench_quality --items 20000 --sample 10000
//
// Generates the demo plant (fixed end date 2025-06-30, so every run sees the same plant) unless
// it exists, trains a model as of the drift date (before the drift) unless --model names one,
// then runs full quality cycles (ERP reads, sampling, both predictions per item, metrics, alerts,
// reports, history) with the real ML predictor: one before the drift and one after it, and
// prints the time of each phase.

#include "core/config/app_config.h"
#include "core/data/demo_plant_generator.h"
#include "core/data/erp_database.h"
#include "core/data/routing_repository.h"
#include "core/data/sqlite_library.h"
#include "core/data/work_order_repository.h"
#include "core/ml/erp_training_source.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"
#include "core/ml/trainer.h"
#include "core/quality/ml_prediction_source.h"
#include "core/quality/quality_cycle.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

using namespace routing;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int fail(const Error &e)
{
    out() << "FAILED: " << e.toString() << Qt::endl;
    return 1;
}

QString fmt(const std::optional<double> &v, int decimals = 2)
{
    return v ? QString::number(*v, 'f', decimals) : QStringLiteral("n/a");
}

/// The planner's standard times as the "model", preloaded: isolates the quality loop's own cost
/// (ERP reads of the actuals, sampling, metrics, alerts, outputs) from the ML engine's.
class StandardTimeSource final : public quality::PredictionSource
{
public:
    QHash<QString, Routing> routings;
    Result<QList<quality::ItemPrediction>> predict(const QStringList &items, bool) override
    {
        QList<quality::ItemPrediction> out;
        for (const QString &code : items) {
            quality::ItemPrediction p;
            p.itemCode = code;
            const auto it = routings.constFind(code);
            if (it == routings.cend()) {
                p.error = Error{ErrorCode::InvalidData, QStringLiteral("no routing")};
            } else {
                for (const RoutingStep &st : it->steps)
                    p.steps.append({st.procSeq, st.jobCd, st.resCd, st.setupMinutes.value_or(0),
                                    st.runMinutesPerUnit.value_or(0), st.setupMinutes,
                                    st.runMinutesPerUnit, {}});
            }
            out << p;
        }
        return out;
    }
};

} // namespace

int main(int argc, char **argv)
{
    routing::tuneSqliteLibrary(); // as routing-console does, before any SQLite file opens
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption itemsOption(QStringLiteral("items"),
                                         QStringLiteral("Items of the demo plant."),
                                         QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption sampleOption(QStringLiteral("sample"),
                                          QStringLiteral("Items per cycle."), QStringLiteral("n"),
                                          QStringLiteral("10000"));
    const QCommandLineOption plantOption(QStringLiteral("plant"),
                                         QStringLiteral("SQLite plant (generated when missing)."),
                                         QStringLiteral("file"));
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QStringLiteral("Model directory (trained when missing)."),
                                         QStringLiteral("dir"));
    const QCommandLineOption candidatesOption(
        QStringLiteral("candidates"), QStringLiteral("Candidates to train."),
        QStringLiteral("list"), QStringLiteral("baseline,xgboost,mlp,stacking"));
    const QCommandLineOption strategyOption(QStringLiteral("strategy"),
                                            QStringLiteral("random | stratified | recent_bias"),
                                            QStringLiteral("s"), QStringLiteral("stratified"));
    const QCommandLineOption windowOption(QStringLiteral("window-days"),
                                          QStringLiteral("evaluation.window_days"),
                                          QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption batchOption(QStringLiteral("batch"),
                                         QStringLiteral("Items per predict call."),
                                         QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption loopOnlyOption(
        QStringLiteral("loop-only"), QStringLiteral("Standard times instead of the ML model."));
    const QCommandLineOption outputsOption(QStringLiteral("outputs"),
                                           QStringLiteral("Keep the logs, reports and state here."),
                                           QStringLiteral("dir"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"),
                                          QStringLiteral("Timed cycles per as-of date."),
                                          QStringLiteral("n"), QStringLiteral("3"));
    parser.addOptions({itemsOption, sampleOption, plantOption, modelOption, candidatesOption,
                       strategyOption, windowOption, batchOption, loopOnlyOption, outputsOption,
                       repeatOption});
    parser.process(app);

    const int items = parser.value(itemsOption).toInt();
    const QDate endDate(2025, 6, 30);
    const QString plant = parser.isSet(plantOption)
                              ? parser.value(plantOption)
                              : QStringLiteral("/tmp/quality-bench/demo-%1.db").arg(items);
    QDir().mkpath(QFileInfo(plant).absolutePath());
    out() << "# bench_quality: " << items << " items, plant " << plant << Qt::endl;
    QElapsedTimer timer;
    if (!QFileInfo::exists(plant)) {
        timer.start();
        DemoPlantOptions o;
        o.items = items;
        o.endDate = endDate;
        o.outFile = plant;
        const auto summary = generateDemoPlant(o);
        if (!summary)
            return fail(summary.error());
        out() << "generated the plant in " << timer.elapsed() / 1000.0 << " s" << Qt::endl;
    }

    AppConfig config;
    config.sourceFile = QDir(QFileInfo(plant).absolutePath())
                            .absoluteFilePath(QStringLiteral("bench/config/x.yaml"));
    config.database.path = plant;
    config.training.modelCandidates = parser.value(candidatesOption).split(QLatin1Char(','));
    config.sampling.sampleSize = parser.value(sampleOption).toInt();
    config.sampling.strategy = *quality::strategyFromName(parser.value(strategyOption));
    config.evaluation.windowDays = parser.value(windowOption).toInt();
    QDate driftDate;
    {
        ErpDatabase db(config.database, QStringLiteral("bench-info"));
        auto q =
            db.exec(QStringLiteral("reading the drift date"),
                    QStringLiteral("SELECT value FROM DEMO_PLANT_INFO WHERE key = 'drift_date'"));
        if (!q)
            return fail(q.error());
        if (q->next())
            driftDate = QDate::fromString(q->value(0).toString(), Qt::ISODate);
        db.closeThreadConnection();
    }
    if (!driftDate.isValid())
        return fail(
            Error{ErrorCode::InvalidData, QStringLiteral("no drift_date in DEMO_PLANT_INFO")});
    const QDateTime trainedAt(driftDate, QTime(0, 0));
    out() << "drift date " << driftDate.toString(Qt::ISODate) << "; the model is trained as of it"
          << Qt::endl;

    const QString modelDir = parser.isSet(modelOption)
                                 ? parser.value(modelOption)
                                 : QStringLiteral("%1/model-%2-%3")
                                       .arg(QFileInfo(plant).absolutePath())
                                       .arg(items)
                                       .arg(driftDate.toString(QStringLiteral("yyyyMMdd")));
    if (!QFileInfo::exists(modelDir)) {
        timer.restart();
        ErpDatabase db(config.database, QStringLiteral("bench-train"));
        auto data = ml::ErpTrainingSource(db).load(trainedAt.addDays(-config.training.historyDays),
                                                   trainedAt);
        if (!data)
            return fail(data.error());
        auto trained =
            ml::Trainer::train(*data, ml::TrainingOptions::fromConfig(config, trainedAt, modelDir));
        if (!trained)
            return fail(trained.error());
        out() << "trained (" << trained->selected << ") in " << timer.elapsed() / 1000.0 << " s"
              << Qt::endl;
        db.closeThreadConnection();
    }
    StandardTimeSource standard;
    if (parser.isSet(loopOnlyOption)) {
        ErpDatabase db(config.database, QStringLiteral("bench-standard"));
        auto read = RoutingRepository(db).allCurrentRoutings([&](const Routing &r) {
            standard.routings.insert(r.itemCode, r);
            return true;
        });
        if (!read)
            return fail(read.error());
        db.closeThreadConnection();
        out() << "loop only: the planners' standard times stand in for the model" << Qt::endl;
    }
    auto model = ml::RoutingModel::load(modelDir);
    if (!model)
        return fail(model.error());
    auto predictor = std::make_shared<ml::Predictor>(*model, 0); // no cache: every cycle predicts
    quality::MlPredictionSource source(predictor, config.database);

    {
        // Where the predict phase goes: the ERP reads of the adapter vs the engine's two calls.
        ErpDatabase db(config.database, QStringLiteral("bench-profile"));
        auto codes = WorkOrderRepository(db).itemsWithActuals(trainedAt.addDays(-180), trainedAt);
        if (!codes)
            return fail(codes.error());
        const QStringList batch = codes->mid(0, 2000);
        timer.restart();
        auto requests = ml::Predictor::requestsFromErp(db, batch);
        if (!requests)
            return fail(requests.error());
        const double readMs = timer.elapsed();
        timer.restart();
        predictor->predict(*requests, ml::PredictOptions{false, false, {}, {}, 0});
        const double ownMs = timer.elapsed();
        timer.restart();
        predictor->predict(*requests, ml::PredictOptions{true, false, {}, {}, 0});
        const double looMs = timer.elapsed();
        out() << "predict profile, " << batch.size() << " items: ERP read " << readMs
              << " ms, own routing " << ownMs << " ms, leave-one-out " << looMs << " ms"
              << Qt::endl;
        db.closeThreadConnection();
    }

    QTemporaryDir outputs;
    config.paths.baseDir = parser.isSet(outputsOption)
                               ? QDir().absoluteFilePath(parser.value(outputsOption))
                               : outputs.path();
    out() << "\n| cycle as of | sample | seconds | connect+list | sample | read actuals | predict "
             "| metrics | "
             "alerts+outputs | MAE | trim MAE | process match | level "
             "|\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    const int repeat = std::max(1, parser.value(repeatOption).toInt());
    for (const QDateTime &asOf : {trainedAt, QDateTime(endDate.addDays(1), QTime(0, 0))}) {
        for (int i = 0; i < repeat; ++i) {
            QList<std::pair<qint64, int>> marks;
            QElapsedTimer cycleTimer;
            cycleTimer.start();
            quality::CycleEnvironment env;
            env.progress = [&](int percent, const QString &) {
                marks.append({cycleTimer.nsecsElapsed(), percent});
            };
            quality::CycleOptions options;
            options.asOf = asOf;
            options.trigger = QStringLiteral("bench");
            options.predictBatchSize = parser.value(batchOption).toInt();
            quality::PredictionSource &predictions =
                parser.isSet(loopOnlyOption) ? static_cast<quality::PredictionSource &>(standard)
                                             : source;
            auto report = quality::runQualityCycle(config, options, predictions, env);
            if (!report)
                return fail(report.error());
            if (report->status != quality::CycleStatus::Succeeded)
                return fail(*report->error);
            // Phase boundaries by the progress percent the cycle reports at each phase start.
            const auto at = [&](int percent) {
                for (const auto &[ns, p] : marks)
                    if (p >= percent)
                        return ns / 1e9;
                return cycleTimer.nsecsElapsed() / 1e9;
            };
            const double total = report->durationSeconds;
            const auto &m = report->metrics.overall;
            out() << "| " << asOf.toString(QStringLiteral("yyyy-MM-dd")) << " | "
                  << report->sample.items.size() << " | " << QString::number(total, 'f', 2) << " | "
                  << QString::number(at(5), 'f', 2) << " | "
                  << QString::number(at(12) - at(5), 'f', 2) << " | "
                  << QString::number(at(20) - at(12), 'f', 2) << " | "
                  << QString::number(at(88) - at(20), 'f', 2) << " | "
                  << QString::number(at(92) - at(88), 'f', 2) << " | "
                  << QString::number(total - at(92), 'f', 2) << " | " << fmt(m.mae) << " | "
                  << fmt(m.trimmedMae) << " | " << fmt(m.processMatch, 3) << " | "
                  << quality::severityName(report->level) << " |" << Qt::endl;
            if (i == repeat - 1)
                out() << "  items evaluated " << m.itemsEvaluated << ", failed " << m.itemsFailed
                      << ", without actuals " << m.itemsWithoutActuals << "; operations "
                      << m.operationsEvaluated << " (outliers " << m.operationsOutliers
                      << "), coverage " << fmt(m.coverage, 3) << ", bias " << fmt(m.bias)
                      << ", P90 " << fmt(m.p90AbsError) << ", CV " << fmt(m.cv, 3)
                      << ", job recall " << fmt(m.jobRecall, 3) << Qt::endl;
        }
    }
    return 0;
}
