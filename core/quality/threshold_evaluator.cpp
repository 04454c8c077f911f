#include "core/quality/threshold_evaluator.h"

#include <algorithm>

namespace routing::quality {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::None:
        return QStringLiteral("normal");
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("normal");
}

Severity severityFromName(const QString &name)
{
    if (name == QLatin1String("critical"))
        return Severity::Critical;
    if (name == QLatin1String("warning"))
        return Severity::Warning;
    if (name == QLatin1String("info"))
        return Severity::Info;
    return Severity::None;
}

QList<MetricRule> metricRules(const ThresholdsConfig &t)
{
    const bool positional =
        t.processMatchMeasure == ThresholdsConfig::ProcessMatchMeasure::Positional;
    return {
        {QStringLiteral("mae_minutes"), QStringLiteral("MAE"), false, QStringLiteral("minutes"),
         t.maeMinutes, Direction::HigherIsWorse, ErrorCode::MaeCritical, true},
        {QStringLiteral("trim_mae_minutes"), QStringLiteral("Trim-MAE"), false,
         QStringLiteral("minutes"), t.trimMaeMinutes, Direction::HigherIsWorse,
         ErrorCode::MaeCritical, true},
        {positional ? QStringLiteral("process_match_positional") : QStringLiteral("process_match"),
         positional ? QStringLiteral("Process match (positional)") : QStringLiteral("Process match"),
         true, QString(), t.processMatch, Direction::LowerIsWorse, ErrorCode::ProcessMatchCritical,
         true},
        {QStringLiteral("cv"), QStringLiteral("CV"), false, QString(), t.cv,
         Direction::HigherIsWorse, ErrorCode::Ok, false},
    };
}

Severity breachLevel(double value, const MetricLevels &levels, Direction direction)
{
    if (direction == Direction::HigherIsWorse) {
        if (value >= levels.critical)
            return Severity::Critical;
        return value >= levels.warning ? Severity::Warning : Severity::None;
    }
    if (value <= levels.critical)
        return Severity::Critical;
    return value <= levels.warning ? Severity::Warning : Severity::None;
}

bool isClear(double value, const MetricLevels &levels, Direction direction)
{
    return direction == Direction::HigherIsWorse ? value < levels.clear : value > levels.clear;
}

Assessment assess(const MetricRule &rule, std::optional<double> value,
                  const QList<std::optional<double>> &previous, Severity previousState,
                  const AlertsConfig &alerts)
{
    Assessment a;
    a.rule = rule;
    a.value = value;
    a.previousState = previousState;
    const int n = std::max(1, alerts.debounceN);
    const int m = std::clamp(alerts.debounceM, 1, n);

    QList<std::optional<double>> window =
        previous.mid(std::max<qsizetype>(0, previous.size() - (n - 1)));
    window << value;
    for (const auto &v : window) {
        if (!v)
            continue;
        ++a.windowCycles;
        const Severity level = breachLevel(*v, rule.levels, rule.direction);
        if (level >= Severity::Warning)
            ++a.warningCycles;
        if (level == Severity::Critical)
            ++a.criticalCycles;
    }
    if (!value) {
        a.state = previousState;
        return a;
    }
    a.level = breachLevel(*value, rule.levels, rule.direction);
    if (a.criticalCycles >= m)
        a.state = Severity::Critical;
    else if (previousState < Severity::Warning)
        a.state = a.warningCycles >= m ? Severity::Warning : Severity::None;
    else if (isClear(*value, rule.levels, rule.direction))
        a.state = Severity::None;
    else
        a.state = Severity::Warning;
    return a;
}

} // namespace routing::quality
