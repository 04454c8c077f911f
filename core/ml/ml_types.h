#pragma once

#include "core/common/error.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace routing::ml {

/// Progress of long work: percent (0..100, never decreasing), a short step name ("xgboost") and an
/// operator-readable message ("round 120/400, validation RMSE 0.212").
using ProgressCallback = std::function<void(int percent, const QString &step, const QString &message)>;

/// Set from any thread to stop training between boosting rounds / MLP epochs / batches.
using CancelFlag = std::atomic<bool>;

inline bool isCancelled(const CancelFlag *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

inline std::unexpected<Error> cancelled()
{
    return fail(ErrorCode::Cancelled, QStringLiteral("training cancelled"));
}

/// The two per-step quantities predicted from work-order actuals.
enum class Target : int {
    Setup = 0, ///< setup minutes per order (SETUP_HOURS converted)
    Run = 1,   ///< run minutes per unit (MACH_WORKED_HOURS converted / ORDER_QTY)
};
inline constexpr int kTargetCount = 2;

/// The candidates a training run can produce.
enum class CandidateKind : int { Baseline = 0, Xgboost = 1, Mlp = 2, Stacking = 3 };
inline constexpr int kCandidateCount = 4;

QString candidateName(CandidateKind kind);
std::optional<CandidateKind> candidateFromName(const QString &name);

inline constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
inline bool isMissing(double value)
{
    return std::isnan(value);
}

/// One reported work-order operation in compact form: codes interned into TrainingData's tables,
/// times in minutes, NaN where the ERP had NULL.
struct OperationRecord
{
    int item = -1;        ///< index into TrainingData::items()
    int job = -1;         ///< index into TrainingData::jobs()
    int res = -1;         ///< index into TrainingData::resources()
    int procSeq = 0;
    int routingStep = -1; ///< index of the matching step in the item's current routing, or -1
    qint64 reportedMs = 0;
    float setupMinutes = kMissing;
    float runMinutes = kMissing; ///< for orderQty units
    float orderQty = kMissing;

    /// Run minutes per unit, NaN when the quantity or the time is missing or the quantity <= 0.
    float runMinutesPerUnit() const
    {
        return (orderQty > 0 && !std::isnan(runMinutes)) ? runMinutes / orderQty : kMissing;
    }
    float target(Target t) const
    {
        return t == Target::Setup ? setupMinutes : runMinutesPerUnit();
    }
};

} // namespace routing::ml
