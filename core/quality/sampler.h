#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <random>

namespace routing::quality {

/// Uniform draws that are identical on every platform and standard library: std::mt19937_64 is
/// fully specified by the standard, std::uniform_int_distribution is not (libstdc++ and MSVC
/// differ), so bounded integers come from our own rejection step.
class SeededRandom final
{
public:
    explicit SeededRandom(quint64 seed) : m_engine(seed) {}

    /// Uniform in [0, bound) for bound ≥ 1, without modulo bias.
    quint64 below(quint64 bound);

private:
    std::mt19937_64 m_engine;
};

/// What sampling may choose from. Codes are normalised item codes.
struct SamplePopulation
{
    QStringList eligible;           ///< items with actuals in the evaluation window
    QHash<QString, QString> strata; ///< code → stratum value (stratified); absent/NULL → ""
    QStringList recent;             ///< items with actuals in the recent window (recent_bias)
};

struct SampleRequest
{
    SamplingConfig::Strategy strategy = SamplingConfig::Strategy::Stratified;
    int size = 500;
    quint64 seed = 42;
    int minPopulation = 1;
    QString strataColumn = QStringLiteral("PART_TYPE"); ///< for the report only
    int recentDaysWindow = 30;                          ///< for the report only
    /// Names the population in the min_population message ("items with … in [from, to)").
    QString populationLabel = QStringLiteral("eligible items");
};

struct StratumAllocation
{
    QString stratum;
    qint64 population = 0;
    int sampled = 0;
};

struct SampleResult
{
    QStringList items; ///< the sample, sorted
    SamplingConfig::Strategy strategy = SamplingConfig::Strategy::Random;
    int requestedSize = 0;
    qint64 population = 0;
    quint64 seed = 0;
    QString strataColumn;
    QList<StratumAllocation> strata; ///< stratified: every stratum, largest population first
    int recentDaysWindow = 0;
    qint64 recentPopulation = 0; ///< recent_bias: eligible items with recent actuals
    int recentSampled = 0;
    int randomSampled = 0;
};

/// Largest-remainder (Hamilton) proportional allocation of `n` draws over strata of the given
/// sizes, in exact integer arithmetic: stratum s gets ⌊n·N_s/N⌋, and the n − Σ⌊…⌋ left over go
/// one each to the strata with the largest remainders (n·N_s mod N; ties: larger stratum, then
/// lower index). Never negative, never more than N_s, sums to min(n, N) — also with more strata
/// than draws, where small strata simply get 0.
QList<int> allocateLargestRemainder(const QList<qint64> &populations, int n);

/// Draws the sample. Deterministic: same population, request and seed → same sample. A request
/// larger than the population takes the whole population. Fails (InvalidData) when the population
/// is below `minPopulation` or the size is not positive.
Result<SampleResult> drawSample(const SamplePopulation &population, const SampleRequest &request);

QString strategyName(SamplingConfig::Strategy strategy);
std::optional<SamplingConfig::Strategy> strategyFromName(const QString &name);

} // namespace routing::quality
