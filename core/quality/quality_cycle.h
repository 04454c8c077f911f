#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/quality/cycle_report.h"

#include <QDateTime>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace routing {
class AuditLog;
class ErpDatabase;
class StateStore;
} // namespace routing

namespace routing::quality {

class PredictionSource;
class RetrainingRequestSink;

/// What one cycle evaluates; unset values come from the configuration.
struct CycleOptions
{
    QDateTime asOf;                                   ///< T (plant wall clock); invalid: now
    std::optional<int> sampleSize;                    ///< sampling.sample_size
    std::optional<SamplingConfig::Strategy> strategy; ///< sampling.strategy
    std::optional<quint64> seed;                      ///< sampling.seed (null there: a fresh one)
    QString trigger = QStringLiteral("manual");       ///< manual | schedule | cli | api
    QDateTime now;              ///< the clock for alerts and cooldown; invalid: now
    int segmentTopN = 10;       ///< PART_TYPE / work-centre segments reported
    int predictBatchSize = 500; ///< items per predict call (progress, cancel)
};

/// Progress of a running cycle: percent 0–100 and what it is doing.
using CycleProgress = std::function<void(int percent, const QString &step)>;

/// Collaborators of a cycle. Null members are created from the configuration in the calling
/// thread (and closed again at the end).
struct CycleEnvironment
{
    ErpDatabase *erp = nullptr;
    StateStore *state = nullptr;
    RetrainingRequestSink *retrainingSink = nullptr; ///< null: RecordedRetrainingQueue
    AuditLog *audit = nullptr;
    const std::atomic<bool> *cancel = nullptr;
    CycleProgress progress;
};

/// Runs one quality evaluation cycle (operator manual §2.2): sample → predict → compare with the
/// actuals → metrics → thresholds and alerts → retraining trigger → log, JSON, CSV, Markdown and
/// history row → retention. Blocks the calling thread (never call it on the GUI thread; see
/// QualityCycleWorker).
///
/// A cycle that cannot evaluate (ERP down: 1001; too few eligible items; model missing;
/// cancelled) still returns a report with status Failed/Cancelled, recorded in the history and
/// the log, with the last good metrics and an alert. The Error case is reserved for an unusable
/// state database, when nothing can be recorded.
Result<CycleReport> runQualityCycle(const AppConfig &config, const CycleOptions &options,
                                    PredictionSource &predictor, const CycleEnvironment &env = {});

/// logs/performance/performance.quality.log under the configured logs folder.
QString qualityLogPath(const AppConfig &config);
/// deliverables/quality_reports under the configured reports folder.
QString qualityReportsDir(const AppConfig &config);

} // namespace routing::quality
