#include "core/ml/ml_types.h"

namespace routing::ml {

QString candidateName(CandidateKind kind)
{
    switch (kind) {
    case CandidateKind::Baseline: return QStringLiteral("baseline");
    case CandidateKind::Xgboost: return QStringLiteral("xgboost");
    case CandidateKind::Mlp: return QStringLiteral("mlp");
    case CandidateKind::Stacking: return QStringLiteral("stacking");
    }
    return QStringLiteral("unknown");
}

std::optional<CandidateKind> candidateFromName(const QString &name)
{
    for (int i = 0; i < kCandidateCount; ++i) {
        const auto kind = static_cast<CandidateKind>(i);
        if (candidateName(kind).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

} // namespace routing::ml
