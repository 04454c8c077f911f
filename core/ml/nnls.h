#pragma once

#include <vector>

namespace routing::ml {

/// Non-negative least squares, min ‖Ax − b‖² subject to x ≥ 0, by the Lawson–Hanson active-set
/// method on the normal equations. Meant for a handful to a few dozen unknowns (stacking weights,
/// similarity weights); accumulate AᵀA and Aᵀb row by row, then solve.
class Nnls final
{
public:
    explicit Nnls(int unknowns);

    /// Adds one row of A with its b and a weight.
    void addRow(const double *a, double b, double weight = 1.0);
    int unknowns() const { return m_n; }
    long long rows() const { return m_rows; }

    /// The solution; `ridge` is added to the diagonal (scaled by the mean diagonal) for stability.
    std::vector<double> solve(double ridge = 1e-9, int maxIterations = 500) const;

private:
    int m_n;
    long long m_rows = 0;
    std::vector<double> m_gram; ///< AᵀA, row-major n × n
    std::vector<double> m_atb;  ///< Aᵀb
};

} // namespace routing::ml
