#include "core/ml/model_evaluator.h"

#include "core/ml/routing_model.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace routing::ml {

CandidateResult ModelEvaluator::fromPredictions(const QString &name, const SampleSet &v,
                                                const TargetPredictions &labels, double trimRatio)
{
    std::vector<double> clean, all, setup, run;
    clean.reserve(size_t(v.rows()));
    all.reserve(size_t(v.rows()));
    for (int r = 0; r < v.rows(); ++r) {
        const size_t i = size_t(r);
        const double s = RoutingModel::minutes(labels[0][i], v.offset[0][i]);
        const double perUnit = RoutingModel::minutes(labels[1][i], v.offset[1][i]);
        const double runMinutes = perUnit * v.orderQty[i];
        const double predicted = (std::isnan(s) ? 0.0 : s) + (std::isnan(runMinutes) ? 0.0 : runMinutes);
        const double actual = double(v.actualSetup[i]) + double(v.actualRun[i]);
        all.push_back(predicted - actual);
        if (v.clean[i]) {
            clean.push_back(predicted - actual);
            setup.push_back((std::isnan(s) ? 0.0 : s) - double(v.actualSetup[i]));
            run.push_back((std::isnan(runMinutes) ? 0.0 : runMinutes) - double(v.actualRun[i]));
        }
    }
    CandidateResult result;
    result.name = name;
    result.validation = ErrorMetrics::compute(clean, trimRatio);
    result.validationAllRows = ErrorMetrics::compute(all, trimRatio);
    result.setup = ErrorMetrics::compute(setup, trimRatio);
    result.run = ErrorMetrics::compute(run, trimRatio);
    return result;
}

CandidateResult ModelEvaluator::standardTime(const SampleSet &v, double trimRatio)
{
    // The standard as a label: log1p(standard) − offset = 0 where a standard exists; a NULL
    // standard predicts 0 minutes (what a plan built from the routing would contain).
    TargetPredictions labels;
    for (int t = 0; t < kTargetCount; ++t) {
        labels[size_t(t)].resize(size_t(v.rows()));
        const auto &standard = t == 0 ? v.standardSetup : v.standardRun;
        for (int r = 0; r < v.rows(); ++r)
            labels[size_t(t)][size_t(r)] = std::isnan(standard[size_t(r)]) ? kMissing : 0.0f;
    }
    CandidateResult result = fromPredictions(QStringLiteral("standard_time"), v, labels, trimRatio);
    result.details.insert(QStringLiteral("what"),
                          QStringLiteral("routing SETUP_TIME + RUN_TIME x ORDER_QTY, as planned"));
    return result;
}

CandidateResult ModelEvaluator::evaluate(const QString &name, const RoutingModel &model,
                                         CandidateKind candidate, const SampleSet &v, double trimRatio)
{
    Error error{ErrorCode::Ok, {}};
    const TargetPredictions labels = model.predictLabels(v.batch(), v.resource.data(), candidate, &error);
    CandidateResult result = fromPredictions(name, v, labels, trimRatio);
    if (error.code != ErrorCode::Ok)
        result.details.insert(QStringLiteral("prediction_error"), error.toString());
    measureLatency(model, candidate, v, result);
    return result;
}

void ModelEvaluator::measureLatency(const RoutingModel &model, CandidateKind candidate,
                                    const SampleSet &v, CandidateResult &result)
{
    if (v.rows() == 0)
        return;
    const int rows = std::min(v.rows(), 20000);
    FeatureBatch batch = v.batch();
    batch.rows = rows;
    QElapsedTimer timer;
    model.predictLabels(batch, v.resource.data(), candidate); // warm-up
    timer.start();
    model.predictLabels(batch, v.resource.data(), candidate);
    result.inferenceMicrosPerRow = double(timer.nsecsElapsed()) / 1e3 / double(rows);

    constexpr int kRoutingRows = 7;
    constexpr int kCalls = 200;
    std::vector<double> times;
    times.reserve(kCalls);
    for (int call = 0; call < kCalls; ++call) {
        const int start = (call * kRoutingRows) % std::max(1, v.rows() - kRoutingRows);
        FeatureBatch one = v.batch();
        one.features = v.row(start);
        one.groups = v.group.data() + start;
        one.rows = std::min(kRoutingRows, v.rows() - start);
        timer.restart();
        model.predictLabels(one, v.resource.data() + start, candidate);
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    result.singleItemMillis = times[std::min(times.size() - 1, size_t(std::ceil(0.99 * double(times.size()))) - 1)];
}

} // namespace routing::ml
