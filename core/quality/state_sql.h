#pragma once

// Small helpers shared by the quality tables of the state database (internal to core/quality).

#include "core/common/error.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <optional>

namespace routing {
class StateStore;
}

namespace routing::quality::sql {

/// UTC, ISO 8601 with milliseconds and 'Z': sorts as text in time order.
QString timeText(const QDateTime &time);
QDateTime timeValue(const QVariant &value);
QVariant optionalNumber(const std::optional<double> &value);
std::optional<double> numberValue(const QVariant &value);
QVariant textOrNull(const QString &text);

/// Prepares and runs `sql` with `values` on this thread's state connection.
Result<QSqlQuery> exec(StateStore &state, const QString &sql, const QVariantList &values = {});

} // namespace routing::quality::sql
