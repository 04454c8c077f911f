#pragma once

// Number formats shared by the cycle's log block and latest_cycle.md (internal to core/quality).

#include "core/quality/threshold_evaluator.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace routing::quality::fmt {

/// Minutes and plain figures: 2 decimals.
inline QString n2(double v)
{
    return QString::number(v, 'f', 2);
}
/// Ratios as percent with 1 decimal.
inline QString pct(double v)
{
    return QString::number(v * 100.0, 'f', 1) + u'%';
}
inline QString opt2(const std::optional<double> &v)
{
    return v ? n2(*v) : QStringLiteral("n/a");
}
inline QString optPct(const std::optional<double> &v)
{
    return v ? pct(*v) : QStringLiteral("n/a");
}
inline QString plantTime(const QDateTime &t)
{
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
/// A level of a metric in the metric's own format.
inline QString level(const MetricRule &rule, double value)
{
    return rule.ratio ? pct(value) : n2(value);
}

} // namespace routing::quality::fmt
