#include "core/ml/level_correction.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace routing::ml {

namespace {

double weightedMedian(std::vector<std::pair<float, double>> &values)
{
    std::sort(values.begin(), values.end());
    double total = 0;
    for (const auto &v : values)
        total += v.second;
    double acc = 0;
    for (const auto &v : values) {
        acc += v.second;
        if (acc >= total / 2)
            return v.first;
    }
    return values.empty() ? 0.0 : values.back().first;
}

} // namespace

LevelCorrection LevelCorrection::fit(const SampleSet &window, const TargetPredictions &predictions,
                                     qint64 windowEndMs, const Options &options)
{
    LevelCorrection c;
    const double msPerDay = 86400000.0;
    for (int t = 0; t < kTargetCount; ++t) {
        QHash<int, std::vector<std::pair<float, double>>> residuals;
        for (int r = 0; r < window.rows(); ++r) {
            const float label = window.label[size_t(t)][size_t(r)];
            const float predicted = predictions[size_t(t)][size_t(r)];
            if (std::isnan(label) || !std::isfinite(predicted) || window.resource[size_t(r)] < 0)
                continue;
            const double age = std::max(0.0, double(windowEndMs - window.time[size_t(r)]) / msPerDay);
            const double w = std::exp2(-age / std::max(0.1, options.halfLifeDays));
            residuals[window.resource[size_t(r)]].push_back({label - predicted, w});
        }
        for (auto it = residuals.begin(); it != residuals.end(); ++it) {
            double total = 0;
            double squares = 0;
            for (const auto &v : *it) {
                total += v.second;
                squares += v.second * v.second;
            }
            const double effective = squares > 0 ? total * total / squares : 0.0; // Kish
            if (effective < options.minEffectiveOperations)
                continue;
            const double median = weightedMedian(*it);
            // Robust scale (MAD) and the standard error of the median on the effective count.
            std::vector<std::pair<float, double>> deviations;
            deviations.reserve(it->size());
            for (const auto &v : *it)
                deviations.push_back({float(std::abs(v.first - median)), v.second});
            const double scale = 1.4826 * weightedMedian(deviations);
            const double standardError = 1.2533 * scale / std::sqrt(effective);
            // Positive-part James–Stein: a shift many standard errors away is kept whole; one
            // within the noise goes to 0.
            const double z2 = standardError > 0 ? (median / standardError) * (median / standardError)
                                                : std::numeric_limits<double>::infinity();
            const double factor = std::max(0.0, 1.0 - options.shrinkage / z2);
            const double shrunk = median * factor;
            const double clamped = std::clamp(shrunk, -options.maxAbsCorrection, options.maxAbsCorrection);
            if (std::abs(clamped) > 1e-4)
                c.m_byResource[size_t(t)].insert(it.key(), float(clamped));
        }
    }
    return c;
}

void LevelCorrection::apply(TargetPredictions &predictions, const int *resources, int rows) const
{
    for (int t = 0; t < kTargetCount; ++t) {
        if (m_byResource[size_t(t)].isEmpty())
            continue;
        for (int r = 0; r < rows; ++r)
            predictions[size_t(t)][size_t(r)] += m_byResource[size_t(t)].value(resources[r], 0.0f);
    }
}

QJsonObject LevelCorrection::toJson() const
{
    QJsonObject json{{QStringLiteral("format"), QStringLiteral("routing-level-correction")},
                     {QStringLiteral("version"), 1}};
    for (int t = 0; t < kTargetCount; ++t) {
        QList<int> keys = m_byResource[size_t(t)].keys();
        std::sort(keys.begin(), keys.end());
        QJsonArray entries;
        for (int k : std::as_const(keys))
            entries.append(QJsonArray{k, double(m_byResource[size_t(t)].value(k))});
        json.insert(t == 0 ? QStringLiteral("setup") : QStringLiteral("run"), entries);
    }
    return json;
}

Result<LevelCorrection> LevelCorrection::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("routing-level-correction"))
        return fail(ErrorCode::ModelNotFound, QStringLiteral("level correction: not a level-correction document"));
    LevelCorrection c;
    for (int t = 0; t < kTargetCount; ++t) {
        for (const QJsonValue &v :
             json.value(t == 0 ? QStringLiteral("setup") : QStringLiteral("run")).toArray()) {
            const QJsonArray e = v.toArray();
            if (e.size() != 2 || !e.at(1).isDouble())
                return fail(ErrorCode::ModelNotFound, QStringLiteral("level correction: malformed entry"));
            c.m_byResource[size_t(t)].insert(e.at(0).toInt(), float(e.at(1).toDouble()));
        }
    }
    return c;
}

} // namespace routing::ml
