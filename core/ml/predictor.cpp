#include "core/ml/predictor.h"

#include "core/data/erp_database.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/ml/routing_model.h"

#include <QMutexLocker>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <functional>
#include <thread>

namespace routing::ml {

namespace {

constexpr int kTopContributions = 5;

/// The rows of one item inside the batch.
struct Pending
{
    int request = -1;
    ItemPrediction prediction;
    QString key;
    int firstRow = 0;
};

QList<Contribution> topContributions(const FeatureTransform &transform, const float *shap,
                                     const float *row, int dimension)
{
    std::vector<int> order(static_cast<size_t>(dimension));
    for (int i = 0; i < dimension; ++i)
        order[size_t(i)] = i;
    const int keep = std::min(kTopContributions, dimension);
    std::partial_sort(order.begin(), order.begin() + keep, order.end(),
                      [shap](int a, int b) { return std::abs(shap[a]) > std::abs(shap[b]); });
    QList<Contribution> out;
    for (int k = 0; k < keep; ++k) {
        const int f = order[size_t(k)];
        if (shap[f] == 0.0f)
            break;
        out.append({transform.featureNames().value(f), transform.describe(f, row[f]), double(shap[f])});
    }
    return out;
}

/// FNV-1a over UTF-16 code units, from a given basis (two bases give two independent hashes).
quint64 fnv(QStringView text, quint64 h)
{
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h;
}

quint64 fnvBytes(const void *data, size_t size, quint64 h)
{
    const auto *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < size; ++i) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/// A hash of everything a prediction depends on in the request. The item's values are combined
/// order-independently (a QHash has no stable order) by summing per-entry hashes.
quint64 hashRequest(const PredictRequest &request, quint64 basis)
{
    quint64 h = fnv(request.code, basis);
    if (request.item) {
        quint64 sum = 0;
        for (auto it = request.item->text.cbegin(); it != request.item->text.cend(); ++it)
            sum += fnv(*it, fnv(it.key(), basis) ^ 0x1f);
        for (auto it = request.item->numbers.cbegin(); it != request.item->numbers.cend(); ++it) {
            const double v = *it;
            sum += fnvBytes(&v, sizeof v, fnv(it.key(), basis) ^ 0x2f);
        }
        h = fnvBytes(&sum, sizeof sum, h);
    }
    if (request.orderQty) {
        const double qty = *request.orderQty;
        h = fnvBytes(&qty, sizeof qty, h ^ 0x4f);
    }
    if (request.routing) {
        h = fnv(request.routing->routNo, h ^ 0x3f);
        for (const RoutingStep &s : request.routing->steps) {
            const double times[2] = {s.setupMinutes.value_or(-1), s.runMinutesPerUnit.value_or(-1)};
            h = fnvBytes(&s.procSeq, sizeof s.procSeq, h);
            h = fnv(s.insideFlag, fnv(s.resCd, fnv(s.jobCd, h) ^ 1) ^ 2);
            h = fnvBytes(times, sizeof times, h);
        }
    }
    return h;
}

ItemPrediction failed(const QString &code, ErrorCode errorCode, const QString &message)
{
    ItemPrediction p;
    p.item = code;
    p.error = Error{errorCode, message};
    return p;
}

} // namespace

Predictor::Predictor(std::shared_ptr<const RoutingModel> model, int cacheEntries, int cacheTtlSeconds)
    : m_model(std::move(model)), m_cache(cacheEntries, cacheTtlSeconds)
{
}

Predictor::~Predictor() = default;

void Predictor::setModel(std::shared_ptr<const RoutingModel> model)
{
    {
        QMutexLocker lock(&m_mutex);
        m_model = std::move(model);
    }
    m_cache.clear();
}

std::shared_ptr<const RoutingModel> Predictor::model() const
{
    QMutexLocker lock(&m_mutex);
    return m_model;
}

QString Predictor::cacheKey(const PredictRequest &request, const PredictOptions &options,
                            const RoutingModel &model) const
{
    const QString context = QStringLiteral("%1|%2|%3%4%8|%5|%6|%7")
                                .arg(model.modelId())
                                .arg(quintptr(&model), 0, 16)
                                .arg(int(options.hideOwnRouting))
                                .arg(int(options.withContributions))
                                .arg(options.orderQty.value_or(-1), 0, 'g', 17)
                                .arg(options.candidate ? int(*options.candidate) : -1)
                                .arg(options.neighbours)
                                .arg(int(options.exactContributions) + 2 * int(options.routingOnly));
    // Two independent 64-bit hashes of the request: a wrong hit would need both to collide.
    return context + QLatin1Char('|') + QString::number(hashRequest(request, 1469598103934665603ULL), 16)
           + QString::number(hashRequest(request, 0x84222325cbf29ce4ULL), 16);
}

ItemPrediction Predictor::predictOne(const PredictRequest &request, const PredictOptions &options)
{
    return predict({request}, options).value(0);
}

namespace {

/// The feature rows of a range of requests, ready for one model call.
struct PreparedRows
{
    std::vector<Pending> pending;
    std::vector<float> features;
    std::vector<int> groups;
    std::vector<int> resources;
    std::vector<double> offsets[kTargetCount];
};

struct PrepareContext
{
    const QList<PredictRequest> &requests;
    const PredictOptions &options;
    const RoutingModel &model;
    CandidateKind candidate;
    PredictionCache *cache; ///< null: no cache
    ItemPrediction *results;
    std::function<QString(const PredictRequest &)> key;
};

void addStep(PredictedStep &&step, Pending &p)
{
    p.prediction.steps.append(std::move(step));
}

/// Resolves the routing of each request in [begin, end) (own or from similar items), encodes its
/// steps, and writes cache hits and errors straight into the results.
void prepare(const PrepareContext &c, qsizetype begin, qsizetype end, PreparedRows &out)
{
    const FeatureTransform &transform = c.model.transform();
    const int dim = transform.dimension();
    const int itemDim = transform.itemDimension();
    std::vector<float> itemRow(static_cast<size_t>(itemDim));
    for (qsizetype i = begin; i < end; ++i) {
        const PredictRequest &request = c.requests[i];
        const QString code = normalizeItemCode(request.code);
        const QString key = c.cache ? c.key(request) : QString();
        if (c.cache) {
            if (auto cached = c.cache->find(key)) {
                c.results[i] = std::move(*cached);
                continue;
            }
        }
        if (!c.model.hasCandidate(c.candidate)) {
            c.results[i] = failed(code, ErrorCode::ModelNotFound,
                                  QStringLiteral("the model has no %1 candidate").arg(candidateName(c.candidate)));
            continue;
        }
        if (!request.item) {
            c.results[i] = failed(code, ErrorCode::InvalidData,
                                  QStringLiteral("unknown item %1: not in the item master").arg(code));
            continue;
        }
        const Item &item = *request.item;
        Pending p;
        p.request = int(i);
        p.key = key;
        p.prediction.item = code;
        p.prediction.candidate = candidateName(c.candidate);
        p.prediction.modelId = c.model.modelId();
        std::optional<double> neighbourQty;
        if (request.routing && !request.routing->steps.isEmpty() && !c.options.hideOwnRouting) {
            p.prediction.source = RoutingSource::Routing;
            p.prediction.confidence = 1.0;
            p.prediction.steps.reserve(request.routing->steps.size());
            for (const RoutingStep &s : request.routing->steps)
                addStep({s.procSeq, s.jobCd, s.jobNm, s.resCd, s.resDis, s.insideFlag, 0, 0,
                         s.setupMinutes, s.runMinutesPerUnit, 1.0, {}, {}},
                        p);
        } else {
            auto synthesized = c.model.synthesize(item, c.options.hideOwnRouting ? code : QString(),
                                                  c.options.neighbours);
            if (!synthesized) {
                c.results[i] = failed(code, synthesized.error().code, synthesized.error().message);
                continue;
            }
            if (synthesized->routing.steps.isEmpty()) {
                c.results[i] = failed(code, ErrorCode::InvalidData,
                                      QStringLiteral("no similar item with a routing was found for %1").arg(code));
                continue;
            }
            p.prediction.source = RoutingSource::SimilarItems;
            p.prediction.confidence = synthesized->routing.confidence;
            std::vector<std::pair<double, double>> qtys;
            for (size_t n = 0; n < synthesized->neighbours.size(); ++n) {
                const QString &neighbour = synthesized->neighbourCodes.at(qsizetype(n));
                p.prediction.neighbours.append({neighbour, synthesized->neighbours[n].similarity});
                if (const auto q = c.model.parts().itemStats.typicalQty(neighbour))
                    qtys.push_back({*q, synthesized->neighbours[n].similarity});
            }
            if (!qtys.empty()) {
                std::sort(qtys.begin(), qtys.end());
                neighbourQty = qtys[qtys.size() / 2].first;
            }
            for (const SynthesizedStep &s : synthesized->routing.steps)
                addStep({s.procSeq, s.jobCd, s.jobNm, s.resCd, s.resDis, s.insideFlag, 0, 0,
                         s.standardSetup, s.standardRun, s.support, {}, {}},
                        p);
        }
        double qty = 0;
        if (request.orderQty && *request.orderQty > 0)
            qty = *request.orderQty;
        else if (c.options.orderQty && *c.options.orderQty > 0)
            qty = *c.options.orderQty;
        else if (const auto own = c.model.parts().itemStats.typicalQty(code); own && !c.options.hideOwnRouting)
            qty = *own;
        else
            qty = neighbourQty.value_or(c.model.parts().itemStats.globalQty());
        p.prediction.orderQty = qty;
        if (c.options.routingOnly) { // no model call: nothing to encode
            out.pending.push_back(std::move(p));
            continue;
        }

        transform.encodeItem(item, itemRow.data());
        const int group = transform.groupCode(item);
        p.firstRow = int(out.groups.size());
        for (const PredictedStep &step : std::as_const(p.prediction.steps)) {
            StepFeatures f;
            f.jobCd = step.jobCd;
            f.resCd = step.resCd;
            f.procSeq = step.procSeq;
            f.insideFlag = step.insideFlag;
            f.standardSetup = step.standardSetup;
            f.standardRun = step.standardRun;
            f.orderQty = qty;
            const size_t at = out.features.size();
            out.features.resize(at + size_t(dim));
            std::copy(itemRow.begin(), itemRow.end(), out.features.begin() + qsizetype(at));
            float *stepRow = out.features.data() + at + size_t(itemDim);
            transform.encodeStep(f, stepRow);
            out.groups.push_back(group);
            const float res = stepRow[FeatureTransform::Res];
            out.resources.push_back(std::isnan(res) ? -1 : int(res)); // == transform.resourceCode()
            // The encoded log1p(standard) is the offset (FeatureTransform::offset), NaN meaning 0.
            const float logSetup = stepRow[FeatureTransform::LogStandardSetup];
            const float logRun = stepRow[FeatureTransform::LogStandardRun];
            out.offsets[0].push_back(std::isnan(logSetup) ? 0.0 : double(logSetup));
            out.offsets[1].push_back(std::isnan(logRun) ? 0.0 : double(logRun));
        }
        out.pending.push_back(std::move(p));
    }
}

} // namespace

QList<ItemPrediction> Predictor::predict(const QList<PredictRequest> &requests, const PredictOptions &options)
{
    QList<ItemPrediction> results(requests.size());
    const std::shared_ptr<const RoutingModel> model = this->model();
    if (!model) {
        for (qsizetype i = 0; i < requests.size(); ++i)
            results[i] = failed(normalizeItemCode(requests[i].code), ErrorCode::ModelNotFound,
                                QStringLiteral("no model is loaded"));
        return results;
    }
    const CandidateKind candidate = options.candidate.value_or(model->selected());
    const FeatureTransform &transform = model->transform();
    const int dim = transform.dimension();
    const PrepareContext context{requests, options, *model, candidate,
                                 m_cache.isEnabled() && options.useCache ? &m_cache : nullptr,
                                 results.data(),
                                 [&](const PredictRequest &r) { return cacheKey(r, options, *model); }};

    // Large batches are prepared in parallel (routing synthesis and encoding are ~half of the
    // work); the model then sees all rows in one call, which XGBoost parallelises itself.
    constexpr qsizetype kItemsPerThread = 1000;
    const int threads = int(std::clamp<qsizetype>(requests.size() / kItemsPerThread, 1,
                                                 std::max(1, QThread::idealThreadCount())));
    std::vector<PreparedRows> chunks(static_cast<size_t>(threads));
    if (threads == 1) {
        prepare(context, 0, requests.size(), chunks[0]);
    } else {
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] {
                prepare(context, requests.size() * t / threads, requests.size() * (t + 1) / threads,
                        chunks[size_t(t)]);
            });
        for (std::thread &w : workers)
            w.join();
        for (int t = 1; t < threads; ++t) {
            PreparedRows &c = chunks[size_t(t)];
            const int shift = int(chunks[0].groups.size());
            for (Pending &p : c.pending) {
                p.firstRow += shift;
                chunks[0].pending.push_back(std::move(p));
            }
            chunks[0].features.insert(chunks[0].features.end(), c.features.begin(), c.features.end());
            chunks[0].groups.insert(chunks[0].groups.end(), c.groups.begin(), c.groups.end());
            chunks[0].resources.insert(chunks[0].resources.end(), c.resources.begin(), c.resources.end());
            for (int k = 0; k < kTargetCount; ++k)
                chunks[0].offsets[k].insert(chunks[0].offsets[k].end(), c.offsets[k].begin(), c.offsets[k].end());
            c = PreparedRows{};
        }
    }
    PreparedRows &rows = chunks[0];
    if (rows.pending.empty())
        return results;
    if (options.routingOnly) {
        for (Pending &p : rows.pending) {
            for (PredictedStep &step : p.prediction.steps)
                step.setupMinutes = step.runMinutesPerUnit = std::nan("");
            if (context.cache)
                m_cache.insert(p.key, p.prediction);
            results[p.request] = std::move(p.prediction);
        }
        return results;
    }

    const FeatureBatch batch{rows.features.data(), int(rows.groups.size()), dim, rows.groups.data()};
    Error error{ErrorCode::Ok, {}};
    const TargetPredictions labels = model->predictLabels(batch, rows.resources.data(), candidate, &error);
    std::optional<std::array<std::vector<float>, kTargetCount>> shap;
    if (options.withContributions && error.code == ErrorCode::Ok && model->parts().xgboost.isValid()) {
        auto c = model->parts().xgboost.contributions(batch, options.exactContributions);
        if (c)
            shap = std::move(*c);
    }
    for (Pending &p : rows.pending) {
        if (error.code != ErrorCode::Ok) {
            results[p.request] = failed(p.prediction.item, error.code, error.message);
            continue;
        }
        for (qsizetype s = 0; s < p.prediction.steps.size(); ++s) {
            const size_t row = size_t(p.firstRow + s);
            PredictedStep &step = p.prediction.steps[s];
            step.setupMinutes = RoutingModel::minutes(labels[0][row], rows.offsets[0][row]);
            step.runMinutesPerUnit = RoutingModel::minutes(labels[1][row], rows.offsets[1][row]);
            if (shap) {
                const size_t width = size_t(dim) + 1;
                const float *features = batch.row(int(row));
                step.setupContributions = topContributions(transform, (*shap)[0].data() + row * width, features, dim);
                step.runContributions = topContributions(transform, (*shap)[1].data() + row * width, features, dim);
            }
        }
        if (shap)
            p.prediction.contributionsModel = options.exactContributions ? QStringLiteral("xgboost:treeshap")
                                                                         : QStringLiteral("xgboost:saabas");
        if (context.cache)
            m_cache.insert(p.key, p.prediction);
        results[p.request] = std::move(p.prediction);
    }
    return results;
}

Result<QList<PredictRequest>> Predictor::requestsFromErp(ErpDatabase &db, const QStringList &codes,
                                                         bool withNames)
{
    const QStringList normalized = normalizeItemCodes(codes);
    const auto items = ItemRepository(db).items(normalized);
    if (!items)
        return std::unexpected(items.error());
    const auto routings = RoutingRepository(db).currentRoutings(
        normalized, withNames ? RoutingRepository::Detail::Full : RoutingRepository::Detail::Measures);
    if (!routings)
        return std::unexpected(routings.error());
    QList<PredictRequest> requests;
    requests.reserve(normalized.size());
    for (const QString &code : normalized) {
        PredictRequest r;
        r.code = code;
        if (const auto it = items->constFind(code); it != items->cend())
            r.item = *it;
        if (const auto it = routings->constFind(code); it != routings->cend())
            r.routing = *it;
        requests.append(r);
    }
    return requests;
}

} // namespace routing::ml
