// ML engine benchmark, run by hand (never part of CTest). Figures go to docs/performance.md.
//
//   ninja -C build-ml bench_ml
//   build-ml/bench/bench_ml --items 20000 --plant /tmp/routing-demo-20000.db
//
// Generates the demo plant with the generator API when the file does not exist (fixed end date,
// so every run sees the same plant), reads it through the repositories, trains every candidate,
// then measures what the issue asks for: training time per candidate, peak RSS, validation MAE
// next to the standard times, warm single-item predict latency (p50/p99), a 10,000-item batch,
// leave-one-out process match over every routed item, and exact vs HNSW similar-item search.

#include "core/config/app_config.h"
#include "core/data/demo_plant_generator.h"
#include "core/data/erp_database.h"
#include "core/data/sqlite_library.h"
#include "core/ml/erp_training_source.h"
#include "core/ml/feature_transform.h"
#include "core/ml/outlier_filter.h"
#include "core/ml/predictor.h"
#include "core/ml/process_match.h"
#include "core/ml/routing_model.h"
#include "core/ml/sample_set_builder.h"
#include "core/ml/trainer.h"
#include "core/ml/training_data.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

using namespace routing;
using namespace routing::ml;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

qint64 peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly))
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong() / 1024;
    return 0;
}

qint64 cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t i = std::min(values.size() - 1, size_t(std::ceil(p * double(values.size()))) - 1);
    return values[i];
}

int fail(const Error &e)
{
    out() << "FAILED: " << e.toString() << Qt::endl;
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    routing::tuneSqliteLibrary(); // as routing-console does, before any SQLite file opens
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption itemsOption(QStringLiteral("items"), QStringLiteral("Items of the demo plant."),
                                         QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption plantOption(QStringLiteral("plant"), QStringLiteral("SQLite plant file (generated when missing)."),
                                         QStringLiteral("file"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Plant seed."), QStringLiteral("n"),
                                        QStringLiteral("42"));
    const QCommandLineOption keepOption(QStringLiteral("keep"), QStringLiteral("Write the model here."),
                                        QStringLiteral("dir"));
    const QCommandLineOption candidatesOption(QStringLiteral("candidates"), QStringLiteral("Comma-separated candidates."),
                                              QStringLiteral("list"), QStringLiteral("baseline,xgboost,mlp,stacking"));
    const QCommandLineOption synthesisOption(QStringLiteral("synthesis-only"),
                                             QStringLiteral("Only the leave-one-out routing synthesis."));
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QStringLiteral("Skip training: measure this model directory."),
                                         QStringLiteral("dir"));
    const QCommandLineOption xgbOption(QStringLiteral("xgboost"),
                                       QStringLiteral("XGBoost overrides: depth,eta,rounds,maxRows."),
                                       QStringLiteral("list"));
    parser.addOptions({itemsOption, plantOption, seedOption, keepOption, candidatesOption, synthesisOption,
                       modelOption, xgbOption});
    parser.process(app);

    const int items = parser.value(itemsOption).toInt();
    const QDate endDate(2025, 6, 30);
    const QString plant = parser.isSet(plantOption)
                              ? parser.value(plantOption)
                              : QStringLiteral("/tmp/routing-demo-%1.db").arg(items);
    out() << "# bench_ml: " << items << " items, plant " << plant << Qt::endl;

    if (!QFileInfo::exists(plant)) {
        QElapsedTimer t;
        t.start();
        DemoPlantOptions o;
        o.items = items;
        o.seed = parser.value(seedOption).toULongLong();
        o.endDate = endDate;
        o.outFile = plant;
        const auto summary = generateDemoPlant(o);
        if (!summary)
            return fail(summary.error());
        out() << "generated plant: " << summary->workOrderRows << " work-order rows in " << t.elapsed() / 1000.0
              << " s; drift at " << summary->driftDate.toString(Qt::ISODate) << " on "
              << summary->driftWorkCentres.join(QLatin1Char(',')) << Qt::endl;
    }

    AppConfig config;
    config.database.path = plant;
    config.training.modelCandidates = parser.value(candidatesOption).split(QLatin1Char(','));
    ErpDatabase db(config.database, QStringLiteral("bench"));
    const QDateTime asOf(endDate.addDays(1), QTime(0, 0));
    const QDateTime from = asOf.addDays(-config.training.historyDays);

    QElapsedTimer timer;
    timer.start();
    auto data = ErpTrainingSource(db).load(from, asOf);
    if (!data)
        return fail(data.error());
    out() << "read: " << data->items().size() << " items, " << data->routedItemCount() << " routings, "
          << data->operations().size() << " operations in " << timer.elapsed() / 1000.0 << " s, peak RSS "
          << peakRssMb() << " MiB" << Qt::endl;

    if (qEnvironmentVariableIsSet("BENCH_EXPORT")) { // experiments outside C++: raw float32 arrays
        const QString dir = qEnvironmentVariable("BENCH_EXPORT");
        QDir().mkpath(dir);
        FeatureTransform::Options fo;
        fo.categorical = defaultFeatures().categorical;
        fo.numeric = defaultFeatures().numeric;
        const FeatureTransform t = FeatureTransform::fit(data->items(), data->jobs(), data->resources(), {}, fo);
        const QDateTime cutoff = asOf.addDays(-30), calibration = cutoff.addDays(-14);
        const OutlierFilter::Flags flags = OutlierFilter::flag(*data, cutoff.toMSecsSinceEpoch(), {});
        const SampleSetBuilder builder(*data, t, flags);
        const auto dump = [&](const QString &name, const SampleSet &set) {
            QFile f(QDir(dir).filePath(name + QStringLiteral(".bin")));
            f.open(QIODevice::WriteOnly);
            const auto put = [&](const auto &v) {
                std::vector<float> x(v.begin(), v.end());
                f.write(reinterpret_cast<const char *>(x.data()), qint64(x.size() * sizeof(float)));
            };
            f.write(reinterpret_cast<const char *>(set.features.data()), qint64(set.features.size() * sizeof(float)));
            put(set.label[0]); put(set.label[1]); put(set.offset[0]); put(set.offset[1]); put(set.orderQty);
            put(set.actualSetup); put(set.actualRun); put(set.clean); put(set.resource); put(set.time);
            out() << name << " " << set.rows() << " " << set.dimension << Qt::endl;
        };
        dump(QStringLiteral("train"), builder.build(from.toMSecsSinceEpoch(), calibration.toMSecsSinceEpoch(), SampleSetBuilder::Mode::Training));
        dump(QStringLiteral("calib"), builder.build(calibration.toMSecsSinceEpoch(), cutoff.toMSecsSinceEpoch(), SampleSetBuilder::Mode::Training));
        dump(QStringLiteral("valid"), builder.build(cutoff.toMSecsSinceEpoch(), asOf.toMSecsSinceEpoch(), SampleSetBuilder::Mode::Validation));
        QFile names(QDir(dir).filePath(QStringLiteral("names.txt")));
        names.open(QIODevice::WriteOnly);
        names.write(t.featureNames().join(QLatin1Char('\n')).toUtf8());
        return 0;
    }
    if (parser.isSet(synthesisOption)) {
        timer.restart();
        ModelParts parts;
        FeatureTransform::Options fo;
        fo.categorical = defaultFeatures().categorical;
        fo.numeric = defaultFeatures().numeric;
        parts.transform = FeatureTransform::fit(data->items(), data->jobs(), data->resources(), {}, fo);
        parts.library = RoutingLibrary::build(*data);
        parts.index = SimilarItemIndex::build(parts.transform, *data, parts.library, {});
        out() << "index built in " << timer.elapsed() << " ms; metric weights:" << Qt::endl;
        const QStringList names = SimilarItemIndex::attributeNames(parts.transform);
        for (int i = 0; i < names.size(); ++i)
            out() << "  " << names[i] << " " << parts.index.metric().weights()[size_t(i)] << Qt::endl;
        parts.neighbours = qEnvironmentVariableIntValue("BENCH_K") > 0 ? qEnvironmentVariableIntValue("BENCH_K") : 10;
        if (qEnvironmentVariableIsSet("BENCH_POWER"))
            parts.synthesis.weightPower = qEnvironmentVariable("BENCH_POWER").toDouble();
        if (qEnvironmentVariableIsSet("BENCH_SUPPORT"))
            parts.synthesis.minSupport = qEnvironmentVariable("BENCH_SUPPORT").toDouble();
        const RoutingModel model(std::move(parts));
        timer.restart();
        auto pm = ProcessMatchEvaluator::evaluate(model, *data, ProcessMatchEvaluator::sampleItems(*data, 0, 0), nullptr);
        if (!pm)
            return fail(pm.error());
        out() << "leave-one-out over " << pm->items << " items: aligned " << 100.0 * pm->match() << "% precision "
              << 100.0 * pm->precision() << "% positional " << 100.0 * pm->positionalMatch() << "% exact "
              << 100.0 * pm->exactRoutings / std::max(1, pm->items) << "% in " << timer.elapsed() << " ms" << Qt::endl;
        return 0;
    }

    QTemporaryDir tmp;
    const QString modelDir = parser.isSet(keepOption) ? parser.value(keepOption) : tmp.filePath(QStringLiteral("model"));
    TrainingOptions options = TrainingOptions::fromConfig(config, asOf, modelDir);
    if (parser.isSet(xgbOption)) {
        const QStringList v = parser.value(xgbOption).split(QLatin1Char(','));
        options.training.xgboost.maxDepth = v.value(0).toInt();
        options.training.xgboost.eta = v.value(1).toDouble();
        options.training.xgboost.numRounds = v.value(2).toInt();
        options.xgboostMaxRows = v.value(3).toInt();
    }
    std::optional<TrainingResult> result;
    if (!parser.isSet(modelOption)) {
        timer.restart();
        auto trained = Trainer::train(*data, options, [](int percent, const QString &step, const QString &message) {
            static int last = -1;
            if (percent / 10 != last / 10) {
                out() << "  [" << percent << "%] " << step << ": " << message << Qt::endl;
                last = percent;
            }
        });
        if (!trained)
            return fail(trained.error());
        result = *trained;
        const double trainSeconds = timer.elapsed() / 1000.0;
        out() << "train wall " << trainSeconds << " s, peak RSS " << peakRssMb() << " MiB" << Qt::endl;
    }
    const QString artifact = result ? result->artifactDir : parser.value(modelOption);

    if (result) {
    out() << "\n## accuracy (validation window, minutes per operation)\n";
    out() << "| predictor | MAE | trimmed MAE | RMSE | bias | vs standard MAE | train s |\n|---|---|---|---|---|---|---|\n";
    const double standardMae = result->standardTime.validation.mae;
    const auto line = [&](const CandidateResult &c) {
        out() << "| " << c.name << " | " << QString::number(c.validation.mae, 'f', 2) << " | "
              << QString::number(c.validation.trimmedMae, 'f', 2) << " | " << QString::number(c.validation.rmse, 'f', 2)
              << " | " << QString::number(c.validation.bias, 'f', 2) << " | "
              << QString::number(100.0 * (standardMae - c.validation.mae) / standardMae, 'f', 1) << "% | "
              << QString::number(c.trainingSeconds, 'f', 1) << " |\n";
    };
    line(result->standardTime);
    for (const CandidateResult &c : result->candidates)
        line(c);
    out().flush();
    }

    timer.restart();
    auto model = RoutingModel::load(artifact);
    if (!model)
        return fail(model.error());
    out() << "\nload: " << timer.elapsed() << " ms" << Qt::endl;

    // Requests for every routed item, read once (the service reads the ERP per call; that cost is
    // the repositories', not the engine's).
    QList<PredictRequest> requests;
    for (const Item &item : data->items()) {
        PredictRequest r;
        r.code = item.code;
        r.item = item;
        if (const Routing *routing = data->routingOf(data->itemIndex(item.code)))
            r.routing = *routing;
        requests << r;
    }
    Predictor predictor(*model, 0); // no cache: every call predicts
    std::mt19937_64 rng(7);
    std::vector<double> single;
    for (int i = 0; i < 200; ++i) // warm-up
        predictor.predictOne(requests[qsizetype(rng() % quint64(requests.size()))]);
    for (int i = 0; i < 2000; ++i) {
        const PredictRequest &r = requests[qsizetype(rng() % quint64(requests.size()))];
        timer.restart();
        const ItemPrediction p = predictor.predictOne(r);
        single.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!p.ok())
            out() << "error: " << p.error->toString() << Qt::endl;
    }
    out() << "single-item predict (warm, " << single.size() << " calls): p50 " << percentile(single, 0.5)
          << " ms, p99 " << percentile(single, 0.99) << " ms" << Qt::endl;
    std::vector<double> withContributions;
    for (int i = 0; i < 500; ++i) {
        const PredictRequest &r = requests[qsizetype(rng() % quint64(requests.size()))];
        timer.restart();
        predictor.predictOne(r, PredictOptions{false, true, {}, {}, 0});
        withContributions.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    out() << "single-item predict with contributions: p50 " << percentile(withContributions, 0.5) << " ms, p99 "
          << percentile(withContributions, 0.99) << " ms" << Qt::endl;
    const QList<PredictRequest> batch = requests.mid(0, std::min<qsizetype>(10000, requests.size()));
    predictor.predict(batch.mid(0, 500));
    timer.restart();
    const QList<ItemPrediction> batchResult = predictor.predict(batch);
    out() << batch.size() << "-item batch: " << timer.elapsed() << " ms ("
          << std::count_if(batchResult.begin(), batchResult.end(), [](const ItemPrediction &p) { return p.ok(); })
          << " ok)" << Qt::endl;
    for (const CandidateKind kind : (*model)->candidates()) {
        timer.restart();
        const qint64 cpu0 = cpuMs();
        predictor.predict(batch, PredictOptions{false, false, {}, kind, 0});
        out() << "  " << candidateName(kind) << ": " << timer.elapsed() << " ms wall, " << cpuMs() - cpu0
              << " ms CPU" << Qt::endl;
    }
    if (qEnvironmentVariableIsSet("BENCH_PREDICT_ONLY"))
        return 0;


    timer.restart();
    const std::vector<int> all = ProcessMatchEvaluator::sampleItems(*data, 0, 0);
    auto pm = ProcessMatchEvaluator::evaluate(**model, *data, all, nullptr);
    if (!pm)
        return fail(pm.error());
    out() << "\nleave-one-out process match over " << pm->items << " routed items: "
          << QString::number(100.0 * pm->match(), 'f', 2) << "% aligned (precision "
          << QString::number(100.0 * pm->precision(), 'f', 2) << "%, positional "
          << QString::number(100.0 * pm->positionalMatch(), 'f', 2) << "%, job recall "
          << QString::number(100.0 * pm->jobRecall(), 'f', 2) << "%, exact routings "
          << QString::number(100.0 * pm->exactRoutings / std::max(1, pm->items), 'f', 1) << "%) in "
          << timer.elapsed() / 1000.0 << " s" << Qt::endl;

    // Exact vs HNSW over all items (the fallback search; same-group search is always exact).
    const ModelParts &parts = (*model)->parts();
    SimilarItemIndex::Options hnswOptions;
    hnswOptions.mode = SimilarItemIndex::SearchMode::Hnsw;
    timer.restart();
    SimilarItemIndex hnsw = SimilarItemIndex::build(parts.transform, *data, parts.library, hnswOptions);
    const double buildMs = timer.elapsed();
    std::vector<double> exactTimes, hnswTimes;
    double recall = 0;
    const int queries = std::min(2000, hnsw.size());
    for (int q = 0; q < queries; ++q) {
        const int i = int(rng() % quint64(hnsw.size()));
        timer.restart();
        const auto exact = hnsw.searchAll(hnsw.vector(i), 10, i, SimilarItemIndex::SearchMode::Exact);
        exactTimes.push_back(double(timer.nsecsElapsed()) / 1e3);
        timer.restart();
        const auto approx = hnsw.searchAll(hnsw.vector(i), 10, i, SimilarItemIndex::SearchMode::Hnsw);
        hnswTimes.push_back(double(timer.nsecsElapsed()) / 1e3);
        int hit = 0;
        for (const Neighbour &a : approx)
            for (const Neighbour &e : exact)
                hit += a.index == e.index || a.distance == e.distance ? 1 : 0;
        recall += std::min(1.0, double(hit) / double(std::max<size_t>(1, exact.size())));
    }
    out() << "global search over " << hnsw.size() << " items: exact p50 " << percentile(exactTimes, 0.5)
          << " us p99 " << percentile(exactTimes, 0.99) << " us; HNSW (M=16, efC=100, ef=64, build "
          << buildMs << " ms, incl. metric learning) p50 " << percentile(hnswTimes, 0.5) << " us p99 "
          << percentile(hnswTimes, 0.99) << " us, recall@10 " << recall / queries << Qt::endl;
    out() << "peak RSS " << peakRssMb() << " MiB" << Qt::endl;
    return 0;
}
