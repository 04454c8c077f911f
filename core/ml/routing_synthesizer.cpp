#include "core/ml/routing_synthesizer.h"

#include "core/ml/routing_library.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <map>

namespace routing::ml {

namespace {

struct Vote
{
    int job = -1;
    int occurrence = 0;
    double weight = 0;
    double seqSum = 0;
    std::map<int, double> seqs;
    std::map<int, double> resources;
    std::map<int, double> inside;
    std::vector<std::pair<float, double>> setups;
    std::vector<std::pair<float, double>> runs;
};

template<typename K>
K argmax(const std::map<K, double> &votes)
{
    K best{};
    double bestWeight = -1;
    for (const auto &[key, w] : votes)
        if (w > bestWeight) {
            best = key;
            bestWeight = w;
        }
    return best;
}

std::optional<double> weightedMedian(std::vector<std::pair<float, double>> values)
{
    values.erase(std::remove_if(values.begin(), values.end(),
                                [](const auto &v) { return std::isnan(v.first); }),
                 values.end());
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    double total = 0;
    for (const auto &v : values)
        total += v.second;
    double acc = 0;
    for (const auto &v : values) {
        acc += v.second;
        if (acc >= total / 2)
            return double(v.first);
    }
    return double(values.back().first);
}

} // namespace

SynthesizedRouting RoutingSynthesizer::synthesize(const RoutingLibrary &library,
                                                  const std::vector<Neighbour> &neighbours,
                                                  const Options &options)
{
    SynthesizedRouting out;
    if (neighbours.empty())
        return out;
    QHash<qint64, Vote> votes;
    double total = 0, simSum = 0;
    for (const Neighbour &n : neighbours) {
        const double w = std::pow(std::max(n.similarity, 0.01), options.weightPower);
        total += w;
        simSum += w * n.similarity;
        QHash<int, int> seen;
        for (const RoutingLibrary::Step &s : library.steps(n.index)) {
            const int occurrence = seen[s.job]++;
            Vote &v = votes[(qint64(s.job) << 16) | occurrence];
            v.job = s.job;
            v.occurrence = occurrence;
            v.weight += w;
            v.seqSum += w * s.procSeq;
            v.seqs[s.procSeq] += w;
            v.resources[s.res] += w;
            v.inside[s.inside] += w;
            v.setups.push_back({s.standardSetup, w});
            v.runs.push_back({s.standardRun, w});
        }
    }
    std::vector<Vote *> kept;
    for (auto it = votes.begin(); it != votes.end(); ++it)
        if (it->weight >= options.minSupport * total - 1e-12)
            kept.push_back(&*it);
    std::sort(kept.begin(), kept.end(), [](const Vote *a, const Vote *b) {
        const double sa = a->seqSum / a->weight, sb = b->seqSum / b->weight;
        if (sa != sb)
            return sa < sb;
        return a->job != b->job ? a->job < b->job : a->occurrence < b->occurrence;
    });

    std::vector<int> seqs;
    bool increasing = true;
    for (const Vote *v : kept) {
        seqs.push_back(argmax(v->seqs));
        if (seqs.size() > 1 && seqs[seqs.size() - 1] <= seqs[seqs.size() - 2])
            increasing = false;
    }
    double supportSum = 0;
    for (size_t i = 0; i < kept.size(); ++i) {
        const Vote &v = *kept[i];
        SynthesizedStep step;
        step.procSeq = increasing ? seqs[i] : int(10 * (i + 1));
        step.jobCd = library.jobs().at(v.job);
        step.jobNm = library.jobName(v.job);
        const int res = argmax(v.resources);
        step.resCd = library.resources().at(res);
        step.resDis = library.resourceName(res);
        step.insideFlag = library.insideFlags().at(argmax(v.inside));
        step.standardSetup = weightedMedian(v.setups);
        step.standardRun = weightedMedian(v.runs);
        step.support = v.weight / total;
        supportSum += step.support;
        out.steps.append(step);
    }
    const double meanSimilarity = total > 0 ? simSum / total : 0.0;
    out.confidence = kept.empty() ? 0.0 : (supportSum / double(kept.size())) * meanSimilarity;
    return out;
}

} // namespace routing::ml
