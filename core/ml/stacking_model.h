#pragma once

#include "core/common/error.h"
#include "core/ml/sample_set.h"

#include <QJsonObject>

#include <array>
#include <vector>

namespace routing::ml {

/// The stacking candidate: per target, a non-negative linear blend of the base candidates'
/// predictions (baseline, XGBoost, MLP) plus a free intercept, fitted by NNLS on predictions for rows
/// the base models did not train on (the calibration window after their training window: a
/// time-forward out-of-fold set — shuffled k-fold would let the future leak into the past).
class StackingModel final
{
public:
    static constexpr int kComponents = 3; ///< baseline, xgboost, mlp

    StackingModel() = default;

    /// `components[c][t]` are component c's predictions of target t on the rows of `set`; a
    /// component with no predictions (empty vectors) gets weight 0.
    static StackingModel fit(const SampleSet &set,
                             const std::array<const TargetPredictions *, kComponents> &components);

    /// Blends; components with weight 0 for both targets may be passed as nullptr.
    TargetPredictions blend(int rows,
                            const std::array<const TargetPredictions *, kComponents> &components) const;
    bool uses(int component) const;
    double weight(Target target, int component) const { return m_weights[size_t(target)][size_t(component)]; }
    double intercept(Target target) const { return m_intercept[size_t(target)]; }

    QJsonObject toJson() const;
    static Result<StackingModel> fromJson(const QJsonObject &json);

private:
    std::array<std::array<double, kComponents>, kTargetCount> m_weights{};
    std::array<double, kTargetCount> m_intercept{};
};

} // namespace routing::ml
