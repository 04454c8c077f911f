#include "core/quality/ml_prediction_source.h"

#include "core/data/erp_database.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

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
    return model ? model->modelId() : QString();
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
    // The Predictor is thread-safe and the similar-item search is pure computation: spread the
    // batch over the cores (the ERP read above stays in the calling thread's connection).
    const QList<ml::PredictRequest> &requests = *m_lastRequests;
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
    QList<ItemPrediction> out;
    out.reserve(predictions.size());
    for (const ml::ItemPrediction &p : predictions) {
        ItemPrediction q;
        q.itemCode = p.item;
        q.error = p.error;
        q.source = ml::routingSourceName(p.source);
        q.confidence = p.confidence;
        q.steps.reserve(p.steps.size());
        for (const ml::PredictedStep &s : p.steps)
            q.steps.append({s.procSeq, s.jobCd, s.resCd, s.setupMinutes, s.runMinutesPerUnit,
                            s.standardSetup, s.standardRun});
        out << std::move(q);
    }
    return out;
}

} // namespace routing::quality
