#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace routing {

/// Item codes are matched after trimming and upper-casing, on input and in the data (erp-views.md).
QString normalizeItemCode(const QString &code);

/// Normalised, de-duplicated, empty codes dropped; first-seen order kept. Linear (a hash set):
/// evaluation cycles pass ten thousand codes.
QStringList normalizeItemCodes(const QStringList &codes);

/// One row of the item master (BI_ITEM_INFO_VIEW). Values are keyed by the *logical* contract
/// column name (erp::itemColumns()) whatever the plant calls the column. A NULL is an absent key;
/// text is trimmed. 0 and 9999 ("unknown" dimensions) are kept as read: interpreting them is the
/// feature code's business.
struct Item
{
    QString code;                   ///< ITEM_CD, normalised
    QString name;                   ///< ITEM_NM, empty when NULL
    QHash<QString, QString> text;   ///< text columns (ITEM_NM included), absent = NULL
    QHash<QString, double> numbers; ///< erp::itemNumericColumns(), absent = NULL

    /// Text value of a logical column; empty when NULL.
    QString textValue(const QString &column) const { return text.value(column); }
    std::optional<double> number(const QString &column) const
    {
        const auto it = numbers.constFind(column);
        return it == numbers.cend() ? std::nullopt : std::optional<double>(*it);
    }
    bool isNull(const QString &column) const
    {
        return !text.contains(column) && !numbers.contains(column);
    }
};

/// One step of a routing (BI_ROUTING_VIEW). Standard times are as the ERP states them
/// (TIME_UNIT is normally minutes).
struct RoutingStep
{
    QString itemCode;
    QString routNo;
    int procSeq = 0;
    QString jobCd;
    QString jobNm;
    QString resCd;
    QString resDis;
    QString insideFlag;                      ///< '사내' in-house / '외주' outsourced
    std::optional<double> setupMinutes;      ///< SETUP_TIME, per order
    std::optional<double> runMinutesPerUnit; ///< RUN_TIME, per unit
    QString timeUnit;
    QDateTime insertedAt; ///< INSRT_DT; invalid when NULL

    friend bool operator==(const RoutingStep &, const RoutingStep &) = default;
};

/// A routing (ITEM_CD, ROUT_NO) with its steps ordered by PROC_SEQ.
struct Routing
{
    QString itemCode;
    QString routNo;
    QDateTime insertedAt; ///< newest INSRT_DT of its steps; invalid when all are NULL
    QList<RoutingStep> steps;
};

/// One reported work-order operation (BI_WORK_ORDER_RESULTS), times converted to minutes with
/// DatabaseConfig::actualsToMinutes().
struct WorkOrderOp
{
    QString itemCode;
    QString routNo;
    int procSeq = 0;
    QString jobCd;
    QString jobNm; ///< CD_NM
    QString resCd;
    QString resDis;
    QDateTime reportedAt;
    std::optional<double> setupMinutes; ///< SETUP_HOURS converted
    std::optional<double> runMinutes;   ///< MACH_WORKED_HOURS converted, for orderQty units
    std::optional<double> orderQty;
    std::optional<double> badQty;
};

/// An item code with its stratum (PART_TYPE by default) for sampling. NULL stratum -> "".
struct ItemStratum
{
    QString code;
    QString stratum;

    friend bool operator==(const ItemStratum &, const ItemStratum &) = default;
};

} // namespace routing
