#pragma once

#include "core/common/error.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace routing::quality {

/// One predicted routing step with its times (minutes).
struct PredictedStep
{
    int procSeq = 0;
    QString jobCd;
    QString resCd;
    double setupMinutes = 0.0;      ///< per order
    double runMinutesPerUnit = 0.0; ///< per unit
    /// The planner's standard times of the item's own routing step (SETUP_TIME, RUN_TIME), when
    /// the source knows them. Not a prediction: the metrics use them only to screen gross
    /// data-entry errors in the actuals (docs/metrics.md).
    std::optional<double> standardSetupMinutes;
    std::optional<double> standardRunMinutesPerUnit;
    /// Run minutes per unit at given lot sizes (ORDER_QTY → minutes per unit), for sources that
    /// know that the time per unit depends on the lot (batch processes, learning curves); the
    /// metrics use the entry of an operation's own ORDER_QTY, else runMinutesPerUnit.
    QList<std::pair<double, double>> runMinutesPerUnitAtQty;
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
/// Implementations are called from the evaluation worker's thread; an implementation shared with
/// other threads must guard its model itself.
class PredictionSource
{
public:
    virtual ~PredictionSource();

    /// One ItemPrediction per requested code (order free; a missing code counts as failed).
    /// `hideOwnRouting`: predict as if the item were new (leave-one-out), never returning the
    /// item's own routing. An Error means the whole call failed (model missing, timeout).
    virtual Result<QList<ItemPrediction>> predict(const QStringList &items,
                                                  bool hideOwnRouting) = 0;

    /// The lot sizes (ORDER_QTY) of each item's operations in the evaluation window, given
    /// before predict(): a source may then predict the run time per unit at each of them
    /// (PredictedStep::runMinutesPerUnitAtQty). Ignoring them is allowed.
    virtual void setLotSizes(const QHash<QString, QList<double>> &lotSizes) { Q_UNUSED(lotSizes) }

    /// Identifies the evaluated model in reports ("" when unknown).
    virtual QString modelVersion() const { return {}; }
};

} // namespace routing::quality
