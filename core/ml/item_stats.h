#pragma once

#include "core/common/error.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace routing::ml {

class TrainingData;

/// What the history says about each item that the prediction needs: its typical order quantity
/// (the median ORDER_QTY of its operations), used as the lot size when a caller asks for run times
/// without one (the run time per unit of a batch process depends on the lot size).
class ItemStats final
{
public:
    static ItemStats build(const TrainingData &data, qint64 beforeMs);

    std::optional<double> typicalQty(const QString &code) const;
    double globalQty() const { return m_global; }
    qsizetype size() const { return m_qty.size(); }

    QJsonObject toJson() const;
    static Result<ItemStats> fromJson(const QJsonObject &json);

private:
    QHash<QString, float> m_qty;
    double m_global = 1.0;
};

} // namespace routing::ml
