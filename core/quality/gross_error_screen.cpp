#include "core/quality/gross_error_screen.h"

#include "core/quality/quality_statistics.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace routing::quality {
namespace {

struct Pool
{
    std::vector<double> logRatios[2]; ///< 0: run per unit, 1: setup
    int zeros[2] = {0, 0};
    int total[2] = {0, 0};
    std::optional<stats::Fences> fences[2];
};

} // namespace

std::vector<char> screenGrossErrors(const std::vector<const WorkOrderOp *> &ops,
                                    const std::vector<const PredictedStep *> &steps,
                                    const std::vector<char> &usable,
                                    const GrossErrorOptions &options)
{
    // Pools from narrow to wide: (JOB_CD, RES_CD), (JOB_CD), everything. An operation is judged
    // by the narrowest pool of its target with enough values.
    constexpr int kLevels = 3;
    const size_t n = ops.size();
    QHash<std::pair<QString, QString>, int> poolIndex;
    std::vector<Pool> pools;
    std::vector<std::array<int, kLevels>> opPools(n, {-1, -1, -1});
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> ratio[2] = {std::vector<double>(n, nan), std::vector<double>(n, nan)};
    const auto poolOf = [&](const QString &job, const QString &res) {
        const std::pair<QString, QString> key{job, res};
        int index = poolIndex.value(key, -1);
        if (index < 0) {
            index = int(pools.size());
            poolIndex.insert(key, index);
            pools.emplace_back();
        }
        return index;
    };
    const QString any = QStringLiteral("\x1f*"); // no JOB_CD / RES_CD looks like this
    for (size_t k = 0; k < n; ++k) {
        const PredictedStep *step = usable[k] ? steps[k] : nullptr;
        if (!step)
            continue;
        const WorkOrderOp &op = *ops[k];
        const std::optional<double> standard[2] = {step->standardRunMinutesPerUnit,
                                                   step->standardSetupMinutes};
        const double actual[2] = {*op.runMinutes / *op.orderQty, *op.setupMinutes};
        for (int t = 0; t < 2; ++t) {
            if (!standard[t] || *standard[t] <= 0.0)
                continue;
            if (opPools[k][0] < 0)
                opPools[k] = {poolOf(op.jobCd, op.resCd), poolOf(op.jobCd, any), poolOf(any, any)};
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
        for (int t = 0; t < 2; ++t) {
            if (int(pool.logRatios[t].size()) < options.minPool)
                continue;
            std::vector<double> &v = pool.logRatios[t];
            std::sort(v.begin(), v.end());
            const QList<double> sorted(v.cbegin(), v.cend());
            const double q1 = *stats::quantileSorted(sorted, 0.25);
            const double q3 = *stats::quantileSorted(sorted, 0.75);
            const double iqr = std::max(q3 - q1, options.minIqr);
            pool.fences[t] = stats::Fences{q1 - options.k * iqr, q3 + options.k * iqr};
        }
    }
    std::vector<char> gross(n, 0);
    for (size_t k = 0; k < n; ++k) {
        if (opPools[k][0] < 0)
            continue;
        for (int t = 0; t < 2; ++t) {
            if (std::isnan(ratio[t][k]))
                continue;
            const Pool *pool = nullptr;
            for (const int index : opPools[k]) {
                if (pools[size_t(index)].fences[t]) {
                    pool = &pools[size_t(index)];
                    break;
                }
            }
            if (!pool)
                continue;
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
