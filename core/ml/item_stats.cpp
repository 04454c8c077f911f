#include "core/ml/item_stats.h"

#include "core/ml/training_data.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <vector>

namespace routing::ml {

namespace {

float median(std::vector<float> &v)
{
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + qsizetype(mid), v.end());
    return v[mid];
}

} // namespace

ItemStats ItemStats::build(const TrainingData &data, qint64 beforeMs)
{
    ItemStats stats;
    std::vector<std::vector<float>> perItem(data.items().size());
    std::vector<float> all;
    // Every operation of an order repeats its quantity; the median is unaffected by that.
    for (const OperationRecord &op : data.operations()) {
        if (op.reportedMs >= beforeMs || !(op.orderQty > 0))
            continue;
        perItem[size_t(op.item)].push_back(op.orderQty);
    }
    for (size_t i = 0; i < perItem.size(); ++i) {
        if (perItem[i].empty())
            continue;
        const float m = median(perItem[i]);
        stats.m_qty.insert(data.items()[i].code, m);
        all.push_back(m);
    }
    stats.m_global = all.empty() ? 1.0 : double(median(all));
    return stats;
}

std::optional<double> ItemStats::typicalQty(const QString &code) const
{
    const auto it = m_qty.constFind(code);
    return it == m_qty.cend() ? std::nullopt : std::optional<double>(*it);
}

QJsonObject ItemStats::toJson() const
{
    QStringList codes = m_qty.keys();
    codes.sort();
    QJsonArray entries;
    for (const QString &code : std::as_const(codes))
        entries.append(QJsonArray{code, double(m_qty.value(code))});
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("routing-item-stats")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("global_order_qty"), m_global},
                       {QStringLiteral("typical_order_qty"), entries}};
}

Result<ItemStats> ItemStats::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("routing-item-stats"))
        return fail(ErrorCode::ModelNotFound, QStringLiteral("item statistics: not an item-statistics document"));
    ItemStats stats;
    stats.m_global = json.value(QStringLiteral("global_order_qty")).toDouble(1.0);
    for (const QJsonValue &v : json.value(QStringLiteral("typical_order_qty")).toArray()) {
        const QJsonArray e = v.toArray();
        if (e.size() != 2 || !e.at(0).isString() || !e.at(1).isDouble())
            return fail(ErrorCode::ModelNotFound, QStringLiteral("item statistics: malformed entry"));
        stats.m_qty.insert(e.at(0).toString(), float(e.at(1).toDouble()));
    }
    return stats;
}

} // namespace routing::ml
