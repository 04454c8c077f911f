#include "core/jobs/training_worker.h"

#include "core/common/atomic_file.h"
#include "core/data/erp_database.h"
#include "core/jobs/job_files.h"
#include "core/jobs/jobs_logging.h"
#include "core/ml/erp_training_source.h"
#include "core/ml/routing_model.h"
#include "core/ml/trainer.h"
#include "core/ml/training_data.h"
#include "core/registry/file_tree.h"
#include "core/registry/golden_items.h"

#include <QDir>
#include <QJsonDocument>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <exception>
#include <random>
#include <thread>

namespace routing::jobs {

namespace {

// Set from a signal handler or the stdin watcher: a lock-free atomic is async-signal-safe.
std::atomic<bool> g_cancel{false};

extern "C" void onTerminate(int)
{
    g_cancel.store(true);
}

void emitLine(const QByteArray &line)
{
    fwrite(line.constData(), 1, size_t(line.size()), stdout);
    fflush(stdout);
}

/// A few items the candidate must predict again, identically, before it may go live: routed
/// items and items without a routing (synthesised from neighbours), drawn with the job's seed.
QList<ml::PredictRequest> goldenCandidates(const ml::TrainingData &data, quint64 seed)
{
    std::mt19937_64 rng(seed);
    std::vector<int> routed = data.routedItems();
    std::vector<int> unrouted;
    for (int i = 0; i < int(data.items().size()); ++i)
        if (!data.routingOf(i))
            unrouted.push_back(i);
    std::shuffle(routed.begin(), routed.end(), rng);
    std::shuffle(unrouted.begin(), unrouted.end(), rng);
    QList<ml::PredictRequest> out;
    const auto add = [&](int index) {
        ml::PredictRequest r;
        r.code = data.items()[size_t(index)].code;
        r.item = data.items()[size_t(index)];
        if (const Routing *routing = data.routingOf(index))
            r.routing = *routing;
        out << r;
    };
    for (size_t i = 0; i < routed.size() && i < 6; ++i)
        add(routed[i]);
    for (size_t i = 0; i < unrouted.size() && i < 3; ++i)
        add(unrouted[i]);
    return out;
}

Result<QJsonObject> train(const AppConfig &config, const QString &jobDir, const JobSpec &spec)
{
    const auto progress = [](int percent, const QString &step, const QString &message) {
        emitLine(WorkerMessage::progressLine(percent, step, message));
    };
    const QDateTime asOf = spec.asOf.isValid() ? spec.asOf : QDateTime::currentDateTime();
    progress(0, QStringLiteral("start"),
             QStringLiteral("job %1, attempt %2, training time %3")
                 .arg(spec.jobId)
                 .arg(spec.attempt)
                 .arg(asOf.toString(Qt::ISODate)));

    DatabaseConfig db = config.database;
    if (db.driver == QLatin1String("QSQLITE"))
        db.path = config.erpSqlitePath();
    ErpDatabase erp(db, QStringLiteral("worker"));
    if (auto s = erp.open(); !s)
        return std::unexpected(s.error());
    const ml::ErpTrainingSource source(erp);
    auto data = source.load(
        asOf.addDays(-config.training.historyDays), asOf,
        [&](int p, const QString &step, const QString &message) { progress(p / 4, step, message); },
        &g_cancel);
    erp.closeThreadConnection();
    if (!data)
        return std::unexpected(data.error());

    ml::TrainingOptions options = ml::TrainingOptions::fromConfig(
        config, asOf, QDir(jobDir).filePath(QString::fromLatin1(kCandidateDir)));
    if (!files::removeTree(options.outputDir))
        return fail(
            ErrorCode::Io,
            QStringLiteral("cannot remove the earlier attempt's %1").arg(options.outputDir));
    if (!spec.liveDir.isEmpty()) {
        auto live = ml::RoutingModel::load(spec.liveDir);
        if (live)
            options.liveModel = *live;
        else
            progress(25, QStringLiteral("live"),
                     QStringLiteral("the live model %1 does not load (%2); comparing with the "
                                    "planners' standard times instead")
                         .arg(spec.liveVersion, live.error().message));
    }
    auto result = ml::Trainer::train(
        *data, options,
        [&](int p, const QString &step, const QString &message) {
            progress(25 + p * 70 / 100, step, message);
        },
        &g_cancel);
    if (!result)
        return std::unexpected(result.error());

    QString candidate;
    if (!result->artifactDir.isEmpty()) {
        progress(96, QStringLiteral("golden"),
                 QStringLiteral("recording the golden items for the smoke test"));
        auto model = ml::RoutingModel::load(result->artifactDir);
        if (!model)
            return fail(ErrorCode::TrainingFailed,
                        QStringLiteral("the candidate just written does not load: %1")
                            .arg(model.error().message));
        auto golden =
            registry::GoldenSet::record(*model, goldenCandidates(*data, config.training.seed));
        if (!golden)
            return std::unexpected(golden.error());
        if (auto s = golden->write(result->artifactDir); !s)
            return std::unexpected(s.error());
        candidate = QString::fromLatin1(kCandidateDir);
    }
    if (g_cancel.load())
        return fail(ErrorCode::Cancelled, QStringLiteral("training cancelled"));

    const QJsonObject out{{QStringLiteral("schema_version"), 1},
                          {QStringLiteral("job_id"), spec.jobId},
                          {QStringLiteral("attempt"), spec.attempt},
                          {QStringLiteral("decision"), result->decision},
                          {QStringLiteral("proposed"), result->proposed},
                          {QStringLiteral("reason"), result->reason},
                          {QStringLiteral("selected"), result->selected},
                          {QStringLiteral("improvement_pct"), result->improvementPct},
                          {QStringLiteral("as_of"), result->asOf.toString(Qt::ISODate)},
                          {QStringLiteral("data_hash"), result->dataHash},
                          {QStringLiteral("live_version"), spec.liveVersion},
                          {QStringLiteral("candidate"), candidate},
                          {QStringLiteral("duration_seconds"), result->durationSeconds},
                          {QStringLiteral("metrics"), result->metricsJson()},
                          {QStringLiteral("summary"), result->summaryJson()},
                          {QStringLiteral("text"), result->toText()}};
    if (auto s = writeFileAtomically(QDir(jobDir).filePath(QString::fromLatin1(kResultFile)),
                                     QJsonDocument(out).toJson(QJsonDocument::Indented));
        !s)
        return std::unexpected(s.error());
    return out;
}

} // namespace

int runTrainingWorker(const AppConfig &config, const QString &jobDir, const WorkerOptions &options)
{
    std::signal(SIGTERM, onTerminate);
    std::signal(SIGINT, onTerminate);
    if (options.watchStdin) {
        std::thread([] {
            char buffer[256];
            while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) {
            }
            g_cancel.store(true);
        }).detach();
    }
    const auto spec = JobSpec::read(jobDir);
    if (!spec) {
        emitLine(WorkerMessage::errorLine(spec.error()));
        fprintf(stderr, "routing-console worker: %s\n", qPrintable(spec.error().toString()));
        return 4;
    }
    Result<QJsonObject> result = fail(ErrorCode::Internal, QStringLiteral("not run"));
    try {
        result = train(config, jobDir, *spec);
    } catch (const std::exception &e) {
        // The one catch of this entry point: nothing may cross into the parent as a crash.
        result = fail(ErrorCode::TrainingFailed,
                      QStringLiteral("unexpected exception: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!result) {
        emitLine(WorkerMessage::errorLine(result.error()));
        fprintf(stderr, "routing-console worker: job %s: %s\n", qPrintable(spec->jobId),
                qPrintable(result.error().toString()));
        return 3;
    }
    emitLine(WorkerMessage::resultLine(result->value(QStringLiteral("decision")).toString(),
                                       result->value(QStringLiteral("reason")).toString()));
    return 0;
}

} // namespace routing::jobs
