#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace routing::demo {

/// Random numbers for the demo plant that are the same on every platform. The engine
/// (std::mt19937_64) is fully specified by the standard; the distributions are not (libstdc++ and
/// MSVC's std::normal_distribution give different numbers), so every distribution is written here.
class DemoRandom final
{
public:
    explicit DemoRandom(quint64 seed) : m_engine(seed) {}

    quint64 next() { return m_engine(); }

    /// Uniform in [0, 1), 53 random bits.
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    /// Uniform integer in [lo, hi]. The modulo bias (< 2^-40 for our ranges) does not matter here.
    int uniformInt(int lo, int hi) { return lo + int(next() % quint64(hi - lo + 1)); }

    bool chance(double p) { return uniform() < p; }

    /// Standard normal by Box–Muller (one value per call, no cached pair: simpler to keep in step).
    double normal()
    {
        const double u1 = 1.0 - uniform(); // (0, 1]: log() stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double normal(double mean, double sd) { return mean + sd * normal(); }

    /// exp(N(mu, sigma)).
    double lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

    /// Lognormal with median 1: a multiplicative noise factor.
    double noise(double sigma) { return std::exp(sigma * normal()); }

    /// Poisson: Knuth's product method for small means, a rounded normal for large ones.
    int poisson(double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean < 30) {
            const double limit = std::exp(-mean);
            int k = 0;
            double p = uniform();
            while (p > limit) {
                ++k;
                p *= uniform();
            }
            return k;
        }
        return std::max(0, int(std::lround(normal(mean, std::sqrt(mean)))));
    }

    /// Index drawn from cumulative weights (last element = total).
    int weighted(const std::vector<double> &cumulative)
    {
        const double x = uniform() * cumulative.back();
        int lo = 0;
        int hi = int(cumulative.size()) - 1;
        while (lo < hi) {
            const int mid = (lo + hi) / 2;
            if (cumulative[size_t(mid)] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }

    /// A uniformly chosen element of a std::vector or a QList.
    template <typename Container> const auto &pick(const Container &values)
    {
        return values[uniformInt(0, int(values.size()) - 1)];
    }

private:
    std::mt19937_64 m_engine;
};

/// Independent stream seeds: splitmix64 over (seed, stream, index). Item i's numbers come from
/// its own stream, so they do not shift when another part of the generator draws one more number.
inline quint64 streamSeed(quint64 seed, quint64 stream, quint64 index = 0)
{
    quint64 z = seed ^ (stream * 0x9E3779B97F4A7C15ULL) ^ (index * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 2; ++i) {
        z += 0x9E3779B97F4A7C15ULL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
    }
    return z;
}

/// Rounded to 4 decimals, the precision of the ERP's numeric(18,4) (and it hides last-bit libm
/// differences between platforms).
inline double round4(double value)
{
    return std::round(value * 10000.0) / 10000.0;
}

} // namespace routing::demo
