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

WorkOrderOp readOperation(const QSqlQuery &query, double toMinutes)
{
    WorkOrderOp op;
    op.itemCode = normalizeItemCode(query.value(0).toString());
    op.routNo = erpvalue::text(query.value(1));
    op.procSeq = erpvalue::integer(query.value(2));
    op.jobCd = erpvalue::text(query.value(3));
    op.jobNm = erpvalue::text(query.value(4));
    op.resCd = erpvalue::text(query.value(5));
    op.resDis = erpvalue::text(query.value(6));
    op.reportedAt = SqlDialect::dateTimeValue(query.value(7));
    op.setupMinutes = scaled(query.value(8), toMinutes);
    op.runMinutes = scaled(query.value(9), toMinutes);
    op.orderQty = erpvalue::number(query.value(10));
    op.badQty = erpvalue::number(query.value(11));
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
                                           int codeCount)
{
    QStringList columns;
    for (const QString &logical : erp::workOrderColumns())
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
                                         const QDateTime &to, const OperationSink &sink) const
{
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
    for (qsizetype start = 0; allItems ? start == 0 : start < codes.size(); start += batch) {
        const QStringList chunk = allItems ? QStringList() : codes.mid(start, batch);
        auto query = m_db.exec(what, operationsSql(dialect, config.schema, int(chunk.size())),
                               window + erpvalue::bindList(chunk));
        if (!query)
            return std::unexpected(query.error());
        while (query->next()) {
            ++delivered;
            if (!sink(readOperation(*query, toMinutes)))
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
                                                           const QDateTime &to) const
{
    const QStringList wanted = normalizeItemCodes(codes);
    QList<WorkOrderOp> out;
    if (wanted.isEmpty())
        return out;
    auto read = this->read(wanted, from, to, [&out](const WorkOrderOp &op) {
        out << op;
        return true;
    });
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
                                                       const OperationSink &sink) const
{
    return read({}, from, to, sink);
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
