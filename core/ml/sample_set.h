#pragma once

#include "core/ml/ml_types.h"

#include <QtGlobal>

#include <array>
#include <vector>

namespace routing::ml {

/// A read-only view of feature rows as the models take them (SampleSet or a prediction batch).
struct FeatureBatch
{
    const float *features = nullptr; ///< rows × dimension, row-major
    int rows = 0;
    int dimension = 0;
    const int *groups = nullptr;     ///< similar-item group code per row (FeatureTransform::groupCode)

    const float *row(int r) const { return features + size_t(r) * size_t(dimension); }
};

/// Predictions of both targets in label space (log1p(minutes) − offset), one value per row.
using TargetPredictions = std::array<std::vector<float>, kTargetCount>;

/// Feature rows with their targets, as every candidate trains on and is validated on. Targets are
/// in log space relative to the standard time: label = log1p(actual) − offset, offset =
/// log1p(standard) (FeatureTransform::offset). A NaN label means "this target is not usable on this
/// row" (missing or a gross outlier); the other target of the row may still be.
struct SampleSet
{
    int dimension = 0;
    std::vector<float> features; ///< rows × dimension, row-major, NaN = missing
    std::array<std::vector<float>, kTargetCount> label;
    std::array<std::vector<float>, kTargetCount> offset;
    std::vector<float> orderQty;
    std::vector<float> actualSetup;   ///< minutes per order, as reported (outliers included)
    std::vector<float> actualRun;     ///< minutes for the order, as reported
    std::vector<float> standardSetup; ///< routing SETUP_TIME (NaN when NULL)
    std::vector<float> standardRun;   ///< routing RUN_TIME per unit (NaN when NULL)
    std::vector<quint8> clean;        ///< 1 when neither target of the row is a gross outlier
    std::vector<int> item;            ///< TrainingData item index
    std::vector<int> resource;        ///< FeatureTransform resource code
    std::vector<int> job;             ///< FeatureTransform job code
    std::vector<int> group;           ///< FeatureTransform group code
    std::vector<qint64> time;         ///< REPORT_DT, ms since the epoch

    int rows() const { return int(item.size()); }
    FeatureBatch batch() const { return {features.data(), rows(), dimension, group.data()}; }
    const float *row(int r) const { return features.data() + size_t(r) * size_t(dimension); }

    /// The rows at `indices`, in that order.
    SampleSet subset(const std::vector<int> &indices) const;
    /// Rows where `target`'s label is usable.
    std::vector<int> usableRows(Target target) const;
    /// At most `maxRows` of `rows`, drawn without replacement with `seed` (all when fewer).
    static std::vector<int> sample(const std::vector<int> &rows, int maxRows, quint64 seed);
};

} // namespace routing::ml
