#include "core/data/demo_plant_work_orders.h"

#include "core/data/demo_plant_random.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace routing::demo {
namespace {

constexpr double kUnreportedStep = 0.03;  // operations nobody reported
constexpr double kAlternateCentre = 0.04; // run on another centre than planned
constexpr int kMaxOrderSpanDays = 60;
constexpr int kDriftDaysBeforeEnd = 45;

} // namespace

DemoWorkOrders::DemoWorkOrders(const DemoPlantModel &model)
    : m_model(model), m_seed(model.seed()), m_historyDays(model.historyDays()),
      m_startDayOfWeek(model.startDate().dayOfWeek() % 7),
      m_driftDay(model.historyDays() - 1 - kDriftDaysBeforeEnd)
{
    chooseDrift();
}

double DemoWorkOrders::runTotal(const DemoItem &item, const RoutingStep &step, int centre,
                                int qty) const
{
    const Process &p = m_model.catalogue().processes[size_t(step.process)];
    const double perUnit =
        centre == step.centre
            ? step.trueRun
            : m_model.trueRunPerUnit(item, step.process, centre) * step.passFactor;
    if (p.batch > 0)
        return perUnit * p.batch * std::ceil(double(qty) / p.batch);
    return perUnit * qty * std::pow(qty / 10.0, -0.07); // a mild learning curve
}

void DemoWorkOrders::chooseDrift()
{
    const Catalogue &cat = m_model.catalogue();
    std::vector<double> operations(cat.centres.size(), 0.0);
    std::vector<double> runMinutes(cat.centres.size(), 0.0);
    const int endDay = m_historyDays - 1;
    for (const DemoItem &item : m_model.items()) {
        if (item.routings.empty())
            continue;
        const int from = std::max(0, item.routings.front().day + 7);
        const double orders = item.ordersPerYear * std::max(0, endDay - from + 1) / 365.0;
        for (const RoutingStep &s : item.routings.back().steps) {
            if (cat.processes[size_t(s.process)].outsourced)
                continue;
            operations[size_t(s.centre)] += orders;
            runMinutes[size_t(s.centre)] += orders * s.trueRun * item.qtyMedian;
        }
    }
    m_isDriftCentre.assign(cat.centres.size(), 0);
    const double totalOps = std::accumulate(operations.begin(), operations.end(), 0.0);
    const double totalRun = std::accumulate(runMinutes.begin(), runMinutes.end(), 0.0);
    if (totalOps <= 0 || totalRun <= 0)
        return;
    std::vector<int> busiest(operations.size());
    std::iota(busiest.begin(), busiest.end(), 0);
    std::stable_sort(busiest.begin(), busiest.end(),
                     [&](int a, int b) { return operations[size_t(a)] > operations[size_t(b)]; });
    busiest.resize(std::min<size_t>(12, busiest.size()));

    // Two or three of the busiest centres (by operations, so that every window holds plenty of
    // their actuals) carrying kDriftShareMin-kDriftShareMax of the in-house operations; among
    // those, the combination with the most run time, so that the drift shows in minutes. Failing
    // the range, the combination closest to its middle.
    std::vector<int> best;
    double bestScore = -1e9;
    auto consider = [&](const std::vector<int> &combo) {
        double ops = 0;
        double run = 0;
        for (int c : combo) {
            ops += operations[size_t(c)] / totalOps;
            run += runMinutes[size_t(c)] / totalRun;
        }
        const double score = (ops >= kDriftShareMin && ops <= kDriftShareMax)
                                 ? run
                                 : -std::abs(ops - (kDriftShareMin + kDriftShareMax) / 2);
        if (score > bestScore) {
            bestScore = score;
            best = combo;
        }
    };
    const int n = int(busiest.size());
    for (int a = 0; a < n; ++a) {
        for (int b = a + 1; b < n; ++b) {
            consider({busiest[size_t(a)], busiest[size_t(b)]});
            for (int c = b + 1; c < n; ++c)
                consider({busiest[size_t(a)], busiest[size_t(b)], busiest[size_t(c)]});
        }
    }
    DemoRandom rng(streamSeed(m_seed, 4));
    m_driftCentres = best;
    std::sort(m_driftCentres.begin(), m_driftCentres.end());
    m_driftFactor = std::round(rng.uniform(kDriftFactorMin, kDriftFactorMax) * 100.0) / 100.0;
    m_driftShare = 0;
    for (int c : m_driftCentres) {
        m_isDriftCentre[size_t(c)] = 1;
        m_driftShare += operations[size_t(c)] / totalOps;
    }
}

void DemoWorkOrders::forItem(int itemIndex,
                             const std::function<void(const WorkOrderRow &)> &sink) const
{
    const DemoItem &item = m_model.items()[size_t(itemIndex)];
    if (item.routings.empty())
        return;
    DemoRandom rng(streamSeed(m_seed, 3, quint64(itemIndex)));
    const int endDay = m_historyDays - 1;
    const int activeFrom = std::max(0, item.routings.front().day + 7);
    if (activeFrom > endDay)
        return;
    const int orders = rng.poisson(item.ordersPerYear * (endDay - activeFrom + 1) / 365.0);
    std::vector<int> starts(static_cast<size_t>(orders));
    for (int &day : starts) {
        day = rng.uniformInt(activeFrom, endDay);
        if (isSunday(day))
            day += day > activeFrom ? -1 : 1;
    }
    std::sort(starts.begin(), starts.end());

    WorkOrderRow row;
    row.item = &item;
    for (const int start : starts) {
        size_t v = 0;
        for (size_t k = 0; k < item.routings.size(); ++k) {
            if (item.routings[k].day < start)
                v = k;
        }
        const RoutingVersion &routing = item.routings[v];
        const int qty = int(
            std::clamp<long>(std::lround(rng.lognormal(std::log(item.qtyMedian), 0.5)), 1L, 100L));
        int day = start;
        double minute = 7 * 60 + rng.uniform(0, 180);
        for (const RoutingStep &step : routing.steps) {
            const Process &proc = m_model.catalogue().processes[size_t(step.process)];
            const bool reported = !rng.chance(kUnreportedStep);
            int centre = step.centre;
            if (proc.centres.size() > 1 && rng.chance(kAlternateCentre)) {
                const std::vector<int> fits = m_model.fittingCentres(step.process, item.odMm);
                centre = rng.pick(fits);
            }
            double setup = centre == step.centre ? step.trueSetup
                                                 : m_model.trueSetup(item, step.process, centre,
                                                                     int(routing.steps.size())) *
                                                       step.passFactor;
            double run = runTotal(item, step, centre, qty);
            if (m_isDriftCentre[size_t(centre)] && day >= m_driftDay)
                run *= m_driftFactor;
            setup *= rng.noise(proc.noiseSigma);
            run *= rng.noise(proc.noiseSigma);

            if (proc.outsourced) {
                day += rng.uniformInt(2, 6);
                minute = 8 * 60 + rng.uniform(0, 480);
            } else {
                minute += setup + run + rng.uniform(10, 240);
                while (minute >= 22 * 60) { // two shifts, 07:00–22:00
                    ++day;
                    minute -= 15 * 60;
                }
            }
            if (isSunday(day))
                ++day;
            if (day > endDay || day - start > kMaxOrderSpanDays)
                break; // still in progress at the end of the history
            if (!reported)
                continue;

            // Data-entry errors: minutes typed into an hours field, a zero, a decimal slip.
            if (rng.chance(kOutlierRate)) {
                double &field = (proc.outsourced || rng.chance(0.7)) ? run : setup;
                const double u = rng.uniform();
                field = u < 0.35 ? field * 60.0
                                 : (u < 0.6 ? 0.0 : (u < 0.8 ? field * 10.0 : field / 10.0));
            }
            row.routing = &routing;
            row.step = &step;
            row.centre = centre;
            row.day = day;
            row.secondOfDay = std::min(86399, int(minute * 60.0) + rng.uniformInt(0, 59));
            row.setupHours = round4(setup / 60.0);
            row.runHours = round4(run / 60.0);
            row.qty = qty;
            row.bad = rng.chance(0.06) ? std::min(qty, 1 + int(qty * rng.uniform(0, 0.05))) : 0;
            sink(row);
        }
    }
}

} // namespace routing::demo
