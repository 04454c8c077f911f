#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/quality/cycle_report.h"

#include <QDateTime>

namespace routing::quality {

class AlertStore;
class QualityHistory;
class RetrainingTrigger;

/// Alert keys the quality loop owns.
namespace alertkey {
QString metric(const QString &metricKey); ///< "quality.<metric>"
inline const QString lowSamples = QStringLiteral("quality.low_samples");
inline const QString highCv = QStringLiteral("quality.high_cv");
inline const QString cycleFailed = QStringLiteral("quality.cycle_failed");
inline const QString queueFull = QStringLiteral("retrain.queue_full");
} // namespace alertkey

/// For a measured cycle: assesses every metric rule against its levels and the recent history
/// (debounce, hysteresis), raises/updates/clears the alerts, raises the info alerts (low samples,
/// high CV), clears the cycle-failed alert, and — when a retraining-worthy alert is critical and
/// not shelved — asks the trigger for retraining. Fills assessments, level, alertEvents,
/// retraining and activeAlerts of `report`.
Status judgeMeasuredCycle(CycleReport &report, const AppConfig &config, QualityHistory &history,
                          AlertStore &alerts, RetrainingTrigger &trigger, const QDateTime &now);

/// For a failed cycle: raises the cycle-failed alert (with the error's code) and fills
/// activeAlerts. Cancelled cycles raise nothing.
Status judgeFailedCycle(CycleReport &report, AlertStore &alerts, const QDateTime &now);

} // namespace routing::quality
