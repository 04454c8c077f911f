#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/ml/sample_set.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace routing::ml {

/// The XGBoost candidate: one booster per target (hist trees on the label log1p(actual) −
/// log1p(standard), squared error), trained through the C API with early stopping on a validation
/// set. Handles are RAII; every return code is checked. Plain predictions go through a TreeEnsemble
/// compiled from each booster when it is loaded or trained (no lock, identical results); a booster
/// is not thread-safe, so everything else that calls into XGBoost takes the model's mutex.
class XgboostModel final
{
public:
    struct TrainOptions
    {
        XgboostConfig config;
        quint64 seed = 42;
        int maxRows = 0; ///< > 0: train on a seeded sample of at most this many rows per target
    };
    /// Called after every boosting round.
    using RoundCallback = std::function<void(Target target, int round, int maxRounds, double validRmse)>;

    struct TargetReport
    {
        int trainingRows = 0;
        int validationRows = 0;
        int roundsRun = 0;
        int bestRounds = 0;
        double bestValidRmse = 0;
        double seconds = 0;
    };

    XgboostModel();
    ~XgboostModel();
    XgboostModel(XgboostModel &&other) noexcept;
    XgboostModel &operator=(XgboostModel &&other) noexcept;

    /// Cancellation is checked between rounds (ErrorCode::Cancelled).
    static Result<XgboostModel> train(const SampleSet &train, const SampleSet &valid,
                                      const TrainOptions &options, const RoundCallback &onRound,
                                      const CancelFlag *cancel);

    bool isValid() const;
    int featureCount() const;
    TargetPredictions predict(const FeatureBatch &batch, Error *error = nullptr) const;
    /// Feature contributions per target: rows × (featureCount() + 1), the last column the bias;
    /// each row sums to the booster's output. `exact`: TreeSHAP (pred_contribs), O(trees × leaves ×
    /// depth²) per row — about 100 ms per routing with 800 depth-8 trees; otherwise Saabas'
    /// approximation (pred_contribs with approx_contribs), O(trees × depth), the default for the UI.
    Result<std::array<std::vector<float>, kTargetCount>> contributions(const FeatureBatch &batch,
                                                                       bool exact = false) const;

    /// Writes xgb_setup.ubj and xgb_run.ubj into `dir`.
    Status save(const QString &dir) const;
    /// Loads both boosters; a file that is missing, truncated or not a model, or a booster whose
    /// feature count is not `expectedFeatures`, is ErrorCode::ModelNotFound.
    static Result<XgboostModel> load(const QString &dir, int expectedFeatures);
    static QString fileName(Target target);

    const TargetReport &report(Target target) const;
    QJsonObject reportJson() const;
    static QString libraryVersion();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace routing::ml
