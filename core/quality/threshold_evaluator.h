#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"

#include <QList>
#include <QString>

#include <optional>

namespace routing::quality {

enum class Severity { None = 0, Info = 1, Warning = 2, Critical = 3 };

/// "normal", "info", "warning", "critical".
QString severityName(Severity severity);
Severity severityFromName(const QString &name);

enum class Direction { HigherIsWorse, LowerIsWorse };

/// One checked metric: its levels from the configuration and what a critical breach means.
struct MetricRule
{
    QString key;        ///< report/JSON name and alert key suffix, e.g. "mae_minutes"
    QString label;      ///< as the log and the manual name it, e.g. "MAE"
    bool ratio = false; ///< shown as a percentage (process match) or plain (CV)
    QString unit;       ///< "minutes" or ""
    MetricLevels levels;
    Direction direction = Direction::HigherIsWorse;
    ErrorCode criticalCode = ErrorCode::Ok; ///< 3001 / 3002 from the manual; Ok: none
    bool triggersRetraining = false;        ///< a critical alert asks for retraining
};

/// MAE, trimmed MAE, process match (the configured measure: key `process_match` or
/// `process_match_positional`) and CV with the configured levels. CV is a property of the
/// actuals: it alerts but never asks for retraining (a new model does not make the plant steadier).
QList<MetricRule> metricRules(const ThresholdsConfig &thresholds);

/// The level one value reaches: ≥ critical → Critical, ≥ warning → Warning (mirrored for
/// lower-is-worse metrics), else None.
Severity breachLevel(double value, const MetricLevels &levels, Direction direction);
/// Strictly past the clear level (below it, or above it when lower is worse).
bool isClear(double value, const MetricLevels &levels, Direction direction);

/// A metric judged in one cycle: its raw level and the debounced, hysteretic alert state.
struct Assessment
{
    MetricRule rule;
    std::optional<double> value;
    Severity level = Severity::None; ///< this cycle's value alone
    int windowCycles = 0;            ///< cycles with a value among the last N (this one included)
    int warningCycles = 0;           ///< of which at warning or worse
    int criticalCycles = 0;          ///< of which critical
    Severity previousState = Severity::None;
    Severity state = Severity::None; ///< the alert state after this cycle
};

/// Alert state machine of one metric.
///  - Raise/escalate: Critical when ≥ M of the last N cycles (this one included) are critical;
///    from None, Warning when ≥ M are at warning or worse.
///  - Hysteresis: an active alert clears only when this cycle's value is past the clear level;
///    until then it stays Warning (a Critical whose critical count fell below M de-escalates).
///  - No value this cycle (nothing to measure): the state is kept.
/// `previous` are the metric's values in earlier successful cycles, oldest first.
Assessment assess(const MetricRule &rule, std::optional<double> value,
                  const QList<std::optional<double>> &previous, Severity previousState,
                  const AlertsConfig &alerts);

} // namespace routing::quality
