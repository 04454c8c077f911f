#pragma once

#include <QJsonObject>

#include <vector>

namespace routing::ml {

/// Error figures in minutes per operation (predicted setup + run × ORDER_QTY against the reported
/// setup + run of the operation).
struct ErrorMetrics
{
    qint64 count = 0;
    double mae = 0;
    double trimmedMae = 0; ///< absolute errors sorted, ⌊n·trim⌋ dropped at each end (plain mean if 2k ≥ n)
    double rmse = 0;
    double bias = 0;       ///< mean of predicted − actual: > 0 over-predicts
    double medianAbsError = 0;

    /// `errors` are predicted − actual.
    static ErrorMetrics compute(const std::vector<double> &errors, double trimRatio);
    QJsonObject toJson() const;
    static ErrorMetrics fromJson(const QJsonObject &json);
};

/// Leave-one-out routing quality over items that have a routing, two ways:
/// - aligned: the longest common subsequence of the JOB_CD sequences (order kept, numbering
///   ignored), over the actual steps. Plants renumber routings 10, 20, 30…, so one optional step
///   more or less shifts every later PROC_SEQ; alignment counts it as the one step it is.
/// - positional: same JOB_CD at the same PROC_SEQ, the strict reading.
/// The console's "process match" for synthesised routings is the aligned figure; both are reported.
struct ProcessMatch
{
    int items = 0;
    int itemsWithoutPrediction = 0;
    qint64 actualSteps = 0;
    qint64 predictedSteps = 0;
    qint64 matchedSteps = 0;
    qint64 alignedSteps = 0;     ///< LCS of the JOB_CD sequences
    qint64 matchedJobs = 0;      ///< same JOB_CD present regardless of order (multiset)
    int exactRoutings = 0;       ///< the same JOB_CD sequence, step for step

    /// Aligned steps / actual steps (pooled): the console's process match.
    double match() const { return actualSteps ? double(alignedSteps) / double(actualSteps) : 0.0; }
    /// Aligned steps / predicted steps: guards against padding predictions with every possible step.
    double precision() const
    {
        return predictedSteps ? double(alignedSteps) / double(predictedSteps) : 0.0;
    }
    /// Same JOB_CD at the same PROC_SEQ / actual steps.
    double positionalMatch() const
    {
        return actualSteps ? double(matchedSteps) / double(actualSteps) : 0.0;
    }
    double jobRecall() const { return actualSteps ? double(matchedJobs) / double(actualSteps) : 0.0; }
    QJsonObject toJson() const;
};

} // namespace routing::ml
