#include "core/data/work_order_repository.h"

#include "core/config/erp_contract.h"
#include "core/data/erp_database.h"

#include <algorithm>
#include <tuple>

namespace routing {

namespace {

std::optional<double> scaled(const QVariant &value, double factor)
{
    const auto n = erpvalue::number(value);
    return n ? std::optional<double>(*n * factor) : std::nullopt;
}

/// The contract columns a read fetches, in erp::workOrderColumns() order.
QStringList columnsOf(WorkOrderRepository::Detail detail)
{
    QStringList columns = erp::workOrderColumns();
    if (detail == WorkOrderRepository::Detail::Measures)
        for (const char *name : {"CD_NM", "RES_DIS", "BAD_QTY"})
            columns.removeOne(QLatin1String(name));
    return columns;
}

/// Result positions of the contract columns (-1: not fetched).
struct Positions
{
    int item, routNo, procSeq, jobCd, jobNm, resCd, resDis, reportDt, setup, run, qty, bad;

    explicit Positions(const QStringList &columns)
        : item(int(columns.indexOf(QLatin1String("ITEM_CD")))),
          routNo(int(columns.indexOf(QLatin1String("ROUT_NO")))),
          procSeq(int(columns.indexOf(QLatin1String("PROC_SEQ")))),
          jobCd(int(columns.indexOf(QLatin1String("JOB_CD")))),
          jobNm(int(columns.indexOf(QLatin1String("CD_NM")))),
          resCd(int(columns.indexOf(QLatin1String("RES_CD")))),
          resDis(int(columns.indexOf(QLatin1String("RES_DIS")))),
          reportDt(int(columns.indexOf(QLatin1String("REPORT_DT")))),
          setup(int(columns.indexOf(QLatin1String("SETUP_HOURS")))),
          run(int(columns.indexOf(QLatin1String("MACH_WORKED_HOURS")))),
          qty(int(columns.indexOf(QLatin1String("ORDER_QTY")))),
          bad(int(columns.indexOf(QLatin1String("BAD_QTY"))))
    {
    }
};

WorkOrderOp readOperation(const QSqlQuery &query, const Positions &at, double toMinutes,
                          LocalDayOffsets &offsets)
{
    WorkOrderOp op;
    op.itemCode = normalizeItemCode(query.value(at.item).toString());
    if (at.routNo >= 0)
        op.routNo = erpvalue::text(query.value(at.routNo));
    op.procSeq = erpvalue::integer(query.value(at.procSeq));
    op.jobCd = erpvalue::text(query.value(at.jobCd));
    if (at.jobNm >= 0)
        op.jobNm = erpvalue::text(query.value(at.jobNm));
    op.resCd = erpvalue::text(query.value(at.resCd));
    if (at.resDis >= 0)
        op.resDis = erpvalue::text(query.value(at.resDis));
    op.reportedAt = SqlDialect::dateTimeValue(query.value(at.reportDt), &offsets);
    op.setupMinutes = scaled(query.value(at.setup), toMinutes);
    op.runMinutes = scaled(query.value(at.run), toMinutes);
    op.orderQty = erpvalue::number(query.value(at.qty));
    if (at.bad >= 0)
        op.badQty = erpvalue::number(query.value(at.bad));
    return op;
}

Status checkWindow(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("work-order window needs two valid times (from %1, to %2)")
                        .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate)));
    return {};
}

QString windowCondition(const SqlDialect &dialect, const ErpSchema &schema)
{
    const QString reportDt =
        dialect.quoteIdentifier(schema.workOrderColumn(QStringLiteral("REPORT_DT")));
    return QStringLiteral("%1 >= ? AND %1 < ?").arg(reportDt);
}

} // namespace

QString WorkOrderRepository::operationsSql(const SqlDialect &dialect, const ErpSchema &schema,
                                           int codeCount, Detail detail)
{
    QStringList columns;
    for (const QString &logical : columnsOf(detail))
        columns << dialect.quoteIdentifier(schema.workOrderColumn(logical));
    QString sql =
        QStringLiteral("SELECT %1 FROM %2 WHERE %3")
            .arg(columns.join(QStringLiteral(", ")), dialect.quoteIdentifier(schema.workOrderView),
                 windowCondition(dialect, schema));
    if (codeCount > 0) {
        const QString code = dialect.normalizedCode(
            dialect.quoteIdentifier(schema.workOrderColumn(QStringLiteral("ITEM_CD"))));
        return sql + QStringLiteral(" AND ") + dialect.inList(code, codeCount);
    }
    return sql + QStringLiteral(" ORDER BY ") +
           dialect.orderTerm(
               dialect.quoteIdentifier(schema.workOrderColumn(QStringLiteral("REPORT_DT"))),
               Qt::AscendingOrder);
}

QString WorkOrderRepository::itemsWithActualsSql(const SqlDialect &dialect, const ErpSchema &schema)
{
    return QStringLiteral("SELECT DISTINCT %1 FROM %2 WHERE %3")
        .arg(dialect.normalizedCode(
                 dialect.quoteIdentifier(schema.workOrderColumn(QStringLiteral("ITEM_CD")))),
             dialect.quoteIdentifier(schema.workOrderView), windowCondition(dialect, schema));
}

Result<qint64> WorkOrderRepository::read(const QStringList &codes, const QDateTime &from,
                                         const QDateTime &to, const OperationSink &sink,
                                         Detail detail) const
{
    const Positions at(columnsOf(detail));
    if (auto s = checkWindow(from, to); !s)
        return std::unexpected(s.error());
    const DatabaseConfig &config = m_db.config();
    const SqlDialect &dialect = m_db.dialect();
    const double toMinutes = config.actualsToMinutes();
    const QString what =
        QStringLiteral("reading work-order results from %1").arg(config.schema.workOrderView);
    const QVariantList window{dialect.dateTimeParameter(from), dialect.dateTimeParameter(to)};
    const bool allItems = codes.isEmpty();
    const int batch = allItems ? 1 : std::max(1, config.batchSize);
    qint64 delivered = 0;
    LocalDayOffsets offsets;
    for (qsizetype start = 0; allItems ? start == 0 : start < codes.size(); start += batch) {
        const QStringList chunk = allItems ? QStringList() : codes.mid(start, batch);
        auto query = m_db.exec(what, operationsSql(dialect, config.schema, int(chunk.size()), detail),
                               window + erpvalue::bindList(chunk));
        if (!query)
            return std::unexpected(query.error());
        while (query->next()) {
            ++delivered;
            if (!sink(readOperation(*query, at, toMinutes, offsets)))
                return fail(ErrorCode::Cancelled,
                            QStringLiteral("work-order stream stopped after %1 operation(s)")
                                .arg(delivered));
        }
        if (query->lastError().isValid())
            return fail(ErrorCode::DatabaseConnection,
                        QStringLiteral("%1 failed (%2)")
                            .arg(what, ErpDatabase::driverMessage(query->lastError())));
    }
    return delivered;
}

Result<QList<WorkOrderOp>> WorkOrderRepository::operations(const QStringList &codes,
                                                           const QDateTime &from,
                                                           const QDateTime &to, Detail detail) const
{
    const QStringList wanted = normalizeItemCodes(codes);
    QList<WorkOrderOp> out;
    if (wanted.isEmpty())
        return out;
    auto read = this->read(
        wanted, from, to,
        [&out](const WorkOrderOp &op) {
            out << op;
            return true;
        },
        detail);
    if (!read)
        return std::unexpected(read.error());
    std::sort(out.begin(), out.end(), [](const WorkOrderOp &a, const WorkOrderOp &b) {
        const auto key = [](const WorkOrderOp &op) {
            return std::tie(op.reportedAt, op.itemCode, op.routNo, op.procSeq, op.jobCd, op.resCd,
                            op.orderQty, op.runMinutes);
        };
        return key(a) < key(b);
    });
    return out;
}

Result<qint64> WorkOrderRepository::operationsInWindow(const QDateTime &from, const QDateTime &to,
                                                       const OperationSink &sink, Detail detail) const
{
    return read({}, from, to, sink, detail);
}

Result<QStringList> WorkOrderRepository::itemsWithActuals(const QDateTime &from,
                                                          const QDateTime &to) const
{
    if (auto s = checkWindow(from, to); !s)
        return std::unexpected(s.error());
    const DatabaseConfig &config = m_db.config();
    const SqlDialect &dialect = m_db.dialect();
    auto query = m_db.exec(QStringLiteral("listing items with work-order results in %1")
                               .arg(config.schema.workOrderView),
                           itemsWithActualsSql(dialect, config.schema),
                           {dialect.dateTimeParameter(from), dialect.dateTimeParameter(to)});
    if (!query)
        return std::unexpected(query.error());
    QStringList codes;
    while (query->next()) {
        const QString code = normalizeItemCode(query->value(0).toString());
        if (!code.isEmpty())
            codes << code;
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

} // namespace routing
