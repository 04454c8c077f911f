#pragma once

#include "core/ml/baseline_model.h"
#include "core/ml/level_correction.h"
#include "core/ml/mlp_model.h"
#include "core/ml/stacking_model.h"
#include "core/ml/xgboost_model.h"

#include <QJsonObject>

#include <array>
#include <optional>

namespace routing::ml {

class FeatureTransform;
struct TrainingOptions;

/// The trained candidates of one run, with their level corrections fitted on the calibration
/// window and their own training time.
struct TrainedCandidates
{
    std::optional<BaselineModel> baseline;
    XgboostModel xgboost;
    MlpModel mlp;
    std::optional<StackingModel> stacking;
    std::array<LevelCorrection, kCandidateCount> corrections;
    std::array<double, kCandidateCount> seconds{};
    std::array<QJsonObject, kCandidateCount> details;
    std::array<bool, kCandidateCount> trained{};
};

/// Trains the requested candidates on the training rows, using the calibration rows for early
/// stopping, the stacking blend and the level corrections. Progress is reported from
/// `percentFrom` to `percentTo`.
class CandidateTrainer final
{
public:
    static Result<TrainedCandidates> train(const SampleSet &training, const SampleSet &calibration,
                                           const FeatureTransform &transform,
                                           const TrainingOptions &options,
                                           const QList<CandidateKind> &wanted, qint64 cutoffMs,
                                           const ProgressCallback &progress, int percentFrom,
                                           int percentTo, const CancelFlag *cancel);
};

} // namespace routing::ml
