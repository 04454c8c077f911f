#pragma once

#include "core/common/error.h"
#include "core/ml/sample_set.h"

#include <QHash>
#include <QJsonObject>

#include <array>

namespace routing::ml {

/// The baseline candidate: robust statistics, no learning beyond counting.
///
/// For each target, the median label (log ratio of actual to standard time) per
/// (similar-item group, JOB_CD, RES_CD), falling back to (JOB_CD, RES_CD), then JOB_CD, when a key
/// has fewer than `minCount` training values; with no statistic at all the label is 0, i.e. the
/// routing's standard time itself. Rows with and without a standard time are kept apart (their
/// labels mean different things). The median of log ratios makes it immune to the outliers that
/// survive the filter.
class BaselineModel final
{
public:
    BaselineModel() = default;

    /// `jobFeature`, `resFeature` and `standardFeatures` are column indices of the feature rows.
    static BaselineModel fit(const SampleSet &train, int jobFeature, int resFeature,
                             const std::array<int, kTargetCount> &standardFeatures,
                             int minCount = 3);

    TargetPredictions predict(const FeatureBatch &batch) const;

    QJsonObject toJson() const;
    static Result<BaselineModel> fromJson(const QJsonObject &json);
    qsizetype entryCount() const { return m_medians.size(); }
    /// The largest feature index the model reads (checked against the transform on load).
    int maxFeatureIndex() const;

private:
    float lookup(Target target, int group, int job, int res, bool hasStandard) const;

    int m_jobFeature = 0;
    int m_resFeature = 0;
    int m_standardFeature[kTargetCount] = {0, 0};
    int m_minCount = 3;
    QHash<quint64, float> m_medians; ///< key(target, level, group, job, res, hasStandard) -> median
};

} // namespace routing::ml
