#pragma once

#include "core/data/demo_plant_model.h"

#include <functional>
#include <vector>

namespace routing::demo {

/// One reported work-order operation (a BI_WORK_ORDER_RESULTS row).
struct WorkOrderRow
{
    const DemoItem *item = nullptr;
    const RoutingVersion *routing = nullptr;
    const RoutingStep *step = nullptr;
    int centre = 0; ///< the centre actually used
    int day = 0;    ///< report day relative to the history start
    int secondOfDay = 0;
    double setupHours = 0;
    double runHours = 0;
    int qty = 0;
    int bad = 0;
};

/// The plant's work-order history: orders at each item's rate, every step reported with
/// lognormal noise around the true times, data-entry errors, and the drift event (some busy work
/// centres slow down 45 days before the end). Rows are produced item by item, never all held.
class DemoWorkOrders final
{
public:
    explicit DemoWorkOrders(const DemoPlantModel &model);
    Q_DISABLE_COPY_MOVE(DemoWorkOrders)

    static constexpr double kOutlierRate = 0.02;
    /// The drift event: busy centres carrying this share of the in-house operations slow down by a
    /// factor in [kDriftFactorMin, kDriftFactorMax] (from the seed). Sized so that a model trained
    /// before the drift crosses the operator manual's 10-minute critical MAE (see docs/demo-plant.md).
    static constexpr double kDriftShareMin = 0.15;
    static constexpr double kDriftShareMax = 0.45;
    static constexpr double kDriftFactorMin = 2.9;
    static constexpr double kDriftFactorMax = 3.1;

    int driftDay() const { return m_driftDay; } ///< relative to the history start
    const std::vector<int> &driftCentres() const { return m_driftCentres; }
    double driftFactor() const { return m_driftFactor; }
    /// Expected share of in-house operations on the drifting centres.
    double driftShare() const { return m_driftShare; }

    /// Emits every reported operation of one item, in order-start order.
    void forItem(int itemIndex, const std::function<void(const WorkOrderRow &)> &sink) const;

private:
    void chooseDrift();
    double runTotal(const DemoItem &item, const RoutingStep &step, int centre, int qty) const;
    bool isSunday(int day) const { return (m_startDayOfWeek + day) % 7 == 0; }

    const DemoPlantModel &m_model;
    quint64 m_seed;
    int m_historyDays;
    int m_startDayOfWeek; ///< 0 = Sunday
    int m_driftDay;
    std::vector<int> m_driftCentres;
    std::vector<char> m_isDriftCentre;
    double m_driftFactor = 1;
    double m_driftShare = 0;
};

} // namespace routing::demo
