#pragma once

#include "core/common/error.h"
#include "core/ml/predictor.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace routing::ml {
class RoutingModel;
}

namespace routing::registry {

/// A few items with what the model predicted for them when it was trained. The smoke test before
/// an activation predicts them again with the loaded model: a model that loads but predicts
/// something else (a wrong library, a damaged booster that still parses) is refused.
struct GoldenSet
{
    static constexpr const char *kFileName = "golden_items.json";

    struct Step
    {
        int procSeq = 0;
        QString jobCd;
        double setupMinutes = 0;
        double runMinutesPerUnit = 0;
    };
    struct Entry
    {
        ml::PredictRequest request; ///< the item (and its routing) as the ERP gave it
        QList<Step> expected;
    };

    QString modelId;
    QList<Entry> items;

    /// Predicts `requests` with `model` and keeps what it says; items it cannot predict are left
    /// out.
    static Result<GoldenSet> record(const std::shared_ptr<const ml::RoutingModel> &model,
                                    const QList<ml::PredictRequest> &requests);
    /// Predicts every item again and compares (relative and absolute tolerance 1e-3 minutes).
    /// A difference or a failed item is ErrorCode::ModelNotFound (1002) naming the item.
    Status check(const std::shared_ptr<const ml::RoutingModel> &model) const;

    QJsonObject toJson() const;
    static Result<GoldenSet> fromJson(const QJsonObject &json);
    /// `<dir>/golden_items.json`.
    static Result<GoldenSet> read(const QString &dir);
    Status write(const QString &dir) const;
};

} // namespace routing::registry
