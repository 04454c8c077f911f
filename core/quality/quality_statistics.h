#pragma once

#include <QList>

#include <optional>

namespace routing::quality::stats {

/// Quantile of ascending `sorted` values by linear interpolation between closest ranks
/// (Hyndman–Fan type 7, the default of R, NumPy and Excel's PERCENTILE.INC): h = (n − 1)·p,
/// value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). nullopt when empty.
std::optional<double> quantileSorted(const QList<double> &sorted, double p);

std::optional<double> mean(const QList<double> &values);

/// Sample standard deviation (n − 1 in the denominator, like SQL STDEV); nullopt for n < 2.
std::optional<double> sampleStdDev(const QList<double> &values);

/// Number trimmed off *each* end: ⌊n·ratio⌋ (with a 1e-9 guard against 0.1·30 = 2.999…).
int trimCount(qsizetype n, double ratio);

/// Mean of ascending `sorted` values without trimCount() values at each end; the plain mean when
/// nothing would remain.
std::optional<double> trimmedMeanSorted(const QList<double> &sorted, double ratio);

/// Tukey's fences [Q1 − k·IQR, Q3 + k·IQR] with type-7 quartiles.
struct Fences
{
    double low = 0.0;
    double high = 0.0;
    bool contains(double v) const { return v >= low && v <= high; }
};
std::optional<Fences> iqrFences(QList<double> values, double k = 1.5);

} // namespace routing::quality::stats
