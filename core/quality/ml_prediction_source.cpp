#include "core/quality/ml_prediction_source.h"

#include "core/data/erp_database.h"
#include "core/data/erp_types.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <QFileInfo>
#include <QMap>

#include <algorithm>
#include <cmath>

namespace routing::quality {

MlPredictionSource::MlPredictionSource(std::shared_ptr<ml::Predictor> predictor,
                                       const DatabaseConfig &erp)
    : m_predictor(std::move(predictor)),
      m_erp(std::make_unique<ErpDatabase>(erp, QStringLiteral("quality-ml")))
{
}

MlPredictionSource::~MlPredictionSource() = default;

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
    if (!m_lastRequests || m_lastItems != items) {
        auto requests = ml::Predictor::requestsFromErp(*m_erp, items);
        if (!requests)
            return std::unexpected(requests.error());
        m_lastItems = items;
        m_lastRequests = std::make_unique<QList<ml::PredictRequest>>(std::move(*requests));
    }
    ml::PredictOptions options;
    options.hideOwnRouting = hideOwnRouting;
    const QList<ml::PredictRequest> &requests = *m_lastRequests;
    const QList<ml::ItemPrediction> predictions = predictSpread(requests, options);
    QList<ItemPrediction> out;
    out.reserve(predictions.size());
    QHash<QString, qsizetype> index;
    for (const ml::ItemPrediction &p : predictions) {
        ItemPrediction q;
        q.itemCode = p.item;
        q.error = p.error;
        q.source = ml::routingSourceName(p.source);
        q.confidence = p.confidence;
        q.steps.reserve(p.steps.size());
        for (const ml::PredictedStep &s : p.steps)
            q.steps.append({s.procSeq, s.jobCd, s.resCd, s.setupMinutes, s.runMinutesPerUnit,
                            s.standardSetup, s.standardRun, {}});
        index.insert(p.item, out.size());
        out << std::move(q);
    }
    if (hideOwnRouting || m_lotSizes.isEmpty())
        return out;

    // The same items at the lot sizes they ran: one call per distinct lot size, with the items
    // that ran it (most items run one or two sizes in a window).
    QMap<double, QList<ml::PredictRequest>> byQty;
    for (const ml::PredictRequest &r : requests)
        for (const double qty : m_lotSizes.value(normalizeItemCode(r.code)))
            byQty[qty] << r;
    for (auto it = byQty.cbegin(); it != byQty.cend(); ++it) {
        ml::PredictOptions atQty = options;
        atQty.orderQty = it.key();
        for (const ml::ItemPrediction &p : predictSpread(it.value(), atQty)) {
            const auto at = index.constFind(p.item);
            if (at == index.cend() || p.error)
                continue;
            QList<PredictedStep> &steps = out[*at].steps;
            for (const ml::PredictedStep &s : p.steps)
                for (PredictedStep &mine : steps)
                    if (mine.procSeq == s.procSeq && mine.jobCd == s.jobCd &&
                        std::isfinite(s.runMinutesPerUnit))
                        mine.runMinutesPerUnitAtQty.append({it.key(), s.runMinutesPerUnit});
        }
    }
    return out;
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
