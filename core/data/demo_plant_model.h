#pragma once

#include "core/data/demo_plant_catalogue.h"

#include <QDate>
#include <QString>
#include <QVariant>

#include <array>
#include <vector>

namespace routing::demo {

class DemoRandom;

/// One step of a routing as the planner wrote it, and the truth behind it.
struct RoutingStep
{
    int process = 0;
    int centre = 0;        ///< the planned work centre
    int procSeq = 0;       ///< 10, 20, 30 …
    double passFactor = 1; ///< second passes and intermediate inspections take less
    double trueSetup = 0;  ///< true setup minutes per order at the planned centre
    double trueRun = 0;    ///< true run minutes per unit at the planned centre (10-unit order)
    double stdSetup = 0;   ///< the planner's standard (SETUP_TIME)
    double stdRun = 0;     ///< the planner's standard (RUN_TIME)
};

struct RoutingVersion
{
    QString routNo;
    int day = 0;        ///< INSRT_DT as a day relative to the history start (negative: before it)
    QString insertedAt; ///< INSRT_DT text
    std::vector<RoutingStep> steps;
};

/// An item: its master-data row (what the ERP shows) and its true, partly hidden, nature.
struct DemoItem
{
    static constexpr int kColumns = 26; ///< erp::itemColumns()

    QString code;
    int family = 0;
    int material = 0;
    bool standard = true;
    bool precision = false; ///< tight tolerances: not in the master data, but drives grinding
    bool multiSeal = false; ///< double/tandem/cartridge: longer assembly and testing
    bool inch = false;      ///< drawn in inches: the master data records inches
    double odMm = 0, idMm = 0, thickMm = 0; ///< true dimensions (the recorded ones may be unknown)
    double hidden = 1;
    double qtyMedian = 10;
    double ordersPerYear = 0;
    std::array<QVariant, kColumns> record;
    /// Chronological: a version is in effect from the day after its INSRT_DT; the last is the
    /// current routing (newest INSRT_DT, ties: highest ROUT_NO). Empty: a new item.
    std::vector<RoutingVersion> routings;
};

/// The simulated plant: items with their master data, their routings, and the true time model
/// behind both the planners' standards and the work-order actuals. Everything is a function of
/// (seed, item count, start date, history days).
class DemoPlantModel final
{
public:
    DemoPlantModel(quint64 seed, int itemCount, QDate startDate, int historyDays);

    quint64 seed() const { return m_seed; }
    QDate startDate() const { return m_startDate; }
    int historyDays() const { return m_historyDays; }
    const Catalogue &catalogue() const { return m_catalogue; }
    const std::vector<DemoItem> &items() const { return m_items; }

    /// Centres of a process that take a part of this size (at least the largest one).
    std::vector<int> fittingCentres(int process, double odMm) const;
    /// True run minutes per unit (of a 10-unit order; per unit of a full batch for batch work).
    double trueRunPerUnit(const DemoItem &item, int process, int centre) const;
    /// True setup minutes per order; 0 for outsourced work.
    double trueSetup(const DemoItem &item, int process, int centre, int stepCount) const;

private:
    DemoItem makeItem(int index) const;
    void fillRecord(DemoItem &item, DemoRandom &rng) const;
    RoutingVersion makeRouting(const DemoItem &item, DemoRandom &rng) const;
    void makeRoutings(DemoItem &item, DemoRandom &rng) const;

    struct KeyProcesses
    {
        int insp, cnc01, mct01, grd01, grd02, lap01, drl01, wld, deb, wsh, pkg, asm01, lkt, bal;
    };

    quint64 m_seed;
    QDate m_startDate;
    int m_historyDays;
    Catalogue m_catalogue;
    KeyProcesses m_key;
    std::vector<DemoItem> m_items;
};

} // namespace routing::demo
