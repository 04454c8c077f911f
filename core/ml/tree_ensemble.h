#pragma once

#include "core/common/error.h"

#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace routing::ml {

/// An immutable, flattened copy of one XGBoost gbtree booster, for plain predictions without the
/// booster's mutex at about a fifth of the CPU time of XGBoost's own CPU predictor (~10 vs ~50 ns
/// per tree and row, depth-8 trees), with bit-identical results. The rule is XGBoost 1.7's
/// (src/predictor/predict_fn.h GetNextNode, cpu_predictor.cc PredictByAllTrees): per row the sum
/// starts at base_score and adds each tree's leaf value in float, in tree order; a NaN feature
/// (XgboostModel predicts with missing = NaN) takes the node's default child, any other value,
/// ±inf included, goes left when `value < condition`.
///
/// Only what that rule covers is compiled: gbtree with one output, numeric splits, and an objective
/// whose output is the margin itself (reg:squarederror and its identity-link kin). Anything else
/// (dart, gblinear, categorical splits, logistic or exp links, multi-target) is refused with the
/// reason, and the caller keeps predicting through XGBoost. Safe to use from any number of threads.
class TreeEnsemble final
{
public:
    /// Compiles a booster (an XGBoost BoosterHandle) through its JSON model.
    static Result<TreeEnsemble> fromBooster(void *booster);
    /// Compiles XGBoost's JSON model text (XGBoosterSaveModelToBuffer with format "json").
    static Result<TreeEnsemble> fromJson(QByteArrayView json);

    int featureCount() const { return m_features; }
    int treeCount() const { return int(m_trees.size()); }
    float baseScore() const { return m_base; }

    /// `rows` × featureCount() row-major floats, NaN = missing, into `out` (one value per row).
    /// Batches of a few thousand rows and more are split over up to `maxThreads` threads
    /// (0: QThread::idealThreadCount()); the result does not depend on the split.
    void predict(const float *features, int rows, float *out, int maxThreads = 0) const;

    /// Rows per block: a block's features (transposed, feature-major) and sums stay in L1 while
    /// every tree passes over them, so each tree is read once per block rather than once per row.
    static constexpr int kBlockRows = 64;

private:
    /// right child = left + 1 (XGBoost allocates children in pairs; compiling checks it). A leaf
    /// has a NaN condition, so every value goes "right", and left = itself − 1: a row that reached
    /// it stays, and all rows can take the same number of steps per tree without a leaf test.
    struct Node
    {
        float condition;
        /// Offset of the split's feature in a block of transposed rows (feature × kBlockRows),
        /// in the copy where missing values read −inf when they go left here, +inf otherwise.
        std::uint32_t column;
        std::uint32_t left; ///< index into m_nodes
        float leafValue;
    };
    struct Tree
    {
        std::uint32_t root;
        std::int32_t depth; ///< steps from the root to the deepest leaf
    };

    /// `columns`: 2 × featureCount() × kBlockRows floats of scratch.
    void predictRange(const float *features, int begin, int end, float *out, float *columns) const;

    std::vector<Node> m_nodes;
    std::vector<Tree> m_trees;
    float m_base = 0;
    int m_features = 0;
};

} // namespace routing::ml
