#include "core/quality/sampler.h"

#include <QSet>

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

namespace routing::quality {

quint64 SeededRandom::below(quint64 bound)
{
    Q_ASSERT(bound >= 1);
    // Reject the 2^64 mod bound smallest outputs so that every residue is equally likely
    // ((0 − bound) mod bound is 2^64 mod bound in unsigned arithmetic).
    const quint64 threshold = (quint64(0) - bound) % bound;
    quint64 r = m_engine();
    while (r < threshold)
        r = m_engine();
    return r % bound;
}

namespace {

/// Partial Fisher–Yates: the first `k` of `pool` after k swap steps, sorted.
QStringList pick(QStringList pool, qsizetype k, SeededRandom &random)
{
    k = std::min(k, pool.size());
    for (qsizetype i = 0; i < k; ++i) {
        const auto j = i + qsizetype(random.below(quint64(pool.size() - i)));
        pool.swapItemsAt(i, j);
    }
    pool.resize(k);
    std::sort(pool.begin(), pool.end());
    return pool;
}

QStringList sortedUnique(QStringList codes)
{
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

} // namespace

QList<int> allocateLargestRemainder(const QList<qint64> &populations, int n)
{
    QList<int> out(populations.size(), 0);
    qint64 total = 0;
    for (qint64 p : populations)
        total += std::max<qint64>(p, 0);
    if (total <= 0 || n <= 0)
        return out;
    const qint64 draws = std::min<qint64>(n, total);
    QList<qint64> remainder(populations.size(), 0);
    qint64 given = 0;
    for (qsizetype i = 0; i < populations.size(); ++i) {
        const qint64 p = std::max<qint64>(populations[i], 0);
        // draws < 2^31 and p < 2^31 in any real plant: the product stays below 2^62.
        const qint64 num = draws * p;
        out[i] = int(num / total);
        remainder[i] = qint64(num % total);
        given += out[i];
    }
    QList<qsizetype> order(populations.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        if (remainder[a] != remainder[b])
            return remainder[a] > remainder[b];
        return populations[a] > populations[b];
    });
    for (qsizetype i = 0; given < draws && i < order.size(); ++i) {
        // A positive remainder implies ⌊n·N_s/N⌋ < N_s, so the extra draw always fits.
        if (remainder[order[i]] == 0)
            break;
        ++out[order[i]];
        ++given;
    }
    return out;
}

Result<SampleResult> drawSample(const SamplePopulation &population, const SampleRequest &request)
{
    const QStringList eligible = sortedUnique(population.eligible);
    if (request.size <= 0)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("sample size must be at least 1 (got %1)").arg(request.size));
    if (eligible.size() < request.minPopulation)
        return fail(
            ErrorCode::InvalidData,
            QStringLiteral("only %1 %2, fewer than sampling.min_population (%3): widen "
                           "evaluation.window_days, lower sampling.min_population, or check "
                           "that work-order results are being reported")
                .arg(eligible.size())
                .arg(request.populationLabel)
                .arg(request.minPopulation));

    SampleResult result;
    result.strategy = request.strategy;
    result.requestedSize = request.size;
    result.population = eligible.size();
    result.seed = request.seed;
    const qsizetype n = std::min<qsizetype>(request.size, eligible.size());
    SeededRandom random(request.seed);

    switch (request.strategy) {
    case SamplingConfig::Strategy::Random:
        result.items = pick(eligible, n, random);
        break;
    case SamplingConfig::Strategy::Stratified: {
        result.strataColumn = request.strataColumn;
        std::map<QString, QStringList> byStratum; // ordered by stratum: a fixed draw order
        for (const QString &code : eligible)
            byStratum[population.strata.value(code)].append(code);
        QList<qint64> sizes;
        for (const auto &[stratum, codes] : byStratum)
            sizes << codes.size();
        const QList<int> quota = allocateLargestRemainder(sizes, int(n));
        qsizetype i = 0;
        for (const auto &[stratum, codes] : byStratum) {
            result.items += pick(codes, quota[i], random);
            result.strata.append({stratum, codes.size(), quota[i]});
            ++i;
        }
        std::sort(result.items.begin(), result.items.end());
        std::stable_sort(result.strata.begin(), result.strata.end(),
                         [](const StratumAllocation &a, const StratumAllocation &b) {
                             return a.population > b.population;
                         });
        break;
    }
    case SamplingConfig::Strategy::RecentBias: {
        result.recentDaysWindow = request.recentDaysWindow;
        const QSet<QString> eligibleSet(eligible.cbegin(), eligible.cend());
        QStringList recent;
        for (const QString &code : sortedUnique(population.recent))
            if (eligibleSet.contains(code))
                recent << code;
        result.recentPopulation = recent.size();
        const QStringList fromRecent = pick(recent, n / 2, random);
        const QSet<QString> taken(fromRecent.cbegin(), fromRecent.cend());
        QStringList rest;
        for (const QString &code : eligible)
            if (!taken.contains(code))
                rest << code;
        const QStringList fromRest = pick(rest, n - fromRecent.size(), random);
        result.recentSampled = int(fromRecent.size());
        result.randomSampled = int(fromRest.size());
        result.items = fromRecent + fromRest;
        std::sort(result.items.begin(), result.items.end());
        break;
    }
    }
    return result;
}

QString strategyName(SamplingConfig::Strategy strategy)
{
    switch (strategy) {
    case SamplingConfig::Strategy::Random:
        return QStringLiteral("random");
    case SamplingConfig::Strategy::Stratified:
        return QStringLiteral("stratified");
    case SamplingConfig::Strategy::RecentBias:
        return QStringLiteral("recent_bias");
    }
    return QStringLiteral("random");
}

std::optional<SamplingConfig::Strategy> strategyFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("random"))
        return SamplingConfig::Strategy::Random;
    if (n == QLatin1String("stratified"))
        return SamplingConfig::Strategy::Stratified;
    if (n == QLatin1String("recent_bias"))
        return SamplingConfig::Strategy::RecentBias;
    return std::nullopt;
}

} // namespace routing::quality
