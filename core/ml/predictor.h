#pragma once

#include "core/data/erp_types.h"
#include "core/ml/item_prediction.h"
#include "core/ml/ml_types.h"
#include "core/ml/prediction_cache.h"

#include <QList>
#include <QMutex>
#include <QStringList>

#include <memory>
#include <optional>

namespace routing {
class ErpDatabase;
}

namespace routing::ml {

class RoutingModel;

/// What the predictor is asked about one item: its master row and current routing as read from
/// the ERP (absent when the ERP has none).
struct PredictRequest
{
    QString code;
    std::optional<Item> item;
    std::optional<Routing> routing;
    /// The lot size for this item's run times; overrides PredictOptions::orderQty.
    std::optional<double> orderQty;
};

struct PredictOptions
{
    /// Treat the item as new: ignore its own routing and never use it as its own neighbour
    /// (leave-one-out evaluation, "what would we have predicted").
    bool hideOwnRouting = false;
    /// Add the top-5 XGBoost contributions per step and target.
    bool withContributions = false;
    /// The lot size for the run times; empty: the item's typical order quantity.
    std::optional<double> orderQty;
    /// Another candidate than the model's selected one (comparisons, benchmarks).
    std::optional<CandidateKind> candidate;
    int neighbours = 0; ///< 0: the model's setting
    /// Exact TreeSHAP contributions instead of Saabas' approximation (see XgboostModel::contributions).
    bool exactContributions = false;
    /// The routing only (own or synthesised), no times: no model call at all. Step times are NaN
    /// (null in JSON). For process-match checks, which need the steps, not the minutes.
    bool routingOnly = false;
    /// Look results up in and add them to the cache. Bulk evaluations turn it off: their items
    /// are asked once, and thousands of entries would evict what interactive callers reuse.
    bool useCache = true;
};

/// The prediction service: routing and step times for items, in batches.
///
/// An item with a current routing gets that routing with predicted times (source "routing",
/// confidence 1); an item without one gets a routing synthesised from similar items (source
/// "similar_items") with its neighbours. Unknown items and items that cannot be predicted get an
/// error object, never an exception. Results are cached (size-limited LRU with TTL) under a key of
/// the model, the request's content and the options; setModel() clears the cache. Safe to call from
/// several threads.
class Predictor final
{
public:
    explicit Predictor(std::shared_ptr<const RoutingModel> model = {}, int cacheEntries = 1000,
                       int cacheTtlSeconds = 0);
    ~Predictor();
    Q_DISABLE_COPY_MOVE(Predictor)

    /// Replaces the model (hot swap); the cache is invalidated.
    void setModel(std::shared_ptr<const RoutingModel> model);
    std::shared_ptr<const RoutingModel> model() const;

    /// One result per request, in request order.
    QList<ItemPrediction> predict(const QList<PredictRequest> &requests, const PredictOptions &options = {});
    ItemPrediction predictOne(const PredictRequest &request, const PredictOptions &options = {});

    /// Reads the items' master rows and current routings (in the calling thread's connection).
    /// Without `withNames` the routings' JOB_NM and RES_DIS stay empty (a read for evaluation,
    /// not for display).
    static Result<QList<PredictRequest>> requestsFromErp(ErpDatabase &db, const QStringList &codes,
                                                         bool withNames = true);

    const PredictionCache &cache() const { return m_cache; }

private:
    QString cacheKey(const PredictRequest &request, const PredictOptions &options,
                     const RoutingModel &model) const;

    mutable QMutex m_mutex;
    std::shared_ptr<const RoutingModel> m_model;
    PredictionCache m_cache;
};

} // namespace routing::ml
