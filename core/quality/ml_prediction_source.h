#pragma once

#include "core/config/app_config.h"
#include "core/data/erp_types.h"
#include "core/quality/prediction_source.h"

#include <QMutex>

#include <memory>
#include <thread>

namespace routing {
class ErpDatabase;
}

namespace routing::ml {
class Predictor;
struct PredictRequest;
struct PredictOptions;
struct ItemPrediction;
} // namespace routing::ml

namespace routing::quality {

/// PredictionSource over the ML engine's Predictor: reads the items' rows and current routings
/// from the ERP (prefetch(), or each batch's on its first call; the calling thread's connection of
/// its own ErpDatabase) and asks the predictor, with the item's own routing hidden for the leave-one-out call. Thread-safe (one
/// call at a time); the Predictor itself may be shared with the rest of the console.
///
/// Each call is spread over QThread::idealThreadCount() lanes of the global thread pool, and
/// bypasses the predictor's cache (a cycle asks each item once). Times are predicted at the item's
/// typical lot or, with setLotSizes(), at each lot size the item ran in the window, in one model
/// call (the times of a batch process depend on the lot); the metrics use the ones of each
/// operation. The leave-one-out call predicts the routing only (no model call): the process match
/// needs the steps, not the minutes.
class MlPredictionSource final : public PredictionSource
{
public:
    MlPredictionSource(std::shared_ptr<ml::Predictor> predictor, const DatabaseConfig &erp);
    ~MlPredictionSource() override;
    Q_DISABLE_COPY_MOVE(MlPredictionSource)

    Result<QList<ItemPrediction>> predict(const QStringList &items, bool hideOwnRouting) override;
    QString modelVersion() const override;
    void setLotSizes(const QHash<QString, QList<double>> &lotSizes) override;
    /// Reads the items' master rows in the calling thread (whose connection is closed afterwards:
    /// the cycle calls this from a short-lived thread) and their current routings in a thread of
    /// its own, which may still be reading when this returns: the leave-one-out predict() needs
    /// no routing, the first own-routing predict() waits for them. A failed routing read fails
    /// that predict(), and later calls read those items again.
    Status prefetch(const QStringList &items) override;
    void release() override;

private:
    QList<ml::ItemPrediction> predictSpread(const QList<ml::PredictRequest> &requests,
                                            const ml::PredictOptions &options) const;
    /// Waits for the routing read prefetch() started and files its routings into m_requests.
    /// Called with m_mutex held.
    Status takeRoutings();

    std::shared_ptr<ml::Predictor> m_predictor;
    std::unique_ptr<ErpDatabase> m_erp;
    mutable QMutex m_mutex;
    /// Item rows and routings read by prefetch() or predict(), by normalised code, until
    /// release(): the own-routing and the leave-one-out call of a batch read the ERP once.
    QHash<QString, ml::PredictRequest> m_requests;
    QHash<QString, QList<double>> m_lotSizes;
    /// prefetch()'s routing read: its items, and what it read (valid once the thread is joined).
    std::jthread m_routingRead;
    QStringList m_routingCodes;
    Result<QHash<QString, Routing>> m_routingsRead;
};

} // namespace routing::quality
