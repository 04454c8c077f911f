#include "core/ml/candidate_trainer.h"

#include "core/ml/feature_transform.h"
#include "core/ml/ml_logging.h"
#include "core/ml/trainer.h"

#include <QElapsedTimer>

#include <cmath>

namespace routing::ml {

namespace {

double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

} // namespace

Result<TrainedCandidates> CandidateTrainer::train(const SampleSet &training, const SampleSet &calibration,
                                                  const FeatureTransform &transform,
                                                  const TrainingOptions &options,
                                                  const QList<CandidateKind> &wanted, qint64 cutoffMs,
                                                  const ProgressCallback &progress, int percentFrom,
                                                  int percentTo, const CancelFlag *cancel)
{
    TrainedCandidates out;
    std::array<TargetPredictions, kCandidateCount> calibrationPredictions;
    const int itemDim = transform.itemDimension();
    const int span = percentTo - percentFrom;
    // Share of the progress range per stage, roughly by measured cost.
    const int xgbFrom = percentFrom + span * 5 / 100;
    const int mlpFrom = percentFrom + span * 60 / 100;
    const int stackFrom = percentFrom + span * 92 / 100;
    const auto report = [&](int percent, const QString &step, const QString &message) {
        if (progress)
            progress(percent, step, message);
    };
    const bool wantStacking = wanted.contains(CandidateKind::Stacking);
    const auto needs = [&](CandidateKind k) { return wanted.contains(k) || wantStacking; };

    if (needs(CandidateKind::Baseline)) {
        report(percentFrom, QStringLiteral("baseline"), QStringLiteral("robust medians per group, process and work centre"));
        QElapsedTimer timer;
        timer.start();
        out.baseline = BaselineModel::fit(training, itemDim + FeatureTransform::Job, itemDim + FeatureTransform::Res,
                                          {itemDim + FeatureTransform::LogStandardSetup,
                                           itemDim + FeatureTransform::LogStandardRun});
        calibrationPredictions[0] = out.baseline->predict(calibration.batch());
        out.seconds[0] = seconds(timer);
        out.trained[0] = true;
        out.details[0] = QJsonObject{{QStringLiteral("table_entries"), double(out.baseline->entryCount())}};
    }
    if (isCancelled(cancel))
        return cancelled();

    if (needs(CandidateKind::Xgboost)) {
        QElapsedTimer timer;
        timer.start();
        XgboostModel::TrainOptions xo;
        xo.config = options.training.xgboost;
        xo.seed = options.training.seed;
        xo.maxRows = options.xgboostMaxRows;
        const int rounds = std::max(1, xo.config.numRounds);
        const auto onRound = [&](Target target, int round, int, double rmse) {
            const int done = (int(target) * rounds + round) * 100 / (2 * rounds);
            if (round % 10 == 0 || round == rounds)
                report(xgbFrom + (mlpFrom - xgbFrom) * done / 100, QStringLiteral("xgboost"),
                       QStringLiteral("%1 target: round %2/%3, calibration RMSE %4")
                           .arg(target == Target::Setup ? QStringLiteral("setup") : QStringLiteral("run"))
                           .arg(round)
                           .arg(rounds)
                           .arg(rmse, 0, 'f', 4));
        };
        auto model = XgboostModel::train(training, calibration, xo, onRound, cancel);
        if (!model)
            return std::unexpected(model.error());
        out.xgboost = std::move(*model);
        calibrationPredictions[1] = out.xgboost.predict(calibration.batch());
        out.seconds[1] = seconds(timer);
        out.trained[1] = true;
        out.details[1] = out.xgboost.reportJson();
    }
    if (isCancelled(cancel))
        return cancelled();

    if (needs(CandidateKind::Mlp)) {
        QElapsedTimer timer;
        timer.start();
        MlpModel::TrainOptions mo;
        mo.config = options.training.mlp;
        mo.maxRows = options.mlpMaxRows;
        mo.maxSeconds = options.mlpMaxSeconds;
        for (int c = 0; c < transform.categoricalCount(); ++c)
            mo.categoricalFeatures << c;
        for (int n = 0; n < transform.numericCount(); ++n)
            mo.log1pFeatures << transform.categoricalCount() + n;
        mo.categoricalFeatures << itemDim + FeatureTransform::Job << itemDim + FeatureTransform::Res
                               << itemDim + FeatureTransform::Inside;
        const auto onEpoch = [&](int epoch, int maxEpochs, double loss) {
            report(mlpFrom + (stackFrom - mlpFrom) * std::min(epoch, maxEpochs) / std::max(1, maxEpochs),
                   QStringLiteral("mlp"),
                   QStringLiteral("epoch %1/%2, calibration loss %3").arg(epoch).arg(maxEpochs).arg(loss, 0, 'f', 4));
        };
        auto model = MlpModel::train(training, calibration, mo, onEpoch, cancel);
        if (!model)
            return std::unexpected(model.error());
        out.mlp = std::move(*model);
        calibrationPredictions[2] = out.mlp.predict(calibration.batch());
        out.seconds[2] = seconds(timer);
        out.trained[2] = true;
        out.details[2] = out.mlp.reportJson();
    }
    if (isCancelled(cancel))
        return cancelled();

    if (wantStacking) {
        report(stackFrom, QStringLiteral("stacking"), QStringLiteral("non-negative blend on the calibration window"));
        QElapsedTimer timer;
        timer.start();
        std::array<const TargetPredictions *, StackingModel::kComponents> components{};
        for (int c = 0; c < StackingModel::kComponents; ++c)
            if (out.trained[size_t(c)])
                components[size_t(c)] = &calibrationPredictions[size_t(c)];
        out.stacking = StackingModel::fit(calibration, components);
        calibrationPredictions[3] = out.stacking->blend(calibration.rows(), components);
        out.seconds[3] = seconds(timer);
        for (int c = 0; c < StackingModel::kComponents; ++c)
            if (out.stacking->uses(c))
                out.seconds[3] += out.seconds[size_t(c)]; // its components are part of its cost
        out.trained[3] = true;
        out.details[3] = out.stacking->toJson();
    }

    for (int c = 0; c < kCandidateCount; ++c)
        if (out.trained[size_t(c)])
            out.corrections[size_t(c)] = LevelCorrection::fit(calibration, calibrationPredictions[size_t(c)],
                                                             cutoffMs, options.correction);
    report(percentTo, QStringLiteral("candidates"), QStringLiteral("candidates trained"));
    return out;
}

} // namespace routing::ml
