#pragma once

#include "core/data/erp_types.h"
#include "core/ml/error_metrics.h"
#include "core/ml/ml_types.h"
#include "core/ml/routing_synthesizer.h"

#include <vector>

namespace routing::ml {

class RoutingModel;
class TrainingData;

/// Leave-one-out process match: each sampled item that has a routing is treated as new — its own
/// routing hidden and itself excluded from the neighbours — and the synthesised routing is compared
/// with the real one (ProcessMatch: aligned and positional match, precision).
class ProcessMatchEvaluator final
{
public:
    /// Up to `maxItems` routed items (0: all), seeded, in item order.
    static std::vector<int> sampleItems(const TrainingData &data, int maxItems, quint64 seed);
    static Result<ProcessMatch> evaluate(const RoutingModel &model, const TrainingData &data,
                                         const std::vector<int> &items, const CancelFlag *cancel,
                                         const RoutingSynthesizer::Options *synthesis = nullptr);
    /// The similarity weight power (the vote's similarity^power) with the best leave-one-out
    /// aligned match on `items`, among `candidates`. How sharply votes favour the nearest items
    /// depends on how informative the attributes are in a plant, so it is measured, not fixed.
    static Result<double> chooseWeightPower(const RoutingModel &model, const TrainingData &data,
                                            const std::vector<int> &items,
                                            const QList<double> &candidates,
                                            const CancelFlag *cancel);
    static void accumulate(const Routing &actual, const QList<SynthesizedStep> &predicted,
                           ProcessMatch &match);
};

} // namespace routing::ml
