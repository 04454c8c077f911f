#pragma once

#include "core/common/error.h"
#include "core/ml/sample_set.h"

#include <QHash>
#include <QJsonObject>

namespace routing::ml {

/// The current level of each work centre. A model trained on two years of history predicts the
/// long-run level of a machine; when a centre slows down (a worn spindle, a new operator) its
/// recent actuals sit above every prediction. This adds, per RES_CD and target, the recency-weighted
/// median residual (label − prediction) of a recent window the model did not train on, shrunk
/// towards 0 by the evidence for it (positive-part James–Stein: × max(0, 1 − k / z²), z = the
/// median over its standard error, from the residuals' MAD and Kish's effective count). A shift
/// many standard errors away is kept whole — a centre running at half speed is corrected fully —
/// and one within the noise vanishes. Weights halve every `halfLifeDays` before the window's end.
class LevelCorrection final
{
public:
    struct Options
    {
        double halfLifeDays = 7.0;
        double shrinkage = 2.0;              ///< k of the James–Stein factor
        double minEffectiveOperations = 3.0; ///< fewer (Kish's effective count): no correction
        double maxAbsCorrection = 1.5; ///< log scale: at most ×4.5 either way
    };

    static LevelCorrection fit(const SampleSet &window, const TargetPredictions &predictions,
                               qint64 windowEndMs, const Options &options);

    /// Adds the correction of each row's resource in place.
    void apply(TargetPredictions &predictions, const int *resources, int rows) const;
    float correction(Target target, int resource) const
    {
        return m_byResource[size_t(target)].value(resource, 0.0f);
    }
    qsizetype size() const { return m_byResource[0].size() + m_byResource[1].size(); }

    QJsonObject toJson() const;
    static Result<LevelCorrection> fromJson(const QJsonObject &json);

private:
    std::array<QHash<int, float>, kTargetCount> m_byResource;
};

} // namespace routing::ml
