#pragma once

#include "core/common/error.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace routing::quality {

/// Times of one step predicted for one lot size (ORDER_QTY).
struct TimesAtQty
{
    double orderQty = 0.0;
    double setupMinutes = 0.0;      ///< per order
    double runMinutesPerUnit = 0.0; ///< per unit
};

/// One predicted routing step with its times (minutes).
struct PredictedStep
{
    int procSeq = 0;
    QString jobCd;
    QString resCd;
    /// Times at the item's typical lot size, or at the first of the lot sizes given to
    /// PredictionSource::setLotSizes(). NaN when the call predicted the routing only.
    double setupMinutes = 0.0;      ///< per order
    double runMinutesPerUnit = 0.0; ///< per unit
    /// The planner's standard times of the item's own routing step (SETUP_TIME, RUN_TIME), when
    /// the source knows them. Not a prediction: the metrics use them only to screen gross
    /// data-entry errors in the actuals (docs/metrics.md).
    std::optional<double> standardSetupMinutes;
    std::optional<double> standardRunMinutesPerUnit;
    /// Times at given lot sizes, for sources that know that the times depend on the lot (batch
    /// processes, learning curves): the metrics use the entry of an operation's own ORDER_QTY,
    /// else setupMinutes and runMinutesPerUnit.
    QList<TimesAtQty> atQty;
};

/// What the live model says about one item. `error` set: the item could not be predicted
/// (its steps are then ignored and the item counts as failed).
struct ItemPrediction
{
    QString itemCode;
    QString source; ///< "routing" | "similar_items" | … as the model names it
    double confidence = 0.0;
    QList<PredictedStep> steps;
    std::optional<Error> error;
};

/// What the quality evaluator needs from the ML engine, and nothing more: the evaluator stays
/// independent of the predictor's API (an adapter over the ML Predictor implements this).
///
/// Implementations are called from the evaluation worker's thread and from one short-lived thread
/// of the cycle (prefetch()), one call at a time; an implementation shared with other threads must
/// guard its model itself.
class PredictionSource
{
public:
    virtual ~PredictionSource();

    /// One ItemPrediction per requested code (order free; a missing code counts as failed).
    /// `hideOwnRouting`: predict as if the item were new (leave-one-out), never returning the
    /// item's own routing; only its steps are used (process match), so a source may leave the
    /// times NaN there. An Error means the whole call failed (model missing, timeout).
    virtual Result<QList<ItemPrediction>> predict(const QStringList &items,
                                                  bool hideOwnRouting) = 0;

    /// The lot sizes (ORDER_QTY) of each item's operations in the evaluation window, given
    /// before predict(): a source may then predict the times at each of them
    /// (PredictedStep::atQty). An empty list: the item's operations state none. Ignoring them
    /// is allowed.
    virtual void setLotSizes(const QHash<QString, QList<double>> &lotSizes) { Q_UNUSED(lotSizes) }

    /// Reads what predict() will need for these items ahead of time. The cycle calls it, and
    /// then the leave-one-out predict() calls, from a second thread while its own thread reads the
    /// actuals, so the ERP reads overlap; calls into the source are never concurrent. An Error
    /// fails the cycle like predict()'s would. Ignoring it is allowed.
    virtual Status prefetch(const QStringList &items)
    {
        Q_UNUSED(items)
        return {};
    }

    /// Drops what prefetch(), predict() and setLotSizes() kept for this cycle; the cycle calls it
    /// once, when it is done with the source, whatever the outcome (after its last predict(), from
    /// a second thread while it computes the metrics).
    virtual void release() {}

    /// Identifies the evaluated model in reports ("" when unknown).
    virtual QString modelVersion() const { return {}; }
};

} // namespace routing::quality
