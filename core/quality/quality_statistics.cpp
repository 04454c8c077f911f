#include "core/quality/quality_statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace routing::quality::stats {

std::optional<double> quantileSorted(const QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return std::nullopt;
    const double h = double(sorted.size() - 1) * std::clamp(p, 0.0, 1.0);
    const auto lo = qsizetype(std::floor(h));
    const qsizetype hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

std::optional<double> mean(const QList<double> &values)
{
    if (values.isEmpty())
        return std::nullopt;
    return std::accumulate(values.cbegin(), values.cend(), 0.0) / double(values.size());
}

std::optional<double> sampleStdDev(const QList<double> &values)
{
    if (values.size() < 2)
        return std::nullopt;
    const double m = *mean(values);
    double ss = 0.0;
    for (double v : values)
        ss += (v - m) * (v - m);
    return std::sqrt(ss / double(values.size() - 1));
}

int trimCount(qsizetype n, double ratio)
{
    if (n <= 0 || ratio <= 0.0)
        return 0;
    return int(std::floor(double(n) * ratio + 1e-9));
}

std::optional<double> trimmedMeanSorted(const QList<double> &sorted, double ratio)
{
    const qsizetype n = sorted.size();
    if (n == 0)
        return std::nullopt;
    const int k = trimCount(n, ratio);
    if (n - 2 * qsizetype(k) <= 0)
        return mean(sorted);
    double sum = 0.0;
    for (qsizetype i = k; i < n - k; ++i)
        sum += sorted[i];
    return sum / double(n - 2 * qsizetype(k));
}

std::optional<Fences> iqrFences(QList<double> values, double k)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double q1 = *quantileSorted(values, 0.25);
    const double q3 = *quantileSorted(values, 0.75);
    const double iqr = q3 - q1;
    return Fences{q1 - k * iqr, q3 + k * iqr};
}

} // namespace routing::quality::stats
