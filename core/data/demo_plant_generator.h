#pragma once

#include "core/common/error.h"

#include <QDate>
#include <QString>
#include <QStringList>

#include <functional>

namespace routing {

/// What to generate. The plant is a pure function of (seed, items, endDate, historyDays).
struct DemoPlantOptions
{
    int items = 20000; ///< number of items
    quint64 seed = 42;
    QDate endDate;         ///< last day of work-order history; invalid => QDate::currentDate()
    QString outFile;       ///< SQLite file to write
    int historyDays = 730; ///< two years of work orders
};

/// What was generated (also stored in the plant's DEMO_PLANT_INFO table).
struct DemoPlantSummary
{
    int items = 0, itemsWithRouting = 0, routingRows = 0;
    qint64 workOrderRows = 0;
    int partFamilies = 0; ///< distinct PART_TYPE values among the items
    QDate startDate, endDate, driftDate;
    QStringList driftWorkCentres; ///< RES_CD of the centres that slow down at driftDate
    double seconds = 0;
};

/// Writes the demo plant: an SQLite file with the three ERP views of shared/ref/erp-views.md as
/// tables (same names, columns), plus DEMO_PLANT_INFO. The file is written under a temporary name
/// beside outFile and renamed into place only when complete; on failure outFile is untouched and
/// no temporary file remains. `progress` receives 0..100, from the calling thread.
/// See docs/demo-plant.md for what the plant contains.
Result<DemoPlantSummary> generateDemoPlant(const DemoPlantOptions &options,
                                           const std::function<void(int percent)> &progress = {});

} // namespace routing
