#pragma once

#include "core/data/erp_types.h"
#include "core/quality/prediction_source.h"

#include <vector>

namespace routing::quality {

/// The operations as the screen sees them, in compact per-operation arrays: JOB_CD and RES_CD
/// as dense ids (jobCount, resourceCount of them), and for a usable operation its actual run
/// minutes per unit and setup minutes.
struct ScreenedOperations
{
    std::vector<int> job, res;
    int jobCount = 0, resourceCount = 0;
    std::vector<double> runPerUnit, setup;
    std::vector<double> qty; ///< ORDER_QTY, > 0 where the operation is usable
};

struct GrossErrorOptions
{
    double k = 3.0;      ///< Tukey's "far out" fences
    int minPool = 20;    ///< values with a standard needed per (JOB_CD, RES_CD) pool
    double minIqr = 0.1; ///< floor of the pool's IQR (log scale)
};

/// Flags gross data-entry errors in actuals (minutes typed as hours ×60, slipped digits ×10 or
/// ÷10, forgotten zeros) without looking at any prediction: per target (run per unit, setup),
/// d = ln(actual / standard) against the planner's standard of the operation's routing step
/// (`steps[k]`, the item's own routing as carried by the prediction; null: no standard).
/// Judged in the narrowest pool with at least `minPool` values — (JOB_CD, RES_CD), else JOB_CD,
/// else all operations — d outside [Q1 − k·IQR, Q3 + k·IQR] (IQR ≥ minIqr) is an error; so is a
/// zero actual where zeros are less than a quarter of that pool (else zero is a real "no setup"). A
/// drifted work centre moves its whole pool, so drift is never screened away. Only `usable`
/// operations are looked at.
///
/// The run is judged per unit or per order (d + ln ORDER_QTY), whichever the pool's values are
/// tighter on (the smaller IQR; per unit on a tie): a batch process (heat treatment, plating)
/// takes about the same time whatever the lot, so its time per unit spreads with 1/ORDER_QTY and
/// would hide a ×60 behind the lot sizes.
std::vector<char> screenGrossErrors(const ScreenedOperations &ops,
                                    const std::vector<const PredictedStep *> &steps,
                                    const std::vector<char> &usable,
                                    const GrossErrorOptions &options);

} // namespace routing::quality
