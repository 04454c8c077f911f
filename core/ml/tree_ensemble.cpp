#include "core/ml/tree_ensemble.h"

#include <QThread>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>

namespace routing::ml {

namespace {

constexpr int kBlock = TreeEnsemble::kBlockRows;
/// Rows walked in lockstep through a tree: their node loads are independent, so the CPU overlaps
/// them instead of waiting for one row's chain of dependent loads at a time.
constexpr int kLanes = 8;
/// A thread costs ~50 us to start; below this many rows per thread it does not pay.
constexpr int kMinRowsPerThread = 2048;

/// One tree for kLanes rows of a transposed block, in lockstep: a value goes right when
/// !(x < condition). All lanes take `depth` steps with no leaf test: a leaf steps onto itself.
template <typename Node>
inline void walkTree(const Node *nodes, std::uint32_t root, int depth, const float *columns,
                     float *sums)
{
    // Byte offsets, unsigned: the address of the next node is one add, with no sign extension.
    const char *base = reinterpret_cast<const char *>(nodes);
    std::size_t at[kLanes];
    for (int k = 0; k < kLanes; ++k)
        at[k] = std::size_t(root) * sizeof(Node);
    for (int d = 0; d < depth; ++d) {
        for (int k = 0; k < kLanes; ++k) {
            const Node &node = *reinterpret_cast<const Node *>(base + at[k]);
            const float x = columns[node.column + std::uint32_t(k)];
            at[k] = (std::size_t(node.left) + std::size_t(!(x < node.condition))) * sizeof(Node);
        }
    }
    for (int k = 0; k < kLanes; ++k)
        sums[k] += reinterpret_cast<const Node *>(base + at[k])->leafValue;
}

} // namespace

void TreeEnsemble::predictRange(const float *features, int begin, int end, float *out,
                                float *columns) const
{
    // Each block holds its rows feature-major twice: missing values as −inf in the first copy,
    // where a node whose missing values go left reads, and as +inf in the second, for the others.
    // XGBoost's "missing takes the default child, else value < condition goes left" is then one
    // comparison (compiling refuses conditions of −inf, the one case where it would differ).
    constexpr float kInf = std::numeric_limits<float>::infinity();
    const size_t width = size_t(m_features);
    float *low = columns;
    float *high = columns + width * kBlock;
    alignas(64) float sums[kBlock];
    const Node *nodes = m_nodes.data();
    for (int first = begin; first < end; first += kBlock) {
        const int n = std::min(kBlock, end - first);
        const int padded = (n + kLanes - 1) / kLanes * kLanes;
        for (int r = 0; r < n; ++r) {
            const float *row = features + size_t(first + r) * width;
            for (size_t f = 0; f < width; ++f) {
                const float x = row[f];
                const bool missing = std::isnan(x);
                low[f * kBlock + size_t(r)] = missing ? -kInf : x;
                high[f * kBlock + size_t(r)] = missing ? kInf : x;
            }
        }
        // Lanes past the last row walk whatever is left in their columns; their sums are dropped.
        std::fill(sums, sums + padded, m_base);
        for (const Tree &tree : m_trees)
            for (int g = 0; g < padded; g += kLanes)
                walkTree(nodes, tree.root, tree.depth, columns + g, sums + g);
        std::copy_n(sums, n, out + first);
    }
}

void TreeEnsemble::predict(const float *features, int rows, float *out, int maxThreads) const
{
    if (rows <= 0)
        return;
    const int limit = maxThreads > 0 ? maxThreads : std::max(1, QThread::idealThreadCount());
    const int threads = std::clamp(rows / kMinRowsPerThread, 1, limit);
    const size_t scratchSize = std::max<size_t>(1, 2 * size_t(m_features) * kBlock);
    std::vector<float> scratch(size_t(threads) * scratchSize,
                               0.0f); // allocated here, not in a worker
    const auto range = [&](int t) {
        predictRange(features, int(qint64(rows) * t / threads),
                     int(qint64(rows) * (t + 1) / threads), out,
                     scratch.data() + size_t(t) * scratchSize);
    };
    std::vector<std::thread> workers;
    int spawned = 1;
    try {
        for (; spawned < threads; ++spawned)
            workers.emplace_back(range, spawned);
    } catch (const std::exception &) {
        // No thread to be had: the calling thread does the rest.
    }
    range(0);
    for (int t = spawned; t < threads; ++t)
        range(t);
    for (std::thread &w : workers)
        w.join();
}

} // namespace routing::ml
