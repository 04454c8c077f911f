#pragma once

#include "core/ml/ml_types.h"

#include <QtGlobal>

#include <vector>

namespace routing::ml {

class TrainingData;

/// Flags gross data-entry errors in work-order actuals (a time typed in seconds instead of hours
/// is ×60, a slipped digit ×10, a forgotten entry 0) so that they neither train the models nor
/// dominate the validation figures.
///
/// Rule: Tukey's "far out" fences on the log scale. For each operation and target,
/// d = log(actual) − log(standard) (log(actual) without a standard). Fences come from the
/// operation's own (item, PROC_SEQ) history when it has at least `minGroupSize` values, else from
/// the pool of its (JOB_CD, RES_CD, has-standard). An operation is kept when
/// Q1 − k·IQR ≤ d ≤ Q3 + k·IQR with k = `iqrMultiplier` (3: far out) and IQR ≥ `minIqr`, or when it
/// is within a factor `minFactor` (5) of the group's median either way: entry errors change a value
/// by ×10 or ×60, while a real change on the shop floor — a machine running at half speed — must
/// stay in the data even where the history is tight enough for the IQR fences to exclude it.
/// A zero actual (log = −∞) is an outlier unless zeros make up a quarter of the group (then a zero
/// is a real "no setup"). Fences are fitted on operations before `fitBeforeMs` only — the
/// validation window never shapes its own filter — and then applied to every operation.
class OutlierFilter final
{
public:
    struct Options
    {
        double iqrMultiplier = 3.0;
        int minGroupSize = 5;
        double minIqr = 0.1;
        double minFactor = 5.0; ///< 3 truncated a real ×2.7 slowdown under noise (its median)
    };

    /// Bit (1 << int(Target)) set = the operation's value for that target is usable.
    using Flags = std::vector<quint8>;

    static Flags flag(const TrainingData &data, qint64 fitBeforeMs, const Options &options);

    static bool usable(const Flags &flags, size_t op, Target target)
    {
        return (flags[op] & (1u << int(target))) != 0;
    }
};

} // namespace routing::ml
