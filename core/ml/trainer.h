#pragma once

#include "core/config/app_config.h"
#include "core/ml/level_correction.h"
#include "core/ml/ml_types.h"
#include "core/ml/outlier_filter.h"
#include "core/ml/similar_item_index.h"
#include "core/ml/training_report.h"

#include <QDateTime>
#include <QString>

#include <memory>

namespace routing::ml {

class RoutingModel;
class TrainingData;

/// Everything a training run is told. fromConfig() fills it from the configuration file; the
/// engine knobs below it have defaults documented in docs/ml-engine.md.
struct TrainingOptions
{
    QDateTime asOf;          ///< the training time; invalid = the end of the data's window
    TrainingConfig training; ///< candidates, validation_days, history_days, seed, min_improvement_pct, xgboost, mlp
    FeaturesConfig features;
    QString groupColumn = QStringLiteral("PART_TYPE"); ///< the similar-item group
    double trimRatio = 0.10;
    /// Where the model directory goes (it must not exist yet; it appears complete or not at all).
    /// Empty: train and evaluate, write nothing.
    QString outputDir;
    /// The deployed model, to compare against on the same validation rows; null = none.
    std::shared_ptr<const RoutingModel> liveModel;

    int calibrationDays = 14;       ///< before the validation window: early stopping, stacking, level corrections
    int xgboostMaxRows = 150000;    ///< per target; a seeded sample above that (300k: 2x the time for 5% trimmed MAE)
    int mlpMaxRows = 8000;
    double mlpMaxSeconds = 15.0;
    int processMatchItems = 2000;   ///< leave-one-out sample (0: every routed item)
    int neighbours = 10;
    double minSupport = 0.5;
    /// Similarity weight powers tried by leave-one-out on up to 1000 routed items (the best is kept).
    QList<double> weightPowers{2.0, 8.0, 32.0, 128.0};
    double processMatchTolerance = 0.005; ///< "does not lose process match": at most 0.5 points lower
    bool refreshCorrections = true; ///< refit level corrections on the last refreshDays before asOf for the artifact
    /// The artifact's level corrections: the last N days before asOf (recency-weighted, so a longer
    /// window adds evidence for rarely used centres without letting old levels dominate).
    int refreshDays = 30;
    OutlierFilter::Options outliers;
    LevelCorrection::Options correction;
    SimilarItemIndex::Options index;

    static TrainingOptions fromConfig(const AppConfig &config, const QDateTime &asOf,
                                      const QString &outputDir);
};

/// Trains every configured candidate on work-order actuals, validates them honestly on a later
/// time window, selects the best, compares it with the live model and writes the model directory.
///
/// Windows (asOf = training time): training [asOf − history_days, cutoff − calibrationDays),
/// calibration [cutoff − calibrationDays, cutoff), validation [cutoff, asOf) with
/// cutoff = asOf − validation_days. The models learn from the training window only; the
/// calibration window drives early stopping, the stacking blend and the level corrections; the
/// validation window is touched only to measure. Nothing computed from the validation window (or
/// later) reaches a feature.
class Trainer final
{
public:
    /// Runs in the calling thread (a worker or child process, never the GUI thread). Cancellation
    /// (`cancel` set, e.g. from the progress callback) returns ErrorCode::Cancelled and leaves no
    /// directory behind; any other failure is ErrorCode::TrainingFailed (or the cause's code).
    static Result<TrainingResult> train(const TrainingData &data, const TrainingOptions &options,
                                        const ProgressCallback &progress = {},
                                        const CancelFlag *cancel = nullptr);
};

} // namespace routing::ml
