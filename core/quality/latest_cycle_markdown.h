#pragma once

#include "core/quality/cycle_report.h"

#include <QString>

namespace routing::quality {

/// deliverables/quality_reports/latest_cycle.md: the cycle for people (overwritten each cycle).
QString latestCycleMarkdown(const CycleReport &report);

} // namespace routing::quality
