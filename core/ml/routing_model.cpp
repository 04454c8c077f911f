#include "core/ml/routing_model.h"

#include <cmath>

namespace routing::ml {

RoutingModel::RoutingModel(ModelParts parts, QString directory)
    : m_parts(std::move(parts)), m_directory(std::move(directory))
{
}

RoutingModel::~RoutingModel() = default;

bool RoutingModel::hasCandidate(CandidateKind kind) const
{
    switch (kind) {
    case CandidateKind::Baseline: return m_parts.baseline.has_value();
    case CandidateKind::Xgboost: return m_parts.xgboost.isValid();
    case CandidateKind::Mlp: return m_parts.mlp.isValid();
    case CandidateKind::Stacking: {
        if (!m_parts.stacking)
            return false;
        for (int c = 0; c < StackingModel::kComponents; ++c)
            if (m_parts.stacking->uses(c) && !hasCandidate(static_cast<CandidateKind>(c)))
                return false;
        return true;
    }
    }
    return false;
}

QList<CandidateKind> RoutingModel::candidates() const
{
    QList<CandidateKind> out;
    for (int c = 0; c < kCandidateCount; ++c)
        if (hasCandidate(static_cast<CandidateKind>(c)))
            out << static_cast<CandidateKind>(c);
    return out;
}

double RoutingModel::minutes(float label, double offset)
{
    if (std::isnan(label))
        return std::nan("");
    return std::max(0.0, std::expm1(double(label) + offset));
}

TargetPredictions RoutingModel::predictLabels(const FeatureBatch &batch, const int *resources,
                                              CandidateKind candidate, Error *error) const
{
    TargetPredictions out;
    if (!hasCandidate(candidate)) {
        for (auto &v : out)
            v.assign(size_t(batch.rows), kMissing);
        if (error)
            *error = Error{ErrorCode::ModelNotFound,
                           QStringLiteral("the model has no %1 candidate").arg(candidateName(candidate))};
        return out;
    }
    switch (candidate) {
    case CandidateKind::Baseline: out = m_parts.baseline->predict(batch); break;
    case CandidateKind::Xgboost: out = m_parts.xgboost.predict(batch, error); break;
    case CandidateKind::Mlp: out = m_parts.mlp.predict(batch, error); break;
    case CandidateKind::Stacking: {
        std::array<TargetPredictions, StackingModel::kComponents> parts;
        std::array<const TargetPredictions *, StackingModel::kComponents> ptrs{};
        for (int c = 0; c < StackingModel::kComponents; ++c) {
            if (!m_parts.stacking->uses(c))
                continue;
            // Components uncorrected: the blend was fitted on raw component predictions.
            switch (static_cast<CandidateKind>(c)) {
            case CandidateKind::Baseline: parts[size_t(c)] = m_parts.baseline->predict(batch); break;
            case CandidateKind::Xgboost: parts[size_t(c)] = m_parts.xgboost.predict(batch, error); break;
            case CandidateKind::Mlp: parts[size_t(c)] = m_parts.mlp.predict(batch, error); break;
            default: break;
            }
            ptrs[size_t(c)] = &parts[size_t(c)];
        }
        out = m_parts.stacking->blend(batch.rows, ptrs);
        break;
    }
    }
    if (resources)
        m_parts.corrections[size_t(candidate)].apply(out, resources, batch.rows);
    return out;
}

Result<SimilarItemsRouting> RoutingModel::synthesize(const Item &item, const QString &excludeCode,
                                                     int neighbours,
                                                     const RoutingSynthesizer::Options *synthesis) const
{
    const std::vector<float> query = SimilarItemIndex::encode(m_parts.transform, item);
    const int exclude = excludeCode.isEmpty() ? -1 : m_parts.library.indexOf(normalizeItemCode(excludeCode));
    auto found = m_parts.index.search(query, neighbours > 0 ? neighbours : m_parts.neighbours, exclude);
    if (!found)
        return std::unexpected(found.error());
    SimilarItemsRouting out;
    out.neighbours = std::move(*found);
    for (const Neighbour &n : out.neighbours)
        out.neighbourCodes << m_parts.library.itemCode(n.index);
    out.routing = RoutingSynthesizer::synthesize(m_parts.library, out.neighbours,
                                                 synthesis ? *synthesis : m_parts.synthesis);
    return out;
}

} // namespace routing::ml
