#include "core/ml/stacking_model.h"

#include "core/ml/nnls.h"

#include <QJsonArray>

#include <cmath>

namespace routing::ml {

namespace {
const char *const kNames[StackingModel::kComponents] = {"baseline", "xgboost", "mlp"};
}

StackingModel StackingModel::fit(const SampleSet &set,
                                 const std::array<const TargetPredictions *, kComponents> &components)
{
    StackingModel model;
    for (int t = 0; t < kTargetCount; ++t) {
        // Unknowns: one weight per component, then +1 and −1 columns whose difference is a free
        // intercept (NNLS keeps both non-negative).
        Nnls nnls(kComponents + 2);
        for (int r = 0; r < set.rows(); ++r) {
            const float label = set.label[size_t(t)][size_t(r)];
            if (std::isnan(label))
                continue;
            double a[kComponents + 2] = {0, 0, 0, 1, -1};
            bool ok = true;
            for (int c = 0; c < kComponents; ++c) {
                const TargetPredictions *p = components[size_t(c)];
                if (!p || (*p)[size_t(t)].empty())
                    continue;
                const float v = (*p)[size_t(t)][size_t(r)];
                ok = ok && std::isfinite(v);
                a[c] = v;
            }
            if (ok)
                nnls.addRow(a, label);
        }
        const std::vector<double> x = nnls.solve(1e-6);
        for (int c = 0; c < kComponents; ++c)
            model.m_weights[size_t(t)][size_t(c)] = x[size_t(c)];
        model.m_intercept[size_t(t)] = x[kComponents] - x[kComponents + 1];
    }
    return model;
}

bool StackingModel::uses(int component) const
{
    return m_weights[0][size_t(component)] > 0 || m_weights[1][size_t(component)] > 0;
}

TargetPredictions StackingModel::blend(int rows,
                                       const std::array<const TargetPredictions *, kComponents> &components) const
{
    TargetPredictions out;
    for (int t = 0; t < kTargetCount; ++t) {
        out[size_t(t)].assign(size_t(rows), float(m_intercept[size_t(t)]));
        for (int c = 0; c < kComponents; ++c) {
            const double w = m_weights[size_t(t)][size_t(c)];
            const TargetPredictions *p = components[size_t(c)];
            if (w == 0 || !p)
                continue;
            for (int r = 0; r < rows; ++r)
                out[size_t(t)][size_t(r)] += float(w * (*p)[size_t(t)][size_t(r)]);
        }
    }
    return out;
}

QJsonObject StackingModel::toJson() const
{
    QJsonObject json{{QStringLiteral("format"), QStringLiteral("routing-stacking")},
                     {QStringLiteral("version"), 1}};
    for (int t = 0; t < kTargetCount; ++t) {
        QJsonObject weights;
        for (int c = 0; c < kComponents; ++c)
            weights.insert(QLatin1String(kNames[c]), m_weights[size_t(t)][size_t(c)]);
        weights.insert(QStringLiteral("intercept"), m_intercept[size_t(t)]);
        json.insert(t == 0 ? QStringLiteral("setup") : QStringLiteral("run"), weights);
    }
    return json;
}

Result<StackingModel> StackingModel::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("routing-stacking"))
        return fail(ErrorCode::ModelNotFound, QStringLiteral("stacking weights: not a stacking document"));
    StackingModel model;
    for (int t = 0; t < kTargetCount; ++t) {
        const QJsonObject weights =
            json.value(t == 0 ? QStringLiteral("setup") : QStringLiteral("run")).toObject();
        for (int c = 0; c < kComponents; ++c) {
            const QJsonValue v = weights.value(QLatin1String(kNames[c]));
            if (!v.isDouble() || v.toDouble() < 0)
                return fail(ErrorCode::ModelNotFound, QStringLiteral("stacking weights: bad weight"));
            model.m_weights[size_t(t)][size_t(c)] = v.toDouble();
        }
        model.m_intercept[size_t(t)] = weights.value(QStringLiteral("intercept")).toDouble();
    }
    return model;
}

} // namespace routing::ml
