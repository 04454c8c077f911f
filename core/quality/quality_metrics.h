#pragma once

#include "core/data/erp_types.h"
#include "core/quality/prediction_source.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace routing::quality {

/// The aggregate figures of one evaluation (docs/metrics.md defines each one). A figure that
/// cannot be computed (nothing to average) is nullopt, never 0.
struct QualityMetrics
{
    // Prediction error over matched operations, minutes; error = predicted − actual.
    std::optional<double> mae;        ///< mean |error| of setup + run
    std::optional<double> maeSetup;   ///< mean |error| of the setup part
    std::optional<double> maeRun;     ///< mean |error| of the run part (run/unit × ORDER_QTY)
    std::optional<double> trimmedMae; ///< mean |error| without ⌊n·trim_ratio⌋ at each end
    std::optional<double> rmse;
    std::optional<double> bias;        ///< mean signed error (> 0: the model over-predicts)
    std::optional<double> p90AbsError; ///< type-7 90th percentile of |error|
    std::optional<double> coverage;    ///< matched / evaluated operations

    // Routing (leave-one-out), pooled over actual steps.
    std::optional<double> processMatch; ///< aligned (LCS of JOB_CD sequences) / actual steps
    std::optional<double>
        processMatchPositional;             ///< same JOB_CD at the same position / actual steps
    std::optional<double> processPrecision; ///< aligned / predicted steps
    std::optional<double> jobRecall;        ///< multiset JOB_CD overlap / actual steps
    std::optional<double> jobPrecision;     ///< multiset JOB_CD overlap / predicted steps

    // The actuals themselves (not prediction error).
    std::optional<double> cv; ///< mean over groups (n ≥ 2, mean > 0) of SD/mean run per unit
    std::optional<double> sampleCount; ///< mean operations per (item, PROC_SEQ, JOB_CD) group

    int itemsSampled = 0;
    int itemsEvaluated = 0;        ///< usable actuals and a prediction
    int itemsFailed = 0;           ///< usable actuals but the prediction failed
    int itemsWithoutActuals = 0;   ///< no usable operation in the window
    int itemsProcessEvaluated = 0; ///< usable actuals and a leave-one-out prediction
    int itemsLooFailed = 0;        ///< usable actuals but the leave-one-out prediction failed

    qint64 operationsRead = 0;        ///< operations of sampled items in the window
    qint64 operationsUnusable = 0;    ///< NULL setup/run/quantity, quantity ≤ 0 or negative times
    qint64 operationsOutliers = 0;    ///< removed: gross errors + IQR outliers
    qint64 operationsGrossErrors = 0; ///< of which far off the planner's standard (pool screen)
    qint64 operationsEvaluated = 0;   ///< kept operations of evaluated items
    qint64 operationsMatched = 0;     ///< of which a predicted step had the same (PROC_SEQ, JOB_CD)

    qint64 stepsActual = 0;
    qint64 stepsAligned = 0;
    qint64 stepsMatched = 0; ///< positional
    qint64 stepsPredicted = 0;
    qint64 jobOverlap = 0;

    int groups = 0;
    int groupsWithCv = 0;
    int groupsLowSamples = 0;
    int groupsHighCv = 0;
};

/// The same error figures restricted to one PART_TYPE or one work centre.
struct SegmentMetrics
{
    QString segment; ///< the PART_TYPE / RES_CD value; "" for NULL
    int items = 0;
    qint64 operations = 0; ///< evaluated operations
    qint64 matched = 0;
    std::optional<double> mae;
    std::optional<double> rmse;
    std::optional<double> bias;
    std::optional<double> coverage;
    std::optional<double> processMatch; ///< PART_TYPE only: aligned steps of the segment's items
    qint64 steps = 0;
};

/// A (ITEM_CD, PROC_SEQ, JOB_CD) group flagged for the operator (info, not an error).
struct GroupFlag
{
    QString itemCode;
    int procSeq = 0;
    QString jobCd;
    int operations = 0;
    std::optional<double> cv;
};

struct ItemFailure
{
    QString itemCode;
    QString message;
    bool leaveOneOut = false;
};

struct MetricsInput
{
    QStringList sampledItems;
    QList<WorkOrderOp> operations;                 ///< actuals in the window (any item)
    QHash<QString, ItemPrediction> predictions;    ///< with the item's own routing
    QHash<QString, ItemPrediction> looPredictions; ///< own routing hidden (leave-one-out)
    QHash<QString, QString> partTypes;             ///< item → PART_TYPE
    double trimRatio = 0.10;
    int sampleCountMin = 3;
    double highCvLevel = 0.5; ///< groups with CV above this are flagged
    int segmentTopN = 10;
    double iqrK = 1.5;
    int iqrMinGroupSize = 4;  ///< smaller groups keep every operation
    double grossK = 3.0;      ///< Tukey's "far out" fences of the standard-time screen
    int grossMinPool = 20;    ///< operations with a standard needed per (JOB_CD, RES_CD) pool
    double grossMinIqr = 0.1; ///< floor of the pool's IQR on the log scale
};

struct MetricsResult
{
    QualityMetrics overall;
    QList<SegmentMetrics> byPartType;   ///< the largest segmentTopN, by evaluated operations
    QList<SegmentMetrics> byWorkCentre; ///< the same, by the work centre actually used
    QList<GroupFlag> lowSampleGroups;   ///< all, by item, PROC_SEQ, JOB_CD
    QList<GroupFlag> highCvGroups;      ///< all, highest CV first
    QList<ItemFailure> failures;        ///< by item
};

/// Pure function of its input: the figures of docs/metrics.md.
MetricsResult computeQualityMetrics(const MetricsInput &input);

} // namespace routing::quality
