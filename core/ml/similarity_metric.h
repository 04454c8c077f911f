#pragma once

#include "core/common/error.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace routing::ml {

class RoutingLibrary;

/// The distance between two items for routing synthesis, learned from the routings themselves.
///
/// An item is encoded as [group code, categorical codes…, standardised log numeric values…]
/// (SimilarItemIndex::encode). For each attribute f a pair of items has a difference δ_f: 0/1 for a
/// categorical attribute (½ when one side is missing), min(|Δz|, 3) for a numeric one (1 when one
/// side is missing). The distance is Σ w_f δ_f with w ≥ 0 fitted by NNLS so that it predicts the
/// routing difference of the pair, 1 − ½(Jaccard of JOB_CD multisets + Jaccard of (JOB_CD, RES_CD)
/// multisets), on sampled pairs of routed items — mostly within the same group, since that is where
/// neighbours are searched. Attributes that decide optional steps (material, size, custom/standard)
/// get large weights; attributes that do not (seal codes on a shaft) get none. Similarity is
/// 1 − distance, floored at 0: roughly "the share of the routing expected to agree".
class SimilarityMetric final
{
public:
    SimilarityMetric() = default;
    /// Uniform weights (1 per categorical attribute and the group, ½ per numeric one).
    SimilarityMetric(int categorical, int numeric);

    /// `vectors` holds one encoded vector per library item (library order).
    static SimilarityMetric learn(const std::vector<float> &vectors, int dimension, int categorical,
                                  int numeric, const RoutingLibrary &library, int pairs,
                                  quint64 seed);

    int dimension() const { return 1 + m_categorical + m_numeric; }
    float distance(const float *a, const float *b) const;
    /// The attributes with a weight of `members`' encoded vectors (`vectors`, `dimension` floats
    /// each), feature-major: one column of members.size() values per such attribute, in
    /// distance()'s order. For distances().
    std::vector<float> columnsOf(const float *vectors, int dimension,
                                 const std::vector<int> &members) const;
    /// distance(query, member) for each of the `count` members held in `columns` (columnsOf()),
    /// bit for bit: the same terms summed in the same order, a column at a time for all members
    /// (a loop the compiler vectorises, where distance() walks one pair at a time).
    void distances(const float *query, const float *columns, int count, float *out) const;
    double similarity(double distance) const { return std::max(0.0, 1.0 - distance); }
    const std::vector<float> &weights() const { return m_weights; }

    QJsonObject toJson(const QStringList &names) const;
    static Result<SimilarityMetric> fromJson(const QJsonObject &json);

    /// δ of every attribute for a pair (dimension() values).
    void differences(const float *a, const float *b, double *out) const;

private:
    void updateActive();

    int m_categorical = 0;
    int m_numeric = 0;
    std::vector<float> m_weights;
    // Dimensions with a weight > 0 (distance() is the inner loop of every search).
    std::vector<std::pair<int, float>> m_activeCategorical;
    std::vector<std::pair<int, float>> m_activeNumeric;
};

} // namespace routing::ml
