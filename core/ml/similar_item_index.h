#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"
#include "core/ml/similarity_metric.h"

#include <QString>

#include <memory>
#include <vector>

namespace routing::ml {

class FeatureTransform;
class RoutingLibrary;
class TrainingData;

/// A neighbour found for an item: an index into the RoutingLibrary.
struct Neighbour
{
    int index = -1;
    float distance = 0;
    double similarity = 0;
};

/// Nearest items with a routing, under the learned SimilarityMetric.
///
/// Search is "same group first": the neighbours are looked for among the items of the query's
/// similar-item group (PART_TYPE by default) by exact search; only when the group has fewer than
/// three routed items is the search widened to all items (a new family), where the index uses
/// hnswlib when the library is larger than `hnswThreshold` and exact search otherwise (measured:
/// docs/ml-engine.md). The query's dimension is checked against the index's: a model whose
/// transform and index disagree is refused at load time, and a wrong query is an error.
class SimilarItemIndex final
{
public:
    enum class SearchMode { Auto, Exact, Hnsw };
    struct Options
    {
        SearchMode mode = SearchMode::Auto;
        int hnswThreshold = 50000;
        int hnswM = 16;
        int efConstruction = 100;
        int efSearch = 64;
        int metricPairs = 60000; ///< item pairs sampled to learn the metric
        quint64 seed = 42;
    };

    SimilarItemIndex();
    ~SimilarItemIndex();
    SimilarItemIndex(SimilarItemIndex &&other) noexcept;
    SimilarItemIndex &operator=(SimilarItemIndex &&other) noexcept;

    static int encodedDimension(const FeatureTransform &transform);
    static std::vector<float> encode(const FeatureTransform &transform, const Item &item);
    static QStringList attributeNames(const FeatureTransform &transform);

    /// Encodes the library's items (their attributes from `data`) and learns the metric.
    static SimilarItemIndex build(const FeatureTransform &transform, const TrainingData &data,
                                  const RoutingLibrary &library, const Options &options);

    int size() const;
    int dimension() const;
    bool usesHnsw() const;
    const SimilarityMetric &metric() const;
    const float *vector(int index) const;

    /// The k nearest library items to `query` (same group first), excluding library index
    /// `exclude` (leave-one-out); sorted by distance.
    Result<std::vector<Neighbour>> search(const std::vector<float> &query, int k, int exclude = -1) const;
    /// Search over all items, by the given method (benchmarks; Auto = the index's choice).
    std::vector<Neighbour> searchAll(const float *query, int k, int exclude, SearchMode mode) const;
    /// Builds the HNSW graph now (benchmarks; build() does it when the library is large).
    void buildHnsw();

    /// similar_items.bin, and similar_items.hnsw when the graph exists.
    Status save(const QString &dir) const;
    static Result<SimilarItemIndex> load(const QString &dir, int expectedDimension, int expectedSize);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace routing::ml
