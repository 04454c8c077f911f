#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/ml/sample_set.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace routing::ml {

/// The MLP candidate: OpenCV's cv::ml::ANN_MLP (a maintained library, not a hand-written network),
/// hidden layers from the configuration ((128, 64) by default), both targets as two outputs.
///
/// Inputs are standardised: categorical codes become two smoothed target means each (one per
/// target: a network cannot use an ordinal code of 400 part families), numeric values are
/// log-scaled with a missing indicator. Outputs are the standardised labels. OpenCV applies the
/// hidden activation to the output layer as well and cannot scale outputs for ReLU, so for relu
/// and leaky_relu the standardised labels are shifted by +3 (ReLU outputs are non-negative), and
/// relu runs as leaky ReLU (a ReLU output unit can die at initialisation and never recover).
///
/// OpenCV trains full-batch (RPROP) at ~30 µs per row and epoch on this machine, so training uses
/// a seeded sample of at most `maxRows` rows, runs in chunks of `epochsPerChunk` epochs (progress
/// and cancellation between chunks), keeps the weights that did best on the validation rows, and
/// stops after `patienceChunks` chunks without improvement or at the `maxSeconds` budget.
class MlpModel final
{
public:
    struct TrainOptions
    {
        MlpConfig config;
        QList<int> categoricalFeatures; ///< feature columns holding category codes
        QList<int> log1pFeatures;       ///< feature columns to take log1p(|x|) of
        int maxRows = 8000;
        int maxValidationRows = 10000;
        int epochsPerChunk = 10;
        int patienceChunks = 3;
        double maxSeconds = 20.0;
        double smoothing = 20.0; ///< target-mean smoothing (pseudo-count)
    };
    using EpochCallback = std::function<void(int epoch, int maxEpochs, double validLoss)>;

    MlpModel();
    ~MlpModel();
    MlpModel(MlpModel &&other) noexcept;
    MlpModel &operator=(MlpModel &&other) noexcept;

    static Result<MlpModel> train(const SampleSet &train, const SampleSet &valid,
                                  const TrainOptions &options, const EpochCallback &onEpoch,
                                  const CancelFlag *cancel);

    bool isValid() const;
    TargetPredictions predict(const FeatureBatch &batch, Error *error = nullptr) const;

    /// mlp.yml (OpenCV FileStorage) and mlp_inputs.json (the input encoding).
    Status save(const QString &dir) const;
    static Result<MlpModel> load(const QString &dir, int expectedFeatures);

    QJsonObject reportJson() const;
    static QString libraryVersion();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace routing::ml
