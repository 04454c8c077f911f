#pragma once

#include "core/ml/sample_set.h"
#include "core/ml/training_report.h"

namespace routing::ml {

class RoutingModel;

/// Validation figures on a validation SampleSet, all in minutes per operation: predicted
/// setup + run per unit × ORDER_QTY against the reported setup + run of each operation.
class ModelEvaluator final
{
public:
    /// Figures of given label-space predictions of the rows of `validation`.
    static CandidateResult fromPredictions(const QString &name, const SampleSet &validation,
                                           const TargetPredictions &labels, double trimRatio);
    /// The routing's standard times as the prediction (a NULL standard counts as 0).
    static CandidateResult standardTime(const SampleSet &validation, double trimRatio);
    /// Predicts with `candidate` of `model` (rows encoded with the model's own transform) and
    /// measures batch and single-routing latency.
    static CandidateResult evaluate(const QString &name, const RoutingModel &model,
                                    CandidateKind candidate, const SampleSet &validation,
                                    double trimRatio);
    /// Batch µs per row and p99 of 7-row (one routing) calls, warm.
    static void measureLatency(const RoutingModel &model, CandidateKind candidate,
                               const SampleSet &validation, CandidateResult &result);
};

} // namespace routing::ml
