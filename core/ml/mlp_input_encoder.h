#pragma once

#include "core/common/error.h"
#include "core/ml/sample_set.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <array>
#include <vector>

namespace routing::ml {

/// How the MLP sees a feature row, and how its outputs map back to labels (mlp_inputs.json).
///
/// Each feature becomes two inputs: a categorical code becomes its two smoothed target means (one
/// per target; an ordinal code of 400 part families means nothing to a network), a numeric value
/// becomes the value (log1p(|x|) for the item dimensions) and a missing indicator. Every input is
/// then standardised; labels are standardised and, for ReLU-type output units, shifted by +3.
class MlpInputEncoder final
{
public:
    MlpInputEncoder() = default;

    /// Target means from `usableRows` of `train` (rows with both labels); input and label
    /// statistics from `sampleRows` (what the network trains on).
    static MlpInputEncoder fit(const SampleSet &train, const std::vector<int> &usableRows,
                               const std::vector<int> &sampleRows, const QList<int> &categorical,
                               const QList<int> &log1p, double smoothing, float outputShift);

    int featureCount() const { return m_features; }
    int inputCount() const { return int(m_inputMean.size()); }
    float outputShift() const { return m_outputShift; }

    /// rows × inputCount() standardised inputs, row-major.
    std::vector<float> encode(const FeatureBatch &batch) const;
    float encodeLabel(Target target, float label) const;
    float decodeOutput(Target target, float output) const;

    QJsonObject toJson() const;
    /// ErrorCode::ModelNotFound when incomplete or made for another feature count.
    static Result<MlpInputEncoder> fromJson(const QJsonObject &json, int expectedFeatures);

private:
    void rawInputs(const float *row, std::vector<float> &out) const;

    int m_features = 0;
    QList<int> m_categorical;
    QList<int> m_log1p;
    QHash<int, QHash<int, std::array<float, kTargetCount>>> m_targetMeans; ///< feature -> code -> means
    std::array<float, kTargetCount> m_globalMean{0, 0};
    std::vector<float> m_inputMean;
    std::vector<float> m_inputScale;
    std::array<float, kTargetCount> m_labelMean{0, 0};
    std::array<float, kTargetCount> m_labelScale{1, 1};
    float m_outputShift = 0;
};

} // namespace routing::ml
