#include "core/ml/process_match.h"

#include "core/ml/routing_model.h"
#include "core/ml/sample_set.h"
#include "core/ml/training_data.h"

#include <QHash>

#include <algorithm>

namespace routing::ml {

std::vector<int> ProcessMatchEvaluator::sampleItems(const TrainingData &data, int maxItems, quint64 seed)
{
    return SampleSet::sample(data.routedItems(), maxItems, seed);
}

namespace {

int longestCommonSubsequence(const QStringList &a, const QStringList &b)
{
    std::vector<int> previous(size_t(b.size()) + 1, 0), current(size_t(b.size()) + 1, 0);
    for (const QString &x : a) {
        for (qsizetype j = 0; j < b.size(); ++j)
            current[size_t(j) + 1] = x == b[j] ? previous[size_t(j)] + 1
                                               : std::max(previous[size_t(j) + 1], current[size_t(j)]);
        std::swap(previous, current);
    }
    return previous.back();
}

} // namespace

void ProcessMatchEvaluator::accumulate(const Routing &actual, const QList<SynthesizedStep> &predicted,
                                       ProcessMatch &match)
{
    ++match.items;
    if (predicted.isEmpty())
        ++match.itemsWithoutPrediction;
    QHash<QPair<int, QString>, int> steps;
    QHash<QString, int> jobs;
    for (const SynthesizedStep &s : predicted) {
        ++steps[{s.procSeq, s.jobCd}];
        ++jobs[s.jobCd];
    }
    qint64 matched = 0;
    for (const RoutingStep &s : actual.steps) {
        int &n = steps[{s.procSeq, s.jobCd}];
        if (n > 0) {
            --n;
            ++matched;
        }
        int &j = jobs[s.jobCd];
        if (j > 0) {
            --j;
            ++match.matchedJobs;
        }
    }
    QStringList actualJobs, predictedJobs;
    for (const RoutingStep &s : actual.steps)
        actualJobs << s.jobCd;
    for (const SynthesizedStep &s : predicted)
        predictedJobs << s.jobCd;
    match.actualSteps += actual.steps.size();
    match.predictedSteps += predicted.size();
    match.matchedSteps += matched;
    match.alignedSteps += longestCommonSubsequence(actualJobs, predictedJobs);
    if (actualJobs == predictedJobs)
        ++match.exactRoutings;
}

Result<ProcessMatch> ProcessMatchEvaluator::evaluate(const RoutingModel &model, const TrainingData &data,
                                                     const std::vector<int> &items, const CancelFlag *cancel,
                                                     const RoutingSynthesizer::Options *synthesis)
{
    ProcessMatch match;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i % 256 == 0 && isCancelled(cancel))
            return cancelled();
        const Item &item = data.items()[size_t(items[i])];
        const Routing *actual = data.routingOf(items[i]);
        if (!actual)
            continue;
        auto synthesized = model.synthesize(item, item.code, 0, synthesis);
        if (!synthesized)
            return std::unexpected(synthesized.error());
        accumulate(*actual, synthesized->routing.steps, match);
    }
    return match;
}

} // namespace routing::ml

namespace routing::ml {

Result<double> ProcessMatchEvaluator::chooseWeightPower(const RoutingModel &model, const TrainingData &data,
                                                        const std::vector<int> &items,
                                                        const QList<double> &candidates,
                                                        const CancelFlag *cancel)
{
    double best = model.parts().synthesis.weightPower;
    double bestMatch = -1;
    for (double power : candidates) {
        RoutingSynthesizer::Options options = model.parts().synthesis;
        options.weightPower = power;
        const auto match = evaluate(model, data, items, cancel, &options);
        if (!match)
            return std::unexpected(match.error());
        // Aligned match and precision weigh equally: a vote that pads routings is no better.
        const double score = match->match() + match->precision();
        if (score > bestMatch + 1e-9) {
            bestMatch = score;
            best = power;
        }
    }
    return best;
}

} // namespace routing::ml
