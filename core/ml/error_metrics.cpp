#include "core/ml/error_metrics.h"

#include <algorithm>
#include <cmath>

namespace routing::ml {

ErrorMetrics ErrorMetrics::compute(const std::vector<double> &errors, double trimRatio)
{
    ErrorMetrics m;
    m.count = qint64(errors.size());
    if (errors.empty())
        return m;
    std::vector<double> abs(errors.size());
    double sum = 0, sumAbs = 0, sumSq = 0;
    for (size_t i = 0; i < errors.size(); ++i) {
        sum += errors[i];
        abs[i] = std::abs(errors[i]);
        sumAbs += abs[i];
        sumSq += errors[i] * errors[i];
    }
    const double n = double(errors.size());
    m.mae = sumAbs / n;
    m.rmse = std::sqrt(sumSq / n);
    m.bias = sum / n;
    std::sort(abs.begin(), abs.end());
    m.medianAbsError = abs.size() % 2 ? abs[abs.size() / 2]
                                      : 0.5 * (abs[abs.size() / 2 - 1] + abs[abs.size() / 2]);
    const size_t k = size_t(std::floor(n * std::clamp(trimRatio, 0.0, 0.5)));
    if (2 * k >= abs.size()) {
        m.trimmedMae = m.mae;
    } else {
        double trimmed = 0;
        for (size_t i = k; i < abs.size() - k; ++i)
            trimmed += abs[i];
        m.trimmedMae = trimmed / double(abs.size() - 2 * k);
    }
    return m;
}

QJsonObject ErrorMetrics::toJson() const
{
    return QJsonObject{{QStringLiteral("count"), double(count)},
                       {QStringLiteral("mae"), mae},
                       {QStringLiteral("trimmed_mae"), trimmedMae},
                       {QStringLiteral("rmse"), rmse},
                       {QStringLiteral("bias"), bias},
                       {QStringLiteral("median_abs_error"), medianAbsError}};
}

ErrorMetrics ErrorMetrics::fromJson(const QJsonObject &json)
{
    ErrorMetrics m;
    m.count = qint64(json.value(QStringLiteral("count")).toDouble());
    m.mae = json.value(QStringLiteral("mae")).toDouble();
    m.trimmedMae = json.value(QStringLiteral("trimmed_mae")).toDouble();
    m.rmse = json.value(QStringLiteral("rmse")).toDouble();
    m.bias = json.value(QStringLiteral("bias")).toDouble();
    m.medianAbsError = json.value(QStringLiteral("median_abs_error")).toDouble();
    return m;
}

QJsonObject ProcessMatch::toJson() const
{
    return QJsonObject{{QStringLiteral("items"), items},
                       {QStringLiteral("items_without_prediction"), itemsWithoutPrediction},
                       {QStringLiteral("actual_steps"), double(actualSteps)},
                       {QStringLiteral("predicted_steps"), double(predictedSteps)},
                       {QStringLiteral("matched_steps"), double(matchedSteps)},
                       {QStringLiteral("aligned_steps"), double(alignedSteps)},
                       {QStringLiteral("process_match"), match()},
                       {QStringLiteral("precision"), precision()},
                       {QStringLiteral("positional_match"), positionalMatch()},
                       {QStringLiteral("job_recall"), jobRecall()},
                       {QStringLiteral("exact_routings"), exactRoutings}};
}

} // namespace routing::ml
