#include "core/quality/quality_cycle.h"

#include "core/audit/quality_log.h"
#include "core/common/atomic_file.h"
#include "core/common/retention.h"
#include "core/data/erp_database.h"
#include "core/data/erp_types.h"
#include "core/quality/alert_store.h"
#include "core/quality/cycle_inputs.h"
#include "core/quality/cycle_judgement.h"
#include "core/quality/cycle_outputs.h"
#include "core/quality/latest_cycle_markdown.h"
#include "core/quality/prediction_source.h"
#include "core/quality/quality_history.h"
#include "core/quality/quality_logging.h"
#include "core/quality/retraining_trigger.h"
#include "core/state/state_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <exception>
#include <memory>
#include <thread>

namespace routing::quality {

QString qualityLogPath(const AppConfig &config)
{
    return QDir(config.logsDir())
        .absoluteFilePath(QStringLiteral("performance/performance.quality.log"));
}

QString qualityReportsDir(const AppConfig &config)
{
    return QDir(config.reportsDir()).absoluteFilePath(QStringLiteral("quality_reports"));
}

namespace {

class CycleRun
{
public:
    CycleRun(const AppConfig &config, const CycleOptions &options, PredictionSource &predictor,
             const CycleEnvironment &env)
        : m_config(config), m_options(options), m_predictor(predictor), m_env(env)
    {
    }

    Result<CycleReport> run();

private:
    Status evaluate(ErpDatabase &erp);
    void progress(int percent, const QString &step) const
    {
        if (m_env.progress)
            m_env.progress(percent, step);
    }
    Status checkCancel(const QString &where) const
    {
        if (m_env.cancel && m_env.cancel->load())
            return fail(ErrorCode::Cancelled, QStringLiteral("cancelled %1").arg(where));
        return {};
    }
    QDateTime clock() const
    {
        return m_options.now.isValid() ? m_options.now.toUTC().addMSecs(m_timer.elapsed())
                                       : QDateTime::currentDateTimeUtc();
    }
    void writeOutputs(QualityLog &log);
    CycleHistoryRow historyRow() const;

    const AppConfig &m_config;
    const CycleOptions &m_options;
    PredictionSource &m_predictor;
    const CycleEnvironment &m_env;
    QElapsedTimer m_timer;
    CycleReport m_report;
};

Status CycleRun::evaluate(ErpDatabase &erp)
{
    CycleReport &r = m_report;
    progress(2, QCoreApplication::translate("routing::quality", "Connecting to the ERP database"));
    if (auto s = erp.open(); !s)
        return s;
    if (auto s = checkCancel(QStringLiteral("before sampling")); !s)
        return s;

    const SamplingConfig &sampling = m_config.sampling;
    const auto strategy = m_options.strategy.value_or(sampling.strategy);
    const quint64 seed = m_options.seed  ? *m_options.seed
                         : sampling.seed ? *sampling.seed
                                         : QRandomGenerator::system()->generate64();
    progress(5, QCoreApplication::translate("routing::quality", "Listing items with actuals"));
    auto population =
        readSamplePopulation(erp, strategy, sampling.strataColumn, r.windowFrom, r.windowTo,
                             r.windowTo.addDays(-sampling.recentDaysWindow));
    if (!population)
        return std::unexpected(population.error());
    const QString window = QStringLiteral("between %1 and %2")
                               .arg(r.windowFrom.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                    r.windowTo.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    SampleRequest request{strategy,
                          m_options.sampleSize.value_or(sampling.sampleSize),
                          seed,
                          sampling.minPopulation,
                          sampling.strataColumn,
                          sampling.recentDaysWindow,
                          QStringLiteral("items have work-order results %1").arg(window)};
    auto sample = drawSample(*population, request);
    if (!sample)
        return std::unexpected(sample.error());
    r.sample = *sample;
    r.sampled = true;
    if (auto s = checkCancel(QStringLiteral("after sampling")); !s)
        return s;

    // The model's inputs (item rows, current routings) are read in a second thread while this
    // one reads the actuals: two independent reads, each on its own connection. The same thread
    // then predicts the leave-one-out routings, which need no actuals, so that half of the
    // predictions is done by the time the actuals are in. The thread is joined (jthread) and the
    // source released once on every way out.
    class Release
    {
    public:
        explicit Release(PredictionSource &source) : m_source(source) {}
        ~Release()
        {
            if (m_thread.joinable())
                m_thread.join();
            else
                m_source.release();
        }
        /// After the last predict(): the source's data (item rows and routings, about a million
        /// small blocks) is freed in a second thread while the metrics are computed.
        void inBackground()
        {
            m_thread = std::jthread([this] { m_source.release(); });
        }

    private:
        PredictionSource &m_source;
        std::jthread m_thread;
    } release(m_predictor);
    Status prefetched;
    Result<QHash<QString, ItemPrediction>> leaveOneOut;
    std::jthread prefetch([this, &prefetched, &leaveOneOut, items = r.sample.items] {
        try {
            prefetched = m_predictor.prefetch(items);
            if (prefetched)
                leaveOneOut = predictInBatches(m_predictor, items, true,
                                               m_options.predictBatchSize, m_env.cancel, {});
        } catch (const std::exception &e) {
            prefetched = fail(ErrorCode::Internal,
                              QStringLiteral("reading the model's inputs or predicting the "
                                             "leave-one-out routings failed: %1")
                                  .arg(QString::fromLocal8Bit(e.what())));
        }
    });
    progress(12, QCoreApplication::translate("routing::quality", "Reading work-order results"));
    auto actuals = readActuals(erp, r.sample.items, r.windowFrom, r.windowTo);
    if (!actuals)
        return std::unexpected(actuals.error());
    QHash<QString, QString> partTypes;
    if (strategy == SamplingConfig::Strategy::Stratified &&
        sampling.strataColumn == QLatin1String("PART_TYPE")) {
        partTypes = population->strata;
    } else {
        auto read = readPartTypes(erp);
        if (!read)
            return std::unexpected(read.error());
        partTypes = std::move(*read);
    }
    if (auto s = checkCancel(QStringLiteral("after reading the actuals")); !s)
        return s;

    // Only items with operations are worth a prediction; each at the lot sizes it ran (an item
    // whose operations have none gets an empty list: its typical lot). The repository hands out
    // normalised codes.
    QHash<QString, QList<double>> lotSizes;
    lotSizes.reserve(r.sample.items.size());
    for (const WorkOrderOp &op : *actuals) {
        QList<double> &sizes = lotSizes[op.itemCode];
        if (op.orderQty && *op.orderQty > 0 && !sizes.contains(*op.orderQty))
            sizes << *op.orderQty;
    }
    prefetch.join();
    if (!prefetched)
        return prefetched;
    if (!leaveOneOut)
        return std::unexpected(leaveOneOut.error());
    m_predictor.setLotSizes(lotSizes);
    QStringList toPredict;
    for (const QString &item : r.sample.items)
        if (lotSizes.contains(item))
            toPredict << item;
    progress(20, QCoreApplication::translate("routing::quality", "Predicting"));
    auto predictions = predictInBatches(
        m_predictor, toPredict, false, m_options.predictBatchSize, m_env.cancel,
        [this](qsizetype done, qsizetype total) {
            progress(20 + int(65 * done / std::max<qsizetype>(1, total)),
                     QCoreApplication::translate("routing::quality", "Predicting (%1 of %2 items)")
                         .arg(done)
                         .arg(total));
        });
    if (!predictions)
        return std::unexpected(predictions.error());
    release.inBackground();

    progress(88, QCoreApplication::translate("routing::quality", "Computing metrics"));
    MetricsInput input;
    input.sampledItems = r.sample.items;
    input.operations = std::move(*actuals);
    input.predictions = std::move(*predictions);
    input.looPredictions = std::move(*leaveOneOut);
    input.partTypes = std::move(partTypes);
    input.trimRatio = m_config.thresholds.trimRatio;
    input.sampleCountMin = m_config.thresholds.sampleCountMin;
    input.highCvLevel = m_config.thresholds.cv.critical;
    input.segmentTopN = m_options.segmentTopN;
    r.metrics = computeQualityMetrics(input);
    r.measured = true;
    return {};
}

CycleHistoryRow CycleRun::historyRow() const
{
    const CycleReport &r = m_report;
    CycleHistoryRow row;
    row.cycleId = r.cycleId;
    row.finishedAt = r.finishedAt;
    row.status = cycleStatusName(r.status);
    if (r.error) {
        row.errorCode = int(r.error->code);
        row.errorMessage = r.error->message;
    }
    if (r.sampled) {
        row.strategy = strategyName(r.sample.strategy);
        row.sampleSize = int(r.sample.items.size());
        row.seed = QString::number(r.sample.seed);
    }
    row.modelVersion = r.modelVersion;
    if (r.status == CycleStatus::Succeeded)
        row.level = severityName(r.level);
    if (r.measured) {
        const QualityMetrics &m = r.metrics.overall;
        for (const QString &column : QualityHistory::metricColumns())
            row.metrics.insert(column, metricValue(m, column));
        row.itemsSampled = m.itemsSampled;
        row.itemsEvaluated = m.itemsEvaluated;
        row.itemsFailed = m.itemsFailed;
        row.itemsWithoutActuals = m.itemsWithoutActuals;
        row.metricsJson =
            QString::fromUtf8(QJsonDocument(metricsToJson(m)).toJson(QJsonDocument::Compact));
    }
    row.durationSeconds = r.durationSeconds;
    row.reportPath = r.jsonPath;
    return row;
}

void CycleRun::writeOutputs(QualityLog &log)
{
    CycleReport &r = m_report;
    const QString dir = qualityReportsDir(m_config);
    r.logPath = log.path();
    if (r.status != CycleStatus::Cancelled) {
        if (m_config.reports.generateJson)
            r.jsonPath = QDir(dir).absoluteFilePath(QStringLiteral("cycle_%1.json").arg(r.cycleId));
        if (m_config.reports.generateCsv)
            r.csvPath = QDir(dir).absoluteFilePath(QStringLiteral("quality_summary.csv"));
        if (m_config.reports.generateMarkdown)
            r.markdownPath = QDir(dir).absoluteFilePath(QStringLiteral("latest_cycle.md"));
    }
    if (!r.jsonPath.isEmpty())
        if (auto s = writeFileAtomically(r.jsonPath,
                                         QJsonDocument(toJson(r)).toJson(QJsonDocument::Indented));
            !s)
            r.outputProblems << s.error().toString();
    if (!r.csvPath.isEmpty())
        if (auto s = appendCsvRow(r.csvPath, r); !s)
            r.outputProblems << s.error().toString();
    if (!r.markdownPath.isEmpty())
        if (auto s = writeFileAtomically(r.markdownPath, latestCycleMarkdown(r).toUtf8()); !s)
            r.outputProblems << s.error().toString();
    for (const LogLine &line : logBlock(r))
        log.write(line.first, line.second);
    for (const QString &problem : std::as_const(r.outputProblems))
        log.write(QualityLog::Level::Error,
                  QStringLiteral("Report output failed: %1").arg(problem));
    log.flush();
}

Result<CycleReport> CycleRun::run()
{
    m_timer.start();
    CycleReport &r = m_report;
    r.startedAt = clock();
    r.trigger = m_options.trigger;
    r.asOf = m_options.asOf.isValid() ? m_options.asOf : QDateTime::currentDateTime();
    r.replay = m_options.asOf.isValid();
    r.windowDays = m_config.evaluation.windowDays;
    r.windowTo = r.asOf;
    r.windowFrom = r.asOf.addDays(-r.windowDays);

    std::unique_ptr<StateStore> ownState;
    StateStore *state = m_env.state;
    if (!state) {
        ownState = std::make_unique<StateStore>(m_config.stateDbPath());
        state = ownState.get();
    }
    if (auto s = state->open(); !s)
        return std::unexpected(s.error());
    QualityHistory history(*state);
    if (auto stale =
            history.markInterrupted(r.startedAt.addSecs(-m_config.schedule.maxExecutionSeconds));
        !stale)
        return std::unexpected(stale.error());
    auto id = history.begin(r.startedAt, r.asOf, r.trigger);
    if (!id)
        return std::unexpected(id.error());
    r.cycleId = *id;
    r.modelVersion = m_predictor.modelVersion();

    QualityLog log(qualityLogPath(m_config), qint64(m_config.logging.maxFileMb) << 20,
                   m_config.logging.maxFiles);
    log.write(QualityLog::Level::Info, startedLogLine(r.cycleId));
    qCInfo(lcQuality) << "quality cycle" << r.cycleId << "started, as of" << r.asOf;

    std::unique_ptr<ErpDatabase> ownErp;
    ErpDatabase *erp = m_env.erp;
    if (!erp) {
        DatabaseConfig db = m_config.database;
        if (db.driver == QLatin1String("QSQLITE"))
            db.path = m_config.erpSqlitePath();
        ownErp = std::make_unique<ErpDatabase>(db, QStringLiteral("quality"));
        erp = ownErp.get();
    }

    AlertStore alerts(*state, m_env.audit);
    Status evaluated;
    try {
        evaluated = evaluate(*erp);
    } catch (const std::exception &e) {
        // One catch per entry point: a throwing predictor or allocation fails the cycle, recorded.
        evaluated =
            fail(ErrorCode::Internal,
                 QStringLiteral("unexpected exception: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!evaluated) {
        r.status = evaluated.error().code == ErrorCode::Cancelled ? CycleStatus::Cancelled
                                                                  : CycleStatus::Failed;
        r.error = evaluated.error();
        if (auto last = history.lastSucceeded(r.cycleId); last && *last) {
            const CycleHistoryRow &row = **last;
            r.lastGood = LastGoodCycle{row.cycleId, row.finishedAt, row.level,
                                       QJsonDocument::fromJson(row.metricsJson.toUtf8()).object()};
        }
        qCWarning(lcQuality) << "quality cycle" << r.cycleId
                             << "did not complete:" << r.error->toString();
        if (auto s = judgeFailedCycle(r, alerts, clock()); !s)
            r.outputProblems << s.error().toString();
    } else {
        r.status = CycleStatus::Succeeded;
        progress(92, QCoreApplication::translate("routing::quality", "Checking thresholds and alerts"));
        std::unique_ptr<RecordedRetrainingQueue> ownSink;
        RetrainingRequestSink *sink = m_env.retrainingSink;
        if (!sink) {
            ownSink = std::make_unique<RecordedRetrainingQueue>(*state);
            sink = ownSink.get();
        }
        RetrainingTrigger trigger(*state, *sink, m_config, &alerts);
        if (auto s = judgeMeasuredCycle(r, m_config, history, alerts, trigger, clock()); !s)
            r.outputProblems << s.error().toString();
    }
    if (ownErp)
        ownErp->closeThreadConnection();

    progress(96, QCoreApplication::translate("routing::quality", "Writing reports"));
    r.durationSeconds = double(m_timer.nsecsElapsed()) / 1e9;
    r.finishedAt = clock();
    writeOutputs(log);
    if (auto s = history.finish(historyRow()); !s)
        return std::unexpected(s.error());

    const int reportDays = m_config.retention.reportsDays;
    pruneFilesOlderThan(qualityReportsDir(m_config), {QStringLiteral("cycle_*.json")}, reportDays);
    pruneFilesOlderThan(QFileInfo(log.path()).absolutePath(),
                        {QStringLiteral("performance.quality.*.log")}, m_config.retention.logsDays);
    if (auto pruned =
            history.prune(r.finishedAt.addDays(-reportDays), m_config.alerts.debounceN + 1);
        !pruned)
        qCWarning(lcQuality) << "pruning the quality history failed:" << pruned.error().toString();
    qCInfo(lcQuality) << "quality cycle" << r.cycleId << cycleStatusName(r.status)
                      << severityName(r.level) << "in" << r.durationSeconds << "s";
    progress(100, QCoreApplication::translate("routing::quality", "Done"));
    return r;
}

} // namespace

Result<CycleReport> runQualityCycle(const AppConfig &config, const CycleOptions &options,
                                    PredictionSource &predictor, const CycleEnvironment &env)
{
    return CycleRun(config, options, predictor, env).run();
}

} // namespace routing::quality
