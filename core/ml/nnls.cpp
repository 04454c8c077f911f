#include "core/ml/nnls.h"

#include <algorithm>
#include <cmath>

namespace routing::ml {

namespace {

/// Solves G_PP s = h_P for the passive set P by Gaussian elimination with partial pivoting.
std::vector<double> solvePassive(const std::vector<double> &g, const std::vector<double> &h, int n,
                                 const std::vector<int> &passive, double ridge)
{
    const size_t p = passive.size();
    std::vector<double> m(p * (p + 1));
    for (size_t i = 0; i < p; ++i) {
        for (size_t j = 0; j < p; ++j)
            m[i * (p + 1) + j] = g[size_t(passive[i]) * size_t(n) + size_t(passive[j])];
        m[i * (p + 1) + i] += ridge;
        m[i * (p + 1) + p] = h[size_t(passive[i])];
    }
    for (size_t c = 0; c < p; ++c) {
        size_t pivot = c;
        for (size_t r = c + 1; r < p; ++r)
            if (std::abs(m[r * (p + 1) + c]) > std::abs(m[pivot * (p + 1) + c]))
                pivot = r;
        if (pivot != c)
            for (size_t j = 0; j <= p; ++j)
                std::swap(m[c * (p + 1) + j], m[pivot * (p + 1) + j]);
        const double d = m[c * (p + 1) + c];
        if (std::abs(d) < 1e-300)
            continue;
        for (size_t r = 0; r < p; ++r) {
            if (r == c)
                continue;
            const double f = m[r * (p + 1) + c] / d;
            if (f == 0)
                continue;
            for (size_t j = c; j <= p; ++j)
                m[r * (p + 1) + j] -= f * m[c * (p + 1) + j];
        }
    }
    std::vector<double> s(p);
    for (size_t i = 0; i < p; ++i) {
        const double d = m[i * (p + 1) + i];
        s[i] = std::abs(d) < 1e-300 ? 0.0 : m[i * (p + 1) + p] / d;
    }
    return s;
}

} // namespace

Nnls::Nnls(int unknowns)
    : m_n(unknowns), m_gram(size_t(unknowns) * size_t(unknowns), 0.0), m_atb(size_t(unknowns), 0.0)
{
}

void Nnls::addRow(const double *a, double b, double weight)
{
    for (int i = 0; i < m_n; ++i) {
        if (a[i] == 0)
            continue;
        const double wa = weight * a[i];
        m_atb[size_t(i)] += wa * b;
        for (int j = 0; j < m_n; ++j)
            m_gram[size_t(i) * size_t(m_n) + size_t(j)] += wa * a[j];
    }
    ++m_rows;
}

std::vector<double> Nnls::solve(double ridge, int maxIterations) const
{
    const int n = m_n;
    std::vector<double> x(size_t(n), 0.0);
    if (n == 0 || m_rows == 0)
        return x;
    double diag = 0;
    for (int i = 0; i < n; ++i)
        diag += m_gram[size_t(i) * size_t(n) + size_t(i)];
    const double lambda = ridge * std::max(diag / n, 1e-12);
    const double tol = 1e-10 * std::max(1.0, diag / n);

    std::vector<bool> inPassive(size_t(n), false);
    const auto gradient = [&]() {
        std::vector<double> w(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) {
            double gx = 0;
            for (int j = 0; j < n; ++j)
                gx += m_gram[size_t(i) * size_t(n) + size_t(j)] * x[size_t(j)];
            w[size_t(i)] = m_atb[size_t(i)] - gx - lambda * x[size_t(i)];
        }
        return w;
    };
    for (int outer = 0; outer < maxIterations; ++outer) {
        const std::vector<double> w = gradient();
        int best = -1;
        for (int i = 0; i < n; ++i)
            if (!inPassive[size_t(i)] && w[size_t(i)] > tol && (best < 0 || w[size_t(i)] > w[size_t(best)]))
                best = i;
        if (best < 0)
            break;
        inPassive[size_t(best)] = true;
        for (int inner = 0; inner < maxIterations; ++inner) {
            std::vector<int> passive;
            for (int i = 0; i < n; ++i)
                if (inPassive[size_t(i)])
                    passive.push_back(i);
            const std::vector<double> s = solvePassive(m_gram, m_atb, n, passive, lambda);
            bool feasible = true;
            for (double v : s)
                feasible = feasible && v > 0;
            if (feasible) {
                std::fill(x.begin(), x.end(), 0.0);
                for (size_t k = 0; k < passive.size(); ++k)
                    x[size_t(passive[k])] = s[k];
                break;
            }
            double alpha = 1.0;
            for (size_t k = 0; k < passive.size(); ++k) {
                const double xi = x[size_t(passive[k])];
                if (s[k] <= 0 && xi - s[k] > 0)
                    alpha = std::min(alpha, xi / (xi - s[k]));
            }
            for (size_t k = 0; k < passive.size(); ++k) {
                double &xi = x[size_t(passive[k])];
                xi += alpha * (s[k] - xi);
                if (xi <= 1e-14) {
                    xi = 0;
                    inPassive[size_t(passive[k])] = false;
                }
            }
        }
    }
    return x;
}

} // namespace routing::ml
