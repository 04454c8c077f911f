#pragma once

#include <QString>
#include <QStringList>

namespace routing {

/// Deletes files under `dir` (recursively) whose names match `nameFilters` and whose last
/// modification is older than `days`. Returns the number removed. Used for logs and reports.
int pruneFilesOlderThan(const QString &dir, const QStringList &nameFilters, int days);

} // namespace routing
