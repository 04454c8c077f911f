#pragma once

#include "core/common/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace routing::ml {

enum class RoutingSource {
    Routing,      ///< the item's own current routing
    SimilarItems, ///< synthesised from similar items (a new item, or its own routing hidden)
};

/// One feature's contribution to a prediction (XGBoost pred_contribs), in log1p-minutes of the
/// booster's output before the work-centre level correction (> 0: longer).
struct Contribution
{
    QString feature;
    QString value; ///< the feature's value as an operator reads it
    double contribution = 0;
};

struct PredictedStep
{
    int procSeq = 0;
    QString jobCd;
    QString jobNm;
    QString resCd;
    QString resDis;
    QString insideFlag;
    double setupMinutes = 0;       ///< predicted setup minutes per order (NaN: routing only)
    double runMinutesPerUnit = 0;  ///< predicted run minutes per unit (NaN: routing only)
    std::optional<double> standardSetup;
    std::optional<double> standardRun;
    double support = 1.0; ///< share of the neighbours' weight behind a synthesised step (1 for an own routing)
    QList<Contribution> setupContributions; ///< top 5 by |contribution| (XGBoost), when asked for
    QList<Contribution> runContributions;
};

struct PredictedNeighbour
{
    QString code;
    double similarity = 0;
};

/// The prediction for one item, or why there is none.
struct ItemPrediction
{
    QString item;
    std::optional<Error> error;
    RoutingSource source = RoutingSource::Routing;
    double confidence = 0;
    double orderQty = 0;   ///< the lot size the run times assume
    QString candidate;     ///< the candidate that predicted the times
    QString modelId;
    QList<PredictedStep> steps;
    QList<PredictedNeighbour> neighbours;
    QString contributionsModel; ///< "xgboost:saabas" or "xgboost:treeshap" when contributions are given

    bool ok() const { return !error.has_value(); }
    /// One JSON Lines object: {"item", "source", "confidence", "steps": [{"proc_seq", "job_cd",
    /// "res_cd", "setup_minutes", "run_minutes_per_unit", …}], "neighbours", …} or
    /// {"item", "error": {"code", "name", "message"}}.
    QJsonObject toJson() const;
};

QString routingSourceName(RoutingSource source);

} // namespace routing::ml
