#pragma once

#include "core/audit/quality_log.h"
#include "core/common/error.h"
#include "core/quality/cycle_report.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace routing::quality {

using LogLine = std::pair<QualityLog::Level, QString>;

/// The "started" line of the performance log (written when the cycle starts).
QString startedLogLine(const QString &cycleId);
/// The rest of the cycle's block in performance.quality.log (manual §3.3: `LEVEL: message`):
/// metrics with their levels, items, failures, alerts, the retraining decision, the end line.
QList<LogLine> logBlock(const CycleReport &report);

/// Columns of quality_summary.csv (one row per cycle).
QStringList csvHeader();
QStringList csvFields(const CycleReport &report);
/// One RFC 4180 line (CRLF; fields quoted when they hold a comma, quote or line break).
QByteArray csvLine(const QStringList &fields);
/// Appends the report's row, writing the UTF-8 BOM and the header first when the file is new or
/// empty. The whole file is rewritten atomically, so a reader never sees half a row.
Status appendCsvRow(const QString &path, const CycleReport &report);

/// The log's number formats: minutes with 2 decimals, ratios as percent with 1 decimal.
QString formatLogValue(const MetricRule &rule, double value);

} // namespace routing::quality
