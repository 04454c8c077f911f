#include "core/ml/sample_set.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace routing::ml {

SampleSet SampleSet::subset(const std::vector<int> &indices) const
{
    SampleSet out;
    out.dimension = dimension;
    out.features.resize(indices.size() * size_t(dimension));
    for (size_t i = 0; i < indices.size(); ++i)
        std::copy_n(row(indices[i]), dimension, out.features.data() + i * size_t(dimension));
    const auto pick = [&indices](const auto &from, auto &to) {
        to.resize(indices.size());
        for (size_t i = 0; i < indices.size(); ++i)
            to[i] = from[size_t(indices[i])];
    };
    for (int t = 0; t < kTargetCount; ++t) {
        pick(label[size_t(t)], out.label[size_t(t)]);
        pick(offset[size_t(t)], out.offset[size_t(t)]);
    }
    pick(orderQty, out.orderQty);
    pick(actualSetup, out.actualSetup);
    pick(actualRun, out.actualRun);
    pick(standardSetup, out.standardSetup);
    pick(standardRun, out.standardRun);
    pick(clean, out.clean);
    pick(item, out.item);
    pick(resource, out.resource);
    pick(job, out.job);
    pick(group, out.group);
    pick(time, out.time);
    return out;
}

std::vector<int> SampleSet::usableRows(Target target) const
{
    std::vector<int> rows;
    const auto &labels = label[size_t(target)];
    rows.reserve(labels.size());
    for (size_t i = 0; i < labels.size(); ++i)
        if (!std::isnan(labels[i]))
            rows.push_back(int(i));
    return rows;
}

std::vector<int> SampleSet::sample(const std::vector<int> &rows, int maxRows, quint64 seed)
{
    if (maxRows <= 0 || int(rows.size()) <= maxRows)
        return rows;
    // Partial Fisher–Yates with our own uniform draw (std distributions differ between standard
    // libraries; the engine does not), then back into row order.
    std::vector<int> pool = rows;
    std::mt19937_64 engine(seed);
    for (int i = 0; i < maxRows; ++i) {
        const quint64 span = quint64(pool.size()) - quint64(i);
        const size_t j = size_t(i) + size_t(engine() % span);
        std::swap(pool[size_t(i)], pool[j]);
    }
    pool.resize(size_t(maxRows));
    std::sort(pool.begin(), pool.end());
    return pool;
}

} // namespace routing::ml
