#include "core/ml/predictor.h"

#include "core/data/erp_database.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/ml/routing_model.h"

#include <QMutexLocker>

#include <algorithm>
#include <cmath>

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
                                .arg(int(options.exactContributions));
    // Two independent 64-bit hashes of the request: a wrong hit would need both to collide.
    return context + QLatin1Char('|') + QString::number(hashRequest(request, 1469598103934665603ULL), 16)
           + QString::number(hashRequest(request, 0x84222325cbf29ce4ULL), 16);
}

ItemPrediction Predictor::predictOne(const PredictRequest &request, const PredictOptions &options)
{
    return predict({request}, options).value(0);
}

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
    const int itemDim = transform.itemDimension();

    const bool useCache = m_cache.isEnabled();
    std::vector<Pending> pending;
    std::vector<float> features;
    std::vector<int> groups, resources;
    std::vector<double> offsets[kTargetCount];
    std::vector<float> itemRow(static_cast<size_t>(itemDim));
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const PredictRequest &request = requests[i];
        const QString code = normalizeItemCode(request.code);
        const QString key = useCache ? cacheKey(request, options, *model) : QString();
        if (useCache) {
            if (auto cached = m_cache.find(key)) {
                results[i] = *cached;
                continue;
            }
        }
        if (!model->hasCandidate(candidate)) {
            results[i] = failed(code, ErrorCode::ModelNotFound,
                                QStringLiteral("the model has no %1 candidate").arg(candidateName(candidate)));
            continue;
        }
        if (!request.item) {
            results[i] = failed(code, ErrorCode::InvalidData,
                                QStringLiteral("unknown item %1: not in the item master").arg(code));
            continue;
        }
        const Item &item = *request.item;
        Pending p;
        p.request = int(i);
        p.key = key;
        p.prediction.item = code;
        p.prediction.candidate = candidateName(candidate);
        p.prediction.modelId = model->modelId();
        std::optional<double> neighbourQty;
        if (request.routing && !request.routing->steps.isEmpty() && !options.hideOwnRouting) {
            p.prediction.source = RoutingSource::Routing;
            p.prediction.confidence = 1.0;
            for (const RoutingStep &s : request.routing->steps) {
                PredictedStep step;
                step.procSeq = s.procSeq;
                step.jobCd = s.jobCd;
                step.jobNm = s.jobNm;
                step.resCd = s.resCd;
                step.resDis = s.resDis;
                step.insideFlag = s.insideFlag;
                step.standardSetup = s.setupMinutes;
                step.standardRun = s.runMinutesPerUnit;
                p.prediction.steps.append(step);
            }
        } else {
            auto synthesized = model->synthesize(item, options.hideOwnRouting ? code : QString(), options.neighbours);
            if (!synthesized) {
                results[i] = failed(code, synthesized.error().code, synthesized.error().message);
                continue;
            }
            if (synthesized->routing.steps.isEmpty()) {
                results[i] = failed(code, ErrorCode::InvalidData,
                                    QStringLiteral("no similar item with a routing was found for %1").arg(code));
                continue;
            }
            p.prediction.source = RoutingSource::SimilarItems;
            p.prediction.confidence = synthesized->routing.confidence;
            std::vector<std::pair<double, double>> qtys;
            for (size_t n = 0; n < synthesized->neighbours.size(); ++n) {
                const QString &neighbour = synthesized->neighbourCodes.at(qsizetype(n));
                p.prediction.neighbours.append({neighbour, synthesized->neighbours[n].similarity});
                if (const auto q = model->parts().itemStats.typicalQty(neighbour))
                    qtys.push_back({*q, synthesized->neighbours[n].similarity});
            }
            if (!qtys.empty()) {
                std::sort(qtys.begin(), qtys.end());
                neighbourQty = qtys[qtys.size() / 2].first;
            }
            for (const SynthesizedStep &s : synthesized->routing.steps) {
                PredictedStep step;
                step.procSeq = s.procSeq;
                step.jobCd = s.jobCd;
                step.jobNm = s.jobNm;
                step.resCd = s.resCd;
                step.resDis = s.resDis;
                step.insideFlag = s.insideFlag;
                step.standardSetup = s.standardSetup;
                step.standardRun = s.standardRun;
                step.support = s.support;
                p.prediction.steps.append(step);
            }
        }
        double qty = 0;
        if (options.orderQty && *options.orderQty > 0)
            qty = *options.orderQty;
        else if (const auto own = model->parts().itemStats.typicalQty(code); own && !options.hideOwnRouting)
            qty = *own;
        else
            qty = neighbourQty.value_or(model->parts().itemStats.globalQty());
        p.prediction.orderQty = qty;

        transform.encodeItem(item, itemRow.data());
        const int group = transform.groupCode(item);
        p.firstRow = int(groups.size());
        for (const PredictedStep &step : std::as_const(p.prediction.steps)) {
            StepFeatures f;
            f.jobCd = step.jobCd;
            f.resCd = step.resCd;
            f.procSeq = step.procSeq;
            f.insideFlag = step.insideFlag;
            f.standardSetup = step.standardSetup;
            f.standardRun = step.standardRun;
            f.orderQty = qty;
            const size_t at = features.size();
            features.resize(at + size_t(dim));
            std::copy(itemRow.begin(), itemRow.end(), features.begin() + qsizetype(at));
            transform.encodeStep(f, features.data() + at + size_t(itemDim));
            groups.push_back(group);
            resources.push_back(transform.resourceCode(step.resCd));
            offsets[0].push_back(FeatureTransform::offset(step.standardSetup));
            offsets[1].push_back(FeatureTransform::offset(step.standardRun));
        }
        pending.push_back(std::move(p));
    }
    if (pending.empty())
        return results;

    const FeatureBatch batch{features.data(), int(groups.size()), dim, groups.data()};
    Error error{ErrorCode::Ok, {}};
    const TargetPredictions labels = model->predictLabels(batch, resources.data(), candidate, &error);
    std::optional<std::array<std::vector<float>, kTargetCount>> shap;
    if (options.withContributions && error.code == ErrorCode::Ok && model->parts().xgboost.isValid()) {
        auto c = model->parts().xgboost.contributions(batch, options.exactContributions);
        if (c)
            shap = std::move(*c);
    }
    for (Pending &p : pending) {
        if (error.code != ErrorCode::Ok) {
            results[p.request] = failed(p.prediction.item, error.code, error.message);
            continue;
        }
        for (qsizetype s = 0; s < p.prediction.steps.size(); ++s) {
            const size_t row = size_t(p.firstRow + s);
            PredictedStep &step = p.prediction.steps[s];
            step.setupMinutes = RoutingModel::minutes(labels[0][row], offsets[0][row]);
            step.runMinutesPerUnit = RoutingModel::minutes(labels[1][row], offsets[1][row]);
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
        if (useCache)
            m_cache.insert(p.key, p.prediction);
        results[p.request] = std::move(p.prediction);
    }
    return results;
}

Result<QList<PredictRequest>> Predictor::requestsFromErp(ErpDatabase &db, const QStringList &codes)
{
    const QStringList normalized = normalizeItemCodes(codes);
    const auto items = ItemRepository(db).items(normalized);
    if (!items)
        return std::unexpected(items.error());
    const auto routings = RoutingRepository(db).currentRoutings(normalized);
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
