#include "core/quality/quality_metrics.h"

#include "core/quality/compact_operations.h"
#include "core/quality/gross_error_screen.h"
#include "core/quality/quality_statistics.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <thread>
#include <tuple>
#include <vector>

namespace routing::quality {
namespace {

/// Error sums of one population of operations (all, or one segment).
struct ErrorAccumulator
{
    QList<double> absErrors;
    double sumError = 0.0;
    double sumSquared = 0.0;
    qint64 evaluated = 0;
    qint64 matched = 0;
    QSet<int> items;
    int lastItem = -1; ///< operations come item by item: one insert per item
    qint64 steps = 0;
    qint64 stepsAligned = 0;

    void addOperation(int item)
    {
        ++evaluated;
        if (item != lastItem)
            items.insert(lastItem = item);
    }
    void addError(double error)
    {
        ++matched;
        absErrors << std::abs(error);
        sumError += error;
        sumSquared += error * error;
    }
    std::optional<double> mae() const { return stats::mean(absErrors); }
    std::optional<double> rmse() const
    {
        return matched ? std::optional(std::sqrt(sumSquared / double(matched))) : std::nullopt;
    }
    std::optional<double> bias() const
    {
        return matched ? std::optional(sumError / double(matched)) : std::nullopt;
    }
    std::optional<double> coverage() const
    {
        return evaluated ? std::optional(double(matched) / double(evaluated)) : std::nullopt;
    }
    std::optional<double> processMatch() const
    {
        return steps ? std::optional(double(stepsAligned) / double(steps)) : std::nullopt;
    }
};

QList<SegmentMetrics> topSegments(const std::map<QString, ErrorAccumulator> &accs, int topN,
                                  bool withProcessMatch)
{
    QList<SegmentMetrics> out;
    for (const auto &[name, acc] : accs) {
        if (acc.evaluated == 0 && acc.steps == 0)
            continue;
        SegmentMetrics s;
        s.segment = name;
        s.items = int(acc.items.size());
        s.operations = acc.evaluated;
        s.matched = acc.matched;
        s.mae = acc.mae();
        s.rmse = acc.rmse();
        s.bias = acc.bias();
        s.coverage = acc.coverage();
        if (withProcessMatch) {
            s.processMatch = acc.processMatch();
            s.steps = acc.steps;
        }
        out << s;
    }
    std::stable_sort(out.begin(), out.end(), [](const SegmentMetrics &a, const SegmentMetrics &b) {
        return a.operations > b.operations;
    });
    if (topN >= 0 && out.size() > topN)
        out.resize(topN);
    return out;
}

std::optional<QString> failureOf(const QHash<QString, ItemPrediction> &predictions,
                                 const QString &item)
{
    const auto it = predictions.constFind(item);
    if (it == predictions.cend())
        return QStringLiteral("no prediction returned for the item");
    if (it->error)
        return it->error->toString();
    return std::nullopt;
}

/// One of an item's predicted steps by (PROC_SEQ, JOB_CD id), kept in prediction order: the
/// first match counts. A routing has a dozen steps, so a scan beats a hash.
struct StepKey
{
    int procSeq, job;
    const PredictedStep *step;
};

/// One item's leave-one-out routing against its actual steps (section 5 of docs/metrics.md).
struct ProcessMatchOfItem
{
    std::optional<QString> failure; ///< the leave-one-out prediction failed
    qint64 actual = 0, aligned = 0, positional = 0, predicted = 0, overlap = 0;
};

/// The item's actual step sequence: distinct (PROC_SEQ, JOB_CD) of the routing (ROUT_NO) it was
/// most often produced with in the window (ties: the one reported last, then the higher ROUT_NO),
/// in that order. JOB_CD as its id: ids are ranked in code order, so the order is the codes'.
std::vector<std::pair<int, int>> actualSteps(const CompactOperations &c,
                                             const std::vector<int> &itemOps)
{
    std::map<QString, std::pair<int, QDateTime>> byRouting;
    for (const int k : itemOps) {
        const WorkOrderOp *op = c.ops[size_t(k)];
        auto &entry = byRouting[op->routNo];
        ++entry.first;
        if (!entry.second.isValid() || op->reportedAt > entry.second)
            entry.second = op->reportedAt;
    }
    QString chosen;
    std::pair<int, QDateTime> best{-1, QDateTime()};
    for (const auto &[routNo, entry] : byRouting) {
        // Ascending iteration: on a full tie the later (higher) ROUT_NO wins with >=.
        if (entry.first > best.first ||
            (entry.first == best.first && entry.second >= best.second)) {
            best = entry;
            chosen = routNo;
        }
    }
    std::vector<std::pair<int, int>> steps;
    for (const int k : itemOps)
        if (c.ops[size_t(k)]->routNo == chosen)
            steps.emplace_back(c.procSeq[size_t(k)], c.screened.job[size_t(k)]);
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    return steps;
}

qsizetype longestCommonSubsequence(const std::vector<int> &a, const std::vector<int> &b)
{
    std::vector<qsizetype> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/// The number of values two sorted lists share, duplicates counted (multiset intersection).
qint64 sharedCount(const std::vector<int> &a, const std::vector<int> &b)
{
    qint64 shared = 0;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j]) {
            ++i;
        } else if (b[j] < a[i]) {
            ++j;
        } else {
            ++shared;
            ++i;
            ++j;
        }
    }
    return shared;
}

/// Codes compare as ids of `c.jobs`; a predicted JOB_CD that no operation has is -1, which
/// equals no actual step's.
ProcessMatchOfItem processMatchOfItem(const QHash<QString, ItemPrediction> &looPredictions,
                                      const QString &code, const CompactOperations &c,
                                      const std::vector<int> &itemOps)
{
    ProcessMatchOfItem out;
    if ((out.failure = failureOf(looPredictions, code)))
        return out;
    const auto actual = actualSteps(c, itemOps);
    std::vector<std::pair<int, int>> predicted; // (PROC_SEQ, JOB_CD id) in PROC_SEQ order
    for (const PredictedStep &step : looPredictions.constFind(code)->steps)
        predicted.emplace_back(step.procSeq, c.jobs.find(step.jobCd));
    std::stable_sort(predicted.begin(), predicted.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<int> actualJobs, predictedJobs;
    actualJobs.reserve(actual.size());
    predictedJobs.reserve(predicted.size());
    for (size_t k = 0; k < actual.size(); ++k) {
        actualJobs.push_back(actual[k].second);
        if (k < predicted.size() && predicted[k].second == actual[k].second)
            ++out.positional;
    }
    for (const auto &step : predicted)
        predictedJobs.push_back(step.second);
    out.aligned = longestCommonSubsequence(actualJobs, predictedJobs);
    std::sort(actualJobs.begin(), actualJobs.end());
    std::sort(predictedJobs.begin(), predictedJobs.end());
    out.overlap = sharedCount(actualJobs, predictedJobs); // -1 is in no actual list
    out.actual = qint64(actual.size());
    out.predicted = qint64(predicted.size());
    return out;
}

} // namespace

MetricsResult computeQualityMetrics(const MetricsInput &in)
{
    MetricsResult out;
    QualityMetrics &m = out.overall;

    QStringList sampled = in.sampledItems;
    std::sort(sampled.begin(), sampled.end());
    sampled.erase(std::unique(sampled.begin(), sampled.end()), sampled.end());
    m.itemsSampled = int(sampled.size());
    QHash<QString, int> itemIndex;
    itemIndex.reserve(sampled.size());
    for (int i = 0; i < int(sampled.size()); ++i)
        itemIndex.insert(sampled[i], i);

    // Operations of the sampled items, by item (input order kept within an item). One pass over
    // the operations (scattered in memory, each code a string of its own) copies what the later
    // passes need into compact per-operation arrays; only the process match reads them again.
    // Its two halves run in two threads.
    CompactOperations c;
    {
        const qsizetype half = in.operations.size() / 2;
        CompactOperations second;
        std::exception_ptr secondFailed;
        {
            std::jthread secondHalf([&] {
                try {
                    second = compactOperations(in.operations, half, in.operations.size(), itemIndex);
                } catch (...) {
                    secondFailed = std::current_exception();
                }
            });
            c = compactOperations(in.operations, 0, half, itemIndex);
        }
        if (secondFailed)
            std::rethrow_exception(secondFailed);
        c.append(std::move(second));
    }
    const std::vector<const WorkOrderOp *> &ops = c.ops;
    const std::vector<int> &opItem = c.item, &opProcSeq = c.procSeq;
    const std::vector<char> &usable = c.usable;
    const std::vector<double> &opRun = c.run, &opQty = c.screened.qty;
    ScreenedOperations &screened = c.screened;
    CodeIds &jobs = c.jobs, &resources = c.resources;
    const size_t n = ops.size();
    std::vector<std::vector<int>> opsOfItem(size_t(sampled.size()));
    std::vector<char> itemHasUsable(size_t(sampled.size()), 0);
    for (size_t k = 0; k < n; ++k) {
        opsOfItem[size_t(opItem[k])].push_back(int(k));
        if (usable[k])
            itemHasUsable[size_t(opItem[k])] = 1;
    }
    m.operationsUnusable = c.unusable;
    m.operationsRead = qint64(n);
    jobs.rank(screened.job); // ids in code order: the groups sort by them
    resources.rank(screened.res);
    screened.jobCount = jobs.size();
    screened.resourceCount = resources.size();
    std::vector<char> kept(n, 0);

    // The own-routing predictions' steps by (PROC_SEQ, JOB_CD); none where the item failed. A
    // predicted JOB_CD that no operation has matches no operation.
    std::vector<std::vector<StepKey>> itemSteps(size_t(sampled.size()));
    for (int i = 0; i < int(sampled.size()); ++i) {
        const auto it = in.predictions.constFind(sampled[i]);
        if (it == in.predictions.cend() || it->error)
            continue;
        for (const PredictedStep &step : it->steps)
            if (const int job = jobs.find(step.jobCd); job >= 0)
                itemSteps[size_t(i)].push_back({step.procSeq, job, &step});
    }
    const auto stepOf = [&](size_t k) -> const PredictedStep * {
        for (const StepKey &key : itemSteps[size_t(opItem[k])])
            if (key.procSeq == opProcSeq[k] && key.job == screened.job[k])
                return key.step;
        return nullptr;
    };

    // The process match needs neither the screens nor the time errors: a second thread aligns
    // the leave-one-out routings meanwhile; step 3 folds the results in, item by item.
    std::vector<ProcessMatchOfItem> processMatch(size_t(sampled.size()));
    std::exception_ptr aligningFailed; // rethrown here: the cycle records what a metric throws
    std::jthread aligning([&] {
        try {
            for (size_t item = 0; item < processMatch.size(); ++item) {
                if (!itemHasUsable[item])
                    continue;
                processMatch[item] = processMatchOfItem(
                    in.looPredictions, sampled[qsizetype(item)], c, opsOfItem[item]);
            }
        } catch (...) {
            aligningFailed = std::current_exception();
        }
    });

    // 1. Gross data-entry errors, screened against the planner's standard times.
    std::vector<const PredictedStep *> opStep(n, nullptr);
    for (size_t k = 0; k < n; ++k)
        opStep[k] = stepOf(k);
    const std::vector<char> gross = screenGrossErrors(screened, opStep, usable,
                                                      {in.grossK, in.grossMinPool, in.grossMinIqr});
    for (size_t k = 0; k < n; ++k) {
        if (gross[k]) {
            ++m.operationsGrossErrors;
            ++m.operationsOutliers;
        }
    }

    // 2. Groups (ITEM_CD, PROC_SEQ, JOB_CD) of the remaining usable operations, in key order so
    //    that every sum is taken in a fixed order; Tukey's fences (1.5 × IQR) within a group.
    std::vector<int> order;
    order.reserve(n);
    for (size_t k = 0; k < n; ++k)
        if (usable[k] && !gross[k])
            order.push_back(int(k));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return std::tie(opItem[size_t(a)], opProcSeq[size_t(a)], screened.job[size_t(a)]) <
               std::tie(opItem[size_t(b)], opProcSeq[size_t(b)], screened.job[size_t(b)]);
    });
    QList<double> groupCvs;
    double sumGroupCounts = 0.0;
    for (size_t begin = 0; begin < order.size();) {
        const size_t first = size_t(order[begin]);
        const int item = opItem[first];
        size_t end = begin + 1;
        while (end < order.size() && opItem[size_t(order[end])] == item &&
               opProcSeq[size_t(order[end])] == opProcSeq[first] &&
               screened.job[size_t(order[end])] == screened.job[first])
            ++end;
        QList<double> runs, setups;
        for (size_t i = begin; i < end; ++i) {
            runs << screened.runPerUnit[size_t(order[i])];
            setups << screened.setup[size_t(order[i])];
        }
        const bool filter = qsizetype(end - begin) >= in.iqrMinGroupSize;
        const auto runFence = filter ? stats::iqrFences(runs, in.iqrK) : std::nullopt;
        const auto setupFence = filter ? stats::iqrFences(setups, in.iqrK) : std::nullopt;
        QList<double> keptRuns;
        for (size_t i = begin; i < end; ++i) {
            const int k = order[i];
            const double r = runs[qsizetype(i - begin)];
            if (filter &&
                !(runFence->contains(r) && setupFence->contains(setups[qsizetype(i - begin)]))) {
                ++m.operationsOutliers;
                continue;
            }
            kept[size_t(k)] = 1;
            keptRuns << r;
        }
        GroupFlag flag{sampled[item], opProcSeq[first], jobs.code(screened.job[first]),
                       int(keptRuns.size()), {}};
        const auto sd = stats::sampleStdDev(keptRuns);
        const auto mean = stats::mean(keptRuns);
        if (sd && mean && *mean > 0.0) {
            flag.cv = *sd / *mean;
            groupCvs << *flag.cv;
            if (*flag.cv > in.highCvLevel)
                out.highCvGroups << flag;
        }
        if (flag.operations < in.sampleCountMin)
            out.lowSampleGroups << flag;
        sumGroupCounts += double(keptRuns.size());
        ++m.groups;
        begin = end;
    }
    m.groupsWithCv = int(groupCvs.size());
    m.cv = stats::mean(groupCvs);
    m.sampleCount = m.groups ? std::optional(sumGroupCounts / double(m.groups)) : std::nullopt;
    m.groupsLowSamples = int(out.lowSampleGroups.size());
    m.groupsHighCv = int(out.highCvGroups.size());
    std::stable_sort(out.highCvGroups.begin(), out.highCvGroups.end(),
                     [](const GroupFlag &a, const GroupFlag &b) { return *a.cv > *b.cv; });

    // 3. Errors of the kept operations, and the leave-one-out routing per item.
    aligning.join();
    if (aligningFailed)
        std::rethrow_exception(aligningFailed);
    ErrorAccumulator all;
    std::map<QString, ErrorAccumulator> byPartType;
    std::vector<ErrorAccumulator> byCentre(size_t(resources.size())); // by RES_CD id
    QList<double> absSetup, absRun;
    for (int item = 0; item < int(sampled.size()); ++item) {
        const QString &code = sampled[item];
        if (!itemHasUsable[size_t(item)]) {
            ++m.itemsWithoutActuals;
            continue;
        }
        ErrorAccumulator &partType = byPartType[in.partTypes.value(code)];
        const std::vector<int> &mine = opsOfItem[size_t(item)];

        if (const auto failure = failureOf(in.predictions, code)) {
            ++m.itemsFailed;
            out.failures.append({code, *failure, false});
        } else {
            ++m.itemsEvaluated;
            for (const int k : mine) {
                if (!kept[size_t(k)])
                    continue;
                ++m.operationsEvaluated;
                ErrorAccumulator &centre = byCentre[size_t(screened.res[size_t(k)])];
                all.addOperation(item);
                partType.addOperation(item);
                centre.addOperation(item);
                const PredictedStep *step = opStep[size_t(k)];
                if (!step)
                    continue;
                double predictedSetup = step->setupMinutes;
                double perUnit = step->runMinutesPerUnit;
                for (const TimesAtQty &at : step->atQty)
                    if (at.orderQty == opQty[size_t(k)]) {
                        predictedSetup = at.setupMinutes;
                        perUnit = at.runMinutesPerUnit;
                    }
                const double predictedRun = perUnit * opQty[size_t(k)];
                const double error =
                    (predictedSetup + predictedRun) - (screened.setup[size_t(k)] + opRun[size_t(k)]);
                all.addError(error);
                partType.addError(error);
                centre.addError(error);
                absSetup << std::abs(predictedSetup - screened.setup[size_t(k)]);
                absRun << std::abs(predictedRun - opRun[size_t(k)]);
            }
        }

        const ProcessMatchOfItem &match = processMatch[size_t(item)];
        if (match.failure) {
            ++m.itemsLooFailed;
            out.failures.append({code, *match.failure, true});
            continue;
        }
        ++m.itemsProcessEvaluated;
        m.stepsActual += match.actual;
        m.stepsAligned += match.aligned;
        m.stepsMatched += match.positional;
        m.stepsPredicted += match.predicted;
        m.jobOverlap += match.overlap;
        partType.steps += match.actual;
        partType.stepsAligned += match.aligned;
    }

    m.operationsMatched = all.matched;
    m.mae = all.mae();
    m.maeSetup = stats::mean(absSetup);
    m.maeRun = stats::mean(absRun);
    m.rmse = all.rmse();
    m.bias = all.bias();
    m.coverage = all.coverage();
    QList<double> sortedAbs = all.absErrors;
    std::sort(sortedAbs.begin(), sortedAbs.end());
    m.trimmedMae = stats::trimmedMeanSorted(sortedAbs, in.trimRatio);
    m.p90AbsError = stats::quantileSorted(sortedAbs, 0.90);
    if (m.stepsActual > 0) {
        m.processMatch = double(m.stepsAligned) / double(m.stepsActual);
        m.processMatchPositional = double(m.stepsMatched) / double(m.stepsActual);
        m.jobRecall = double(m.jobOverlap) / double(m.stepsActual);
    }
    if (m.stepsPredicted > 0) {
        m.processPrecision = double(m.stepsAligned) / double(m.stepsPredicted);
        m.jobPrecision = double(m.jobOverlap) / double(m.stepsPredicted);
    }

    out.byPartType = topSegments(byPartType, in.segmentTopN, true);
    std::map<QString, ErrorAccumulator> centres;
    for (size_t id = 0; id < byCentre.size(); ++id)
        if (byCentre[id].evaluated > 0)
            centres.emplace(resources.code(int(id)), std::move(byCentre[id]));
    out.byWorkCentre = topSegments(centres, in.segmentTopN, false);
    return out;
}

} // namespace routing::quality
