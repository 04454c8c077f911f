#include "core/quality/ml_prediction_source.h"

#include "core/data/erp_database.h"
#include "core/data/erp_types.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace routing::quality {

MlPredictionSource::MlPredictionSource(std::shared_ptr<ml::Predictor> predictor,
                                       const DatabaseConfig &erp)
    : m_predictor(std::move(predictor)),
      m_erp(std::make_unique<ErpDatabase>(erp, QStringLiteral("quality-ml")))
{
}

MlPredictionSource::~MlPredictionSource()
{
    if (m_routingRead.joinable()) // it writes m_routingsRead, destroyed before it
        m_routingRead.join();
}

QString MlPredictionSource::modelVersion() const
{
    const auto model = m_predictor ? m_predictor->model() : nullptr;
    if (!model)
        return {};
    // A model loaded from the registry is named by its version (what operators see everywhere
    // else); a model loaded from anywhere else by the engine's content id.
    const QString dirName = QFileInfo(model->directory()).fileName();
    return dirName.startsWith(QLatin1String("version_")) ? dirName : model->modelId();
}

Result<QList<ItemPrediction>> MlPredictionSource::predict(const QStringList &items,
                                                          bool hideOwnRouting)
{
    QMutexLocker locker(&m_mutex);
    if (!m_predictor || !m_predictor->model())
        return fail(ErrorCode::ModelNotFound, QStringLiteral("no prediction model is loaded"));
    if (!hideOwnRouting)
        if (auto s = takeRoutings(); !s)
            return std::unexpected(s.error());
    const QStringList codes = normalizeItemCodes(items);
    QStringList missing;
    for (const QString &code : codes)
        if (!m_requests.contains(code))
            missing << code;
    if (!missing.isEmpty()) {
        auto read = ml::Predictor::requestsFromErp(*m_erp, missing, false); // no names shown
        if (!read)
            return std::unexpected(read.error());
        for (ml::PredictRequest &r : *read)
            m_requests.insert(r.code, std::move(r));
    }
    QList<ml::PredictRequest> requests;
    requests.reserve(codes.size());
    for (const QString &code : codes)
        requests << m_requests.value(code);
    ml::PredictOptions options;
    options.hideOwnRouting = hideOwnRouting;
    // The leave-one-out call is for the process match: the steps, not the minutes.
    options.routingOnly = hideOwnRouting;
    // A cycle asks each item once; thousands of entries would only evict the console's.
    options.useCache = false;

    // Own routing: one request per lot size the item ran in the window (the times per unit of a
    // batch process depend on the lot), or one at its typical lot when none is known; all in
    // one call, so the model sees every row at once.
    QList<ml::PredictRequest> expanded;
    if (hideOwnRouting || m_lotSizes.isEmpty()) {
        expanded = requests;
    } else {
        expanded.reserve(requests.size() * 3);
        for (const ml::PredictRequest &r : requests) {
            const QList<double> sizes = m_lotSizes.value(r.code); // codes are normalised
            if (sizes.isEmpty())
                expanded << r;
            for (const double qty : sizes) {
                expanded << r;
                expanded.last().orderQty = qty;
            }
        }
    }
    const QList<ml::ItemPrediction> predictions = predictSpread(expanded, options);

    QList<ItemPrediction> out;
    out.reserve(requests.size());
    QHash<QString, qsizetype> index;
    index.reserve(requests.size());
    for (qsizetype i = 0; i < predictions.size(); ++i) {
        const ml::ItemPrediction &p = predictions.at(i);
        const std::optional<double> qty = expanded.at(i).orderQty;
        const auto known = index.constFind(p.item);
        if (known == index.cend()) {
            ItemPrediction q;
            q.itemCode = p.item;
            q.error = p.error;
            q.source = ml::routingSourceName(p.source);
            q.confidence = p.confidence;
            q.steps.reserve(p.steps.size());
            for (const ml::PredictedStep &s : p.steps) {
                q.steps.append({s.procSeq, s.jobCd, s.resCd, s.setupMinutes, s.runMinutesPerUnit,
                                s.standardSetup, s.standardRun, {}});
                if (qty && !p.error && std::isfinite(s.setupMinutes) && std::isfinite(s.runMinutesPerUnit))
                    q.steps.last().atQty.append({*qty, s.setupMinutes, s.runMinutesPerUnit});
            }
            index.insert(p.item, out.size());
            out << std::move(q);
            continue;
        }
        // A further lot size of an item already seen: its steps are the same routing.
        ItemPrediction &q = out[*known];
        if (!qty || p.error || q.error)
            continue;
        for (const ml::PredictedStep &s : p.steps)
            for (PredictedStep &mine : q.steps)
                if (mine.procSeq == s.procSeq && mine.jobCd == s.jobCd &&
                    std::isfinite(s.setupMinutes) && std::isfinite(s.runMinutesPerUnit))
                    mine.atQty.append({*qty, s.setupMinutes, s.runMinutesPerUnit});
    }
    return out;
}

Status MlPredictionSource::prefetch(const QStringList &items)
{
    const QStringList codes = normalizeItemCodes(items);
    {
        QMutexLocker locker(&m_mutex);
        if (auto s = takeRoutings(); !s) // an earlier prefetch's, not taken
            return s;
        m_routingCodes = codes;
        m_routingRead = std::jthread([this, codes] {
            try {
                // No names: nothing shows them. The thread's own connection, closed when done.
                m_routingsRead = RoutingRepository(*m_erp).currentRoutings(
                    codes, RoutingRepository::Detail::Measures);
            } catch (const std::exception &e) {
                m_routingsRead = fail(ErrorCode::Internal,
                                      QStringLiteral("reading the routings failed: %1")
                                          .arg(QString::fromLocal8Bit(e.what())));
            }
            m_erp->closeThreadConnection();
        });
    }
    auto rows = ItemRepository(*m_erp).items(codes);
    m_erp->closeThreadConnection();
    if (!rows)
        return std::unexpected(rows.error());
    QMutexLocker locker(&m_mutex);
    m_requests.reserve(m_requests.size() + codes.size());
    for (const QString &code : codes) {
        ml::PredictRequest &r = m_requests[code];
        r.code = code;
        if (const auto it = rows->constFind(code); it != rows->cend())
            r.item = *it;
    }
    return {};
}

Status MlPredictionSource::takeRoutings()
{
    if (!m_routingRead.joinable())
        return {};
    m_routingRead.join();
    auto routings = std::exchange(m_routingsRead, QHash<QString, Routing>());
    const QStringList codes = std::exchange(m_routingCodes, {});
    if (!routings) {
        // Forget these items: a later predict() reads them again rather than predict without
        // their routings.
        for (const QString &code : codes)
            m_requests.remove(code);
        return std::unexpected(routings.error());
    }
    for (auto it = routings->cbegin(); it != routings->cend(); ++it)
        if (const auto request = m_requests.find(it.key()); request != m_requests.end())
            request->routing = it.value();
    return {};
}

void MlPredictionSource::release()
{
    QMutexLocker locker(&m_mutex);
    if (m_routingRead.joinable())
        m_routingRead.join();
    m_routingsRead = QHash<QString, Routing>();
    m_routingCodes.clear();
    m_requests.clear();
    m_requests.squeeze();
    m_lotSizes.clear();
}

void MlPredictionSource::setLotSizes(const QHash<QString, QList<double>> &lotSizes)
{
    QMutexLocker locker(&m_mutex);
    m_lotSizes = lotSizes;
}

QList<ml::ItemPrediction> MlPredictionSource::predictSpread(const QList<ml::PredictRequest> &requests,
                                                            const ml::PredictOptions &options) const
{
    // The Predictor is thread-safe and the similar-item search is pure computation: spread the
    // batch over the cores (the ERP read stays in the calling thread's connection).
    const qsizetype lanes = std::clamp<qsizetype>(QThread::idealThreadCount(), 1, 8);
    const qsizetype chunk = std::max<qsizetype>(64, (requests.size() + lanes - 1) / lanes);
    QList<QFuture<QList<ml::ItemPrediction>>> futures;
    for (qsizetype start = chunk; start < requests.size(); start += chunk)
        futures << QtConcurrent::run([this, &requests, start, chunk, options] {
            return m_predictor->predict(requests.mid(start, chunk), options);
        });
    QList<ml::ItemPrediction> predictions = m_predictor->predict(requests.mid(0, chunk), options);
    for (QFuture<QList<ml::ItemPrediction>> &f : futures)
        predictions += f.result();
    return predictions;
}

} // namespace routing::quality
