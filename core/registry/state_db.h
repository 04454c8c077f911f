#pragma once

// Small helpers for the registry's and the job queue's tables in the console's state database
// (prepared statements with bound values only; times as sortable UTC text).

#include "core/common/error.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <functional>

namespace routing {
class StateStore;
}

namespace routing::statedb {

/// UTC, ISO 8601 with milliseconds and 'Z' ("2025-06-30T12:00:00.000Z"): sorts as text in time
/// order.
QString timeText(const QDateTime &time);
/// Null for an invalid time.
QVariant timeOrNull(const QDateTime &time);
QDateTime timeValue(const QVariant &value);
QVariant textOrNull(const QString &text);

/// Prepares and runs `sql` with `values` on this thread's state connection.
Result<QSqlQuery> exec(StateStore &state, const QString &sql, const QVariantList &values = {});

/// Runs `body` inside BEGIN IMMEDIATE … COMMIT on this thread's connection (rolled back when it
/// fails), so that a check and the write that depends on it cannot interleave with another
/// process.
Status inTransaction(StateStore &state, const std::function<Status()> &body);

} // namespace routing::statedb
