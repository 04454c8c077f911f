#include "core/ml/sample_set_builder.h"

#include "core/ml/feature_transform.h"
#include "core/ml/training_data.h"

#include <cmath>

namespace routing::ml {

SampleSetBuilder::SampleSetBuilder(const TrainingData &data, const FeatureTransform &transform,
                                   const OutlierFilter::Flags &flags)
    : m_data(data), m_transform(transform), m_flags(flags)
{
    const size_t itemDim = size_t(transform.itemDimension());
    m_itemRows.resize(data.items().size() * itemDim);
    m_itemGroups.resize(data.items().size());
    for (size_t i = 0; i < data.items().size(); ++i) {
        transform.encodeItem(data.items()[i], m_itemRows.data() + i * itemDim);
        m_itemGroups[i] = transform.groupCode(data.items()[i]);
    }
}

SampleSet SampleSetBuilder::build(qint64 fromMs, qint64 toMs, Mode mode) const
{
    SampleSet set;
    set.dimension = m_transform.dimension();
    const size_t itemDim = size_t(m_transform.itemDimension());
    const auto &ops = m_data.operations();
    const auto first = std::lower_bound(ops.begin(), ops.end(), fromMs,
                                        [](const OperationRecord &op, qint64 t) {
                                            return op.reportedMs < t;
                                        });
    for (auto it = first; it != ops.end() && it->reportedMs < toMs; ++it) {
        const OperationRecord &op = *it;
        const size_t index = size_t(it - ops.begin());
        const RoutingStep *step = m_data.routingStepOf(op);
        const bool setupOk = OutlierFilter::usable(m_flags, index, Target::Setup);
        const bool runOk = OutlierFilter::usable(m_flags, index, Target::Run);
        if (mode == Mode::Training) {
            if (!setupOk && !runOk)
                continue;
        } else if (!step || std::isnan(op.setupMinutes) || std::isnan(op.runMinutes)
                   || !(op.orderQty > 0)) {
            continue;
        }

        StepFeatures f;
        f.jobCd = m_data.jobs().at(op.job);
        f.resCd = (mode == Mode::Validation && step) ? step->resCd : m_data.resources().at(op.res);
        f.procSeq = step ? step->procSeq : op.procSeq;
        if (step) {
            f.insideFlag = step->insideFlag;
            f.standardSetup = step->setupMinutes;
            f.standardRun = step->runMinutesPerUnit;
        }
        f.orderQty = op.orderQty > 0 ? double(op.orderQty) : 0.0;

        const size_t row = set.item.size();
        set.features.resize((row + 1) * size_t(set.dimension));
        float *out = set.features.data() + row * size_t(set.dimension);
        std::copy_n(m_itemRows.data() + size_t(op.item) * itemDim, itemDim, out);
        m_transform.encodeStep(f, out + itemDim);

        const double offsets[kTargetCount] = {FeatureTransform::offset(f.standardSetup),
                                              FeatureTransform::offset(f.standardRun)};
        const bool usable[kTargetCount] = {setupOk, runOk};
        for (int t = 0; t < kTargetCount; ++t) {
            const float actual = op.target(static_cast<Target>(t));
            set.offset[size_t(t)].push_back(float(offsets[t]));
            set.label[size_t(t)].push_back(usable[t] && actual >= 0
                                               ? float(std::log1p(double(actual)) - offsets[t])
                                               : kMissing);
        }
        set.orderQty.push_back(op.orderQty);
        set.actualSetup.push_back(op.setupMinutes);
        set.actualRun.push_back(op.runMinutes);
        set.standardSetup.push_back(f.standardSetup ? float(*f.standardSetup) : kMissing);
        set.standardRun.push_back(f.standardRun ? float(*f.standardRun) : kMissing);
        set.clean.push_back(setupOk && runOk ? 1 : 0);
        set.item.push_back(op.item);
        set.resource.push_back(m_transform.resourceCode(f.resCd));
        set.job.push_back(m_transform.jobCode(f.jobCd));
        set.group.push_back(m_itemGroups[size_t(op.item)]);
        set.time.push_back(op.reportedMs);
    }
    return set;
}

} // namespace routing::ml
