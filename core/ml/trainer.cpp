#include "core/ml/trainer.h"

#include "core/ml/candidate_trainer.h"
#include "core/ml/feature_transform.h"
#include "core/ml/ml_logging.h"
#include "core/ml/model_evaluator.h"
#include "core/ml/process_match.h"
#include "core/ml/routing_model.h"
#include "core/ml/sample_set_builder.h"
#include "core/ml/training_data.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QUuid>
#include <QtGlobal>

#include <algorithm>

namespace routing::ml {

namespace {

qint64 peakRss()
{
#ifdef Q_OS_LINUX
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
#endif
    return 0;
}

/// Removes a directory tree on scope exit unless released (a failed or cancelled run leaves
/// nothing behind).
class DirectoryGuard final
{
public:
    explicit DirectoryGuard(QString path) : m_path(std::move(path)) {}
    ~DirectoryGuard()
    {
        if (!m_path.isEmpty())
            QDir(m_path).removeRecursively();
    }
    void release() { m_path.clear(); }
    Q_DISABLE_COPY_MOVE(DirectoryGuard)

private:
    QString m_path;
};

QStringList insideFlags(const TrainingData &data)
{
    QStringList flags;
    for (int item : data.routedItems())
        for (const RoutingStep &s : data.routingOf(item)->steps)
            if (!flags.contains(s.insideFlag))
                flags << s.insideFlag;
    return flags;
}

} // namespace

TrainingOptions TrainingOptions::fromConfig(const AppConfig &config, const QDateTime &asOf,
                                            const QString &outputDir)
{
    TrainingOptions o;
    o.asOf = asOf;
    o.training = config.training;
    o.features = config.features.categorical.isEmpty() && config.features.numeric.isEmpty()
                     ? defaultFeatures()
                     : config.features;
    o.groupColumn = config.sampling.strataColumn.isEmpty() ? QStringLiteral("PART_TYPE")
                                                           : config.sampling.strataColumn;
    o.trimRatio = config.thresholds.trimRatio;
    o.outputDir = outputDir;
    o.index.seed = config.training.seed;
    return o;
}

Result<TrainingResult> Trainer::train(const TrainingData &data, const TrainingOptions &options,
                                      const ProgressCallback &progress, const CancelFlag *cancel)
{
    QElapsedTimer total;
    total.start();
    QElapsedTimer stage;
    stage.start();
    TrainingResult result;
    const auto stageDone = [&](const char *name) {
        result.stageSeconds.insert(QLatin1String(name), double(stage.nsecsElapsed()) / 1e9);
        stage.restart();
    };
    int lastPercent = 0;
    const auto report = [&](int percent, const QString &step, const QString &message) {
        lastPercent = std::max(lastPercent, std::clamp(percent, 0, 100));
        if (progress)
            progress(lastPercent, step, message);
    };
    if (!data.isFinished())
        return fail(ErrorCode::Internal, QStringLiteral("TrainingData::finish() was not called"));
    if (!options.outputDir.isEmpty() && QFileInfo::exists(options.outputDir))
        return fail(ErrorCode::Io, QStringLiteral("model directory %1 already exists").arg(options.outputDir));

    result.dataHash = data.dataHash();
    result.asOf = options.asOf.isValid() ? options.asOf : data.windowTo();
    if (!result.asOf.isValid() && !data.operations().empty())
        result.asOf = QDateTime::fromMSecsSinceEpoch(data.operations().back().reportedMs + 1);
    if (!result.asOf.isValid())
        return fail(ErrorCode::TrainingFailed, QStringLiteral("no training time and no work-order data"));
    result.cutoff = result.asOf.addDays(-std::max(1, options.training.validationDays));
    result.calibrationStart = result.cutoff.addDays(-std::max(1, options.calibrationDays));
    result.historyStart = result.asOf.addDays(-std::max(options.training.historyDays,
                                                        options.training.validationDays + options.calibrationDays + 1));
    result.items = qint64(data.items().size());
    result.routedItems = data.routedItemCount();
    result.operations = qint64(data.operations().size());

    QList<CandidateKind> wanted;
    for (const QString &name : options.training.modelCandidates)
        if (const auto kind = candidateFromName(name); kind && !wanted.contains(*kind))
            wanted << *kind;
    if (wanted.isEmpty())
        return fail(ErrorCode::Config, QStringLiteral("no known candidate in training.model_candidates"));

    report(1, QStringLiteral("prepare"), QStringLiteral("feature transform and outlier fences"));
    FeatureTransform::Options fo;
    fo.categorical = options.features.categorical;
    fo.numeric = options.features.numeric;
    fo.groupColumn = options.groupColumn;
    const FeatureTransform transform =
        FeatureTransform::fit(data.items(), data.jobs(), data.resources(), insideFlags(data), fo);
    const qint64 cutoffMs = result.cutoff.toMSecsSinceEpoch();
    const qint64 calibrationMs = result.calibrationStart.toMSecsSinceEpoch();
    const qint64 asOfMs = result.asOf.toMSecsSinceEpoch();
    const OutlierFilter::Flags flags = OutlierFilter::flag(data, cutoffMs, options.outliers);
    const SampleSetBuilder builder(data, transform, flags);
    const SampleSet training = builder.build(result.historyStart.toMSecsSinceEpoch(), calibrationMs,
                                             SampleSetBuilder::Mode::Training);
    const SampleSet calibration = builder.build(calibrationMs, cutoffMs, SampleSetBuilder::Mode::Training);
    const SampleSet validation = builder.build(cutoffMs, asOfMs, SampleSetBuilder::Mode::Validation);
    result.trainingRows = training.rows();
    result.calibrationRows = calibration.rows();
    result.validationRows = validation.rows();
    result.validationCleanRows = std::count(validation.clean.begin(), validation.clean.end(), 1);
    qCInfo(lcMl) << "rows: training" << training.rows() << "calibration" << calibration.rows()
                 << "validation" << validation.rows() << "(clean" << result.validationCleanRows << ")";
    if (training.rows() < 50)
        return fail(ErrorCode::TrainingFailed,
                    QStringLiteral("only %1 usable work-order operations before %2: not enough to train")
                        .arg(training.rows())
                        .arg(result.calibrationStart.toString(Qt::ISODate)));
    if (calibration.rows() < 10 || validation.rows() < 10)
        return fail(ErrorCode::TrainingFailed,
                    QStringLiteral("too few work-order operations in the calibration (%1) or validation (%2) "
                                   "window: the data must reach up to the training time")
                        .arg(calibration.rows())
                        .arg(validation.rows()));
    report(8, QStringLiteral("prepare"),
           QStringLiteral("%1 training, %2 calibration, %3 validation operations")
               .arg(training.rows())
               .arg(calibration.rows())
               .arg(validation.rows()));
    if (isCancelled(cancel))
        return cancelled();
    stageDone("prepare");

    auto trained = CandidateTrainer::train(training, calibration, transform, options, wanted, cutoffMs,
                                           report, 8, 78, cancel);
    if (!trained)
        return std::unexpected(trained.error());
    stageDone("candidates");

    ModelParts parts;
    parts.transform = transform;
    parts.baseline = std::move(trained->baseline);
    parts.xgboost = std::move(trained->xgboost);
    parts.mlp = std::move(trained->mlp);
    parts.stacking = std::move(trained->stacking);
    parts.corrections = trained->corrections;
    parts.neighbours = options.neighbours;
    parts.synthesis.minSupport = options.minSupport;
    report(79, QStringLiteral("similar_items"), QStringLiteral("routing library and similar-item index"));
    parts.library = RoutingLibrary::build(data);
    parts.index = SimilarItemIndex::build(transform, data, parts.library, options.index);
    parts.itemStats = ItemStats::build(data, asOfMs);
    if (isCancelled(cancel))
        return cancelled();
    stageDone("similar_items");

    auto model = std::make_unique<RoutingModel>(std::move(parts));
    report(84, QStringLiteral("validate"), QStringLiteral("validation window"));
    result.standardTime = ModelEvaluator::standardTime(validation, options.trimRatio);
    const CandidateResult *best = nullptr;
    for (CandidateKind kind : std::as_const(wanted)) {
        if (!model->hasCandidate(kind))
            continue;
        CandidateResult r = ModelEvaluator::evaluate(candidateName(kind), *model, kind, validation, options.trimRatio);
        r.trainingSeconds = trained->seconds[size_t(kind)];
        r.details = trained->details[size_t(kind)];
        result.candidates << r;
    }
    for (const CandidateResult &r : std::as_const(result.candidates))
        if (!best || r.validation.trimmedMae < best->validation.trimmedMae)
            best = &r;
    if (!best)
        return fail(ErrorCode::TrainingFailed, QStringLiteral("no candidate could be trained"));
    result.selected = best->name;
    const CandidateKind selected = *candidateFromName(best->name);
    stageDone("validation");

    report(87, QStringLiteral("process_match"), QStringLiteral("leave-one-out routing synthesis"));
    RoutingSynthesizer::Options synthesis = model->parts().synthesis;
    if (options.weightPowers.size() > 1) {
        const auto power = ProcessMatchEvaluator::chooseWeightPower(
            *model, data, ProcessMatchEvaluator::sampleItems(data, 1000, options.training.seed + 17),
            options.weightPowers, cancel);
        if (!power)
            return std::unexpected(power.error());
        synthesis.weightPower = *power;
    } else if (!options.weightPowers.isEmpty()) {
        synthesis.weightPower = options.weightPowers.front();
    }
    result.similarityWeightPower = synthesis.weightPower;
    const std::vector<int> pmItems =
        ProcessMatchEvaluator::sampleItems(data, options.processMatchItems, options.training.seed);
    auto pm = ProcessMatchEvaluator::evaluate(*model, data, pmItems, cancel, &synthesis);
    if (!pm)
        return std::unexpected(pm.error());
    result.processMatch = *pm;
    stageDone("process_match");

    const double bestTrim = best->validation.trimmedMae;
    if (options.liveModel) {
        report(92, QStringLiteral("live"), QStringLiteral("the live model on the same validation rows"));
        const RoutingModel &live = *options.liveModel;
        const SampleSetBuilder liveBuilder(data, live.transform(), flags);
        const SampleSet liveValidation = liveBuilder.build(cutoffMs, asOfMs, SampleSetBuilder::Mode::Validation);
        result.live = ModelEvaluator::evaluate(QStringLiteral("live:") + candidateName(live.selected()), live,
                                               live.selected(), liveValidation, options.trimRatio);
        auto livePm = ProcessMatchEvaluator::evaluate(live, data, pmItems, cancel);
        if (!livePm)
            return std::unexpected(livePm.error());
        result.liveProcessMatch = *livePm;
        const double liveTrim = result.live->validation.trimmedMae;
        result.improvementPct = liveTrim > 0 ? 100.0 * (liveTrim - bestTrim) / liveTrim : 0.0;
        const bool better = result.improvementPct >= options.training.minImprovementPct;
        const bool keepsMatch = result.processMatch.match() >= livePm->match() - options.processMatchTolerance;
        result.proposed = better && keepsMatch;
        result.decision = result.proposed ? QStringLiteral("propose") : QStringLiteral("keep_live");
        result.reason = QStringLiteral("%1 trimmed MAE %2 min vs live %3 min (%4% better, %5% required); "
                                       "process match %6% vs live %7%")
                            .arg(result.selected)
                            .arg(bestTrim, 0, 'f', 2)
                            .arg(liveTrim, 0, 'f', 2)
                            .arg(result.improvementPct, 0, 'f', 1)
                            .arg(options.training.minImprovementPct, 0, 'f', 1)
                            .arg(100.0 * result.processMatch.match(), 0, 'f', 1)
                            .arg(100.0 * livePm->match(), 0, 'f', 1);
        if (!result.proposed)
            result.reason = QStringLiteral("kept the live model: ") + result.reason;
    } else {
        const double standardTrim = result.standardTime.validation.trimmedMae;
        result.improvementPct = standardTrim > 0 ? 100.0 * (standardTrim - bestTrim) / standardTrim : 0.0;
        result.proposed = true;
        result.decision = QStringLiteral("propose");
        result.reason = QStringLiteral("no live model; %1 trimmed MAE %2 min vs standard times %3 min (%4% better)")
                            .arg(result.selected)
                            .arg(bestTrim, 0, 'f', 2)
                            .arg(standardTrim, 0, 'f', 2)
                            .arg(result.improvementPct, 0, 'f', 1);
    }
    if (isCancelled(cancel))
        return cancelled();
    if (options.liveModel)
        stageDone("live_model");

    parts = model->releaseParts();
    parts.selected = selected;
    parts.synthesis = synthesis;
    if (options.refreshCorrections) {
        // The artifact predicts from now on: its level corrections come from the last refreshDays
        // before asOf (the same computation, moved forward to the training time).
        report(94, QStringLiteral("finalise"), QStringLiteral("level corrections at the training time"));
        const qint64 recentMs = result.asOf.addDays(-std::max(1, options.refreshDays)).toMSecsSinceEpoch();
        const SampleSet recent = builder.build(recentMs, asOfMs, SampleSetBuilder::Mode::Training);
        RoutingModel uncorrected(std::move(parts));
        std::array<LevelCorrection, kCandidateCount> refreshed;
        for (int c = 0; c < kCandidateCount; ++c)
            if (uncorrected.hasCandidate(static_cast<CandidateKind>(c)))
                refreshed[size_t(c)] = LevelCorrection::fit(
                    recent, uncorrected.predictLabels(recent.batch(), nullptr, static_cast<CandidateKind>(c)),
                    asOfMs, options.correction);
        parts = uncorrected.releaseParts();
        parts.corrections = refreshed;
        stageDone("refresh_corrections");
    }
    const XgboostConfig &x = options.training.xgboost;
    const MlpConfig &m = options.training.mlp;
    QJsonArray hidden;
    for (int h : m.hiddenLayerSizes)
        hidden.append(h);
    result.parameters = QJsonObject{
        {QStringLiteral("seed"), QString::number(options.training.seed)},
        {QStringLiteral("candidates"), QJsonArray::fromStringList(options.training.modelCandidates)},
        {QStringLiteral("validation_days"), options.training.validationDays},
        {QStringLiteral("history_days"), options.training.historyDays},
        {QStringLiteral("calibration_days"), options.calibrationDays},
        {QStringLiteral("min_improvement_pct"), options.training.minImprovementPct},
        {QStringLiteral("trim_ratio"), options.trimRatio},
        {QStringLiteral("group_column"), options.groupColumn},
        {QStringLiteral("xgboost"), QJsonObject{{QStringLiteral("max_depth"), x.maxDepth},
                                                {QStringLiteral("eta"), x.eta},
                                                {QStringLiteral("num_rounds"), x.numRounds},
                                                {QStringLiteral("early_stopping_rounds"), x.earlyStoppingRounds},
                                                {QStringLiteral("subsample"), x.subsample},
                                                {QStringLiteral("colsample_bytree"), x.colsampleBytree},
                                                {QStringLiteral("min_child_weight"), x.minChildWeight},
                                                {QStringLiteral("max_rows"), options.xgboostMaxRows}}},
        {QStringLiteral("mlp"), QJsonObject{{QStringLiteral("hidden_layer_sizes"), hidden},
                                            {QStringLiteral("activation"), m.activation},
                                            {QStringLiteral("solver"), m.solver},
                                            {QStringLiteral("max_iter"), m.maxIter},
                                            {QStringLiteral("max_rows"), options.mlpMaxRows},
                                            {QStringLiteral("max_seconds"), options.mlpMaxSeconds}}},
        {QStringLiteral("outliers"), QJsonObject{{QStringLiteral("iqr_multiplier"), options.outliers.iqrMultiplier},
                                                 {QStringLiteral("min_group_size"), options.outliers.minGroupSize},
                                                 {QStringLiteral("min_factor"), options.outliers.minFactor}}},
        {QStringLiteral("level_correction"), QJsonObject{{QStringLiteral("half_life_days"), options.correction.halfLifeDays},
                                                         {QStringLiteral("shrinkage"), options.correction.shrinkage}}},
        {QStringLiteral("neighbours"), options.neighbours},
        {QStringLiteral("similarity_weight_power"), result.similarityWeightPower},
    };
    result.versions = QJsonObject{{QStringLiteral("xgboost"), XgboostModel::libraryVersion()},
                                  {QStringLiteral("opencv"), MlpModel::libraryVersion()},
                                  {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                                  {QStringLiteral("engine"), QStringLiteral(ROUTING_VERSION)}};
    result.durationSeconds = double(total.nsecsElapsed()) / 1e9;
    result.peakRssBytes = peakRss();

    if (!options.outputDir.isEmpty()) {
        report(96, QStringLiteral("write"), QStringLiteral("writing the model directory"));
        const QFileInfo target(options.outputDir);
        if (!QDir().mkpath(target.absolutePath()))
            return fail(ErrorCode::Io, QStringLiteral("cannot create %1").arg(target.absolutePath()));
        const QString temp = QDir(target.absolutePath())
                                 .filePath(QStringLiteral(".%1.tmp-%2")
                                               .arg(target.fileName(),
                                                    QUuid::createUuid().toString(QUuid::Id128).left(8)));
        if (!QDir().mkpath(temp))
            return fail(ErrorCode::Io, QStringLiteral("cannot create %1").arg(temp));
        DirectoryGuard guard(temp);
        parts.metrics = result.metricsJson();
        result.durationSeconds = double(total.nsecsElapsed()) / 1e9;
        parts.summary = result.summaryJson();
        const RoutingModel artifact(std::move(parts));
        if (const Status s = artifact.save(temp); !s)
            return std::unexpected(s.error());
        if (isCancelled(cancel))
            return cancelled();
        if (!QDir().rename(temp, target.absoluteFilePath()))
            return fail(ErrorCode::Io, QStringLiteral("cannot rename %1 to %2").arg(temp, target.absoluteFilePath()));
        guard.release();
        result.artifactDir = target.absoluteFilePath();
        stageDone("write");
    }
    result.durationSeconds = double(total.nsecsElapsed()) / 1e9;
    result.peakRssBytes = peakRss();
    report(100, QStringLiteral("done"), result.reason);
    qCInfo(lcMl).noquote() << result.toText();
    return result;
}

} // namespace routing::ml
