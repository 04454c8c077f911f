#include "core/quality/gross_error_screen.h"

#include "core/quality/quality_statistics.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace routing::quality {
namespace {

/// The scales an operation is measured on: the run per unit, the setup, the run per order.
constexpr int kRunPerUnit = 0, kSetup = 1, kRunPerOrder = 2, kScales = 3;

struct Pool
{
    std::vector<double> logRatios[kScales];
    int zeros[kScales] = {0, 0, 0};
    int total[kScales] = {0, 0, 0};
    double iqr[kScales] = {0, 0, 0}; ///< Q3 − Q1 before the floor
    std::optional<stats::Fences> fences[kScales];
};

/// Q1 and Q3 exactly as stats::quantileSorted() gives them on the sorted values, found by
/// selection instead of a sort (the pool of all operations holds a quarter of a million values).
std::pair<double, double> quartiles(std::vector<double> &v)
{
    const auto quantile = [&v](size_t from, double p) {
        const double h = double(v.size() - 1) * p;
        const size_t lo = size_t(std::floor(h));
        std::nth_element(v.begin() + qsizetype(from), v.begin() + qsizetype(lo), v.end());
        const double low = v[lo];
        const double high =
            lo + 1 < v.size() ? *std::min_element(v.begin() + qsizetype(lo) + 1, v.end()) : low;
        return std::pair{low + (h - double(lo)) * (high - low), lo};
    };
    const auto [q1, lo1] = quantile(0, 0.25);
    const auto [q3, lo3] = quantile(lo1, 0.75); // v[lo1..] holds the values from Q1's rank on
    Q_UNUSED(lo3);
    return {q1, q3};
}

} // namespace

std::vector<char> screenGrossErrors(const ScreenedOperations &ops,
                                    const std::vector<const PredictedStep *> &steps,
                                    const std::vector<char> &usable,
                                    const GrossErrorOptions &options)
{
    // Pools from narrow to wide: (JOB_CD, RES_CD), (JOB_CD), everything. An operation is judged
    // by the narrowest pool of its target with enough values.
    constexpr int kLevels = 3;
    const size_t n = ops.job.size();
    QHash<qint64, int> jobResPool;
    std::vector<int> jobPool(size_t(ops.jobCount), -1);
    std::vector<Pool> pools;
    const auto newPool = [&pools] {
        pools.emplace_back();
        return int(pools.size()) - 1;
    };
    const int everything = newPool();
    std::vector<std::array<int, kLevels>> opPools(n, {-1, -1, -1});
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> ratio[kScales] = {std::vector<double>(n, nan), std::vector<double>(n, nan),
                                          std::vector<double>(n, nan)};
    for (size_t k = 0; k < n; ++k) {
        const PredictedStep *step = usable[k] ? steps[k] : nullptr;
        if (!step)
            continue;
        const std::optional<double> standard[kScales] = {step->standardRunMinutesPerUnit,
                                                         step->standardSetupMinutes,
                                                         step->standardRunMinutesPerUnit};
        // Per order: ln(run per unit × qty / standard per unit), the run per unit's d + ln qty.
        const double actual[kScales] = {ops.runPerUnit[k], ops.setup[k],
                                        ops.runPerUnit[k] * ops.qty[k]};
        for (int t = 0; t < kScales; ++t) {
            if (!standard[t] || *standard[t] <= 0.0)
                continue;
            if (opPools[k][0] < 0) {
                const int job = ops.job[k];
                const qint64 key = qint64(job) * qint64(ops.resourceCount) + ops.res[k];
                auto narrow = jobResPool.constFind(key);
                if (narrow == jobResPool.cend())
                    narrow = jobResPool.insert(key, newPool());
                if (jobPool[size_t(job)] < 0)
                    jobPool[size_t(job)] = newPool();
                opPools[k] = {narrow.value(), jobPool[size_t(job)], everything};
            }
            ratio[t][k] = actual[t] > 0.0 ? std::log(actual[t] / *standard[t])
                                          : -std::numeric_limits<double>::infinity();
            for (const int index : opPools[k]) {
                Pool &pool = pools[size_t(index)];
                ++pool.total[t];
                if (actual[t] <= 0.0)
                    ++pool.zeros[t];
                else
                    pool.logRatios[t].push_back(ratio[t][k]);
            }
        }
    }
    for (Pool &pool : pools) {
        for (int t = 0; t < kScales; ++t) {
            if (pool.logRatios[t].empty() || int(pool.logRatios[t].size()) < options.minPool)
                continue;
            const auto [q1, q3] = quartiles(pool.logRatios[t]);
            pool.iqr[t] = q3 - q1;
            const double iqr = std::max(q3 - q1, options.minIqr);
            pool.fences[t] = stats::Fences{q1 - options.k * iqr, q3 + options.k * iqr};
        }
    }
    std::vector<char> gross(n, 0);
    for (size_t k = 0; k < n; ++k) {
        if (opPools[k][0] < 0)
            continue;
        for (const int target : {kRunPerUnit, kSetup}) {
            if (std::isnan(ratio[target][k]))
                continue;
            const Pool *pool = nullptr;
            for (const int index : opPools[k]) {
                if (pools[size_t(index)].fences[target]) {
                    pool = &pools[size_t(index)];
                    break;
                }
            }
            if (!pool)
                continue;
            // Both run scales hold the same operations, so a pool with fences on one has them
            // on the other.
            const int t = target == kRunPerUnit && pool->fences[kRunPerOrder] &&
                                  pool->iqr[kRunPerOrder] < pool->iqr[kRunPerUnit]
                              ? kRunPerOrder
                              : target;
            // A zero is an error unless zeros are common for this process (a real "no setup").
            const bool zero = std::isinf(ratio[t][k]);
            if (zero ? 4 * pool->zeros[t] < pool->total[t]
                     : !pool->fences[t]->contains(ratio[t][k]))
                gross[k] = 1;
        }
    }
    return gross;
}

} // namespace routing::quality
