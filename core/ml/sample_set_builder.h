#pragma once

#include "core/ml/outlier_filter.h"
#include "core/ml/sample_set.h"

#include <vector>

namespace routing::ml {

class FeatureTransform;
class TrainingData;

/// Builds SampleSets for REPORT_DT windows of a TrainingData.
///
/// Training rows are every operation in the window with at least one usable target; their step
/// features are what was executed (JOB_CD, RES_CD) with the standard times of the routing step the
/// operation is linked to. Validation rows are the operations linked to a step of the item's
/// current routing — exactly what the predictor outputs times for — with setup, run and quantity
/// present; their step features are the routing step's, as the predictor would see them, and gross
/// outliers stay in (flagged in SampleSet::clean) so that figures can be given with and without.
class SampleSetBuilder final
{
public:
    enum class Mode { Training, Validation };

    SampleSetBuilder(const TrainingData &data, const FeatureTransform &transform,
                     const OutlierFilter::Flags &flags);

    SampleSet build(qint64 fromMs, qint64 toMs, Mode mode) const;

private:
    const TrainingData &m_data;
    const FeatureTransform &m_transform;
    const OutlierFilter::Flags &m_flags;
    std::vector<float> m_itemRows; ///< encoded item part per item
    std::vector<int> m_itemGroups;
};

} // namespace routing::ml
