#include "core/ml/outlier_filter.h"

#include "core/ml/training_data.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace routing::ml {

namespace {

struct Fence
{
    double low = -INFINITY;
    double high = INFINITY;
    bool zerosNormal = false;
    bool valid = false;
};

double quantile(std::vector<double> &values, double q)
{
    const double pos = q * double(values.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    std::nth_element(values.begin(), values.begin() + qsizetype(lo), values.end());
    const double a = values[lo];
    if (lo + 1 >= values.size())
        return a;
    const double b = *std::min_element(values.begin() + qsizetype(lo) + 1, values.end());
    return a + (pos - double(lo)) * (b - a);
}

struct Group
{
    std::vector<double> finite;
    int zeros = 0;

    Fence fence(const OutlierFilter::Options &o)
    {
        Fence f;
        const size_t n = finite.size() + size_t(zeros);
        if (n < 4 || finite.size() < 2)
            return f;
        f.zerosNormal = zeros * 4 >= int(n);
        const double q1 = quantile(finite, 0.25);
        const double q3 = quantile(finite, 0.75);
        const double median = quantile(finite, 0.5);
        const double iqr = std::max(q3 - q1, o.minIqr);
        const double factor = std::log(std::max(1.0, o.minFactor));
        f.low = std::min(q1 - o.iqrMultiplier * iqr, median - factor);
        f.high = std::max(q3 + o.iqrMultiplier * iqr, median + factor);
        f.valid = true;
        return f;
    }
};

quint64 itemStepKey(const OperationRecord &op)
{
    return (quint64(quint32(op.item)) << 32) | quint32(op.procSeq);
}

quint64 poolKey(const OperationRecord &op, bool hasStandard)
{
    return (quint64(quint32(op.job)) << 33) | (quint64(quint32(op.res)) << 1) | (hasStandard ? 1 : 0);
}

/// d = log(actual) − log(standard); −∞ for a zero actual; NaN when unusable.
double deviation(float actual, const std::optional<double> &standard)
{
    if (std::isnan(actual) || actual < 0)
        return std::nan("");
    const double logActual = actual > 0 ? std::log(double(actual)) : -INFINITY;
    if (standard && *standard > 0)
        return logActual - std::log(*standard);
    return logActual;
}

} // namespace

OutlierFilter::Flags OutlierFilter::flag(const TrainingData &data, qint64 fitBeforeMs,
                                         const Options &options)
{
    const auto &ops = data.operations();
    Flags flags(ops.size(), 0);
    for (int t = 0; t < kTargetCount; ++t) {
        const Target target = static_cast<Target>(t);
        std::vector<double> d(ops.size());
        std::vector<bool> hasStandard(ops.size(), false);
        QHash<quint64, Group> itemGroups;
        QHash<quint64, Group> pools;
        for (size_t i = 0; i < ops.size(); ++i) {
            const OperationRecord &op = ops[i];
            std::optional<double> standard;
            if (const RoutingStep *step = data.routingStepOf(op))
                standard = target == Target::Setup ? step->setupMinutes : step->runMinutesPerUnit;
            hasStandard[i] = standard && *standard > 0;
            d[i] = deviation(op.target(target), standard);
            if (op.reportedMs >= fitBeforeMs || std::isnan(d[i]))
                continue;
            for (Group *g : {&itemGroups[itemStepKey(op)], &pools[poolKey(op, hasStandard[i])]}) {
                if (std::isinf(d[i]))
                    ++g->zeros;
                else
                    g->finite.push_back(d[i]);
            }
        }
        QHash<quint64, Fence> itemFences;
        for (auto it = itemGroups.begin(); it != itemGroups.end(); ++it)
            if (int(it->finite.size()) + it->zeros >= options.minGroupSize)
                itemFences.insert(it.key(), it->fence(options));
        itemGroups.clear();
        QHash<quint64, Fence> poolFences;
        for (auto it = pools.begin(); it != pools.end(); ++it)
            poolFences.insert(it.key(), it->fence(options));
        pools.clear();

        const quint8 bit = quint8(1u << t);
        for (size_t i = 0; i < ops.size(); ++i) {
            if (std::isnan(d[i]))
                continue;
            Fence f = itemFences.value(itemStepKey(ops[i]));
            if (!f.valid)
                f = poolFences.value(poolKey(ops[i], hasStandard[i]));
            bool keep;
            if (!f.valid)
                keep = !std::isinf(d[i]) || target == Target::Setup;
            else if (std::isinf(d[i]))
                keep = f.zerosNormal;
            else
                keep = d[i] >= f.low && d[i] <= f.high;
            if (keep)
                flags[i] |= bit;
        }
    }
    return flags;
}

} // namespace routing::ml
