#include "core/data/routing_repository.h"

#include "core/config/erp_contract.h"
#include "core/data/erp_database.h"

#include <algorithm>
#include <tuple>

namespace routing {

namespace {

constexpr int RoutNoWidth = 32;

bool allDigits(const QString &text)
{
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c >= QLatin1Char('0') && c <= QLatin1Char('9');
    });
}

QString routNoKey(const QString &routNo)
{
    if (!allDigits(routNo))
        return routNo;
    qsizetype firstNonZero = 0;
    while (firstNonZero < routNo.size() - 1 && routNo.at(firstNonZero) == QLatin1Char('0'))
        ++firstNonZero;
    const QString digits = routNo.mid(firstNonZero);
    return digits.size() >= RoutNoWidth
               ? digits
               : QString(RoutNoWidth - digits.size(), QLatin1Char('0')) + digits;
}

RoutingStep readStep(const QSqlQuery &query, LocalDayOffsets &offsets)
{
    RoutingStep step;
    step.itemCode = normalizeItemCode(query.value(0).toString());
    step.routNo = erpvalue::text(query.value(1));
    step.procSeq = erpvalue::integer(query.value(2));
    step.jobCd = erpvalue::text(query.value(3));
    step.jobNm = erpvalue::text(query.value(4));
    step.resCd = erpvalue::text(query.value(5));
    step.resDis = erpvalue::text(query.value(6));
    step.insideFlag = erpvalue::text(query.value(7));
    step.setupMinutes = erpvalue::number(query.value(8));
    step.runMinutesPerUnit = erpvalue::number(query.value(9));
    step.timeUnit = erpvalue::text(query.value(10));
    step.insertedAt = SqlDialect::dateTimeValue(query.value(11), &offsets);
    return step;
}

// Newer first: an invalid (NULL) date is older than every valid one.
int compareInserted(const QDateTime &a, const QDateTime &b)
{
    if (a.isValid() != b.isValid())
        return a.isValid() ? 1 : -1;
    if (!a.isValid() || a == b)
        return 0;
    return a < b ? -1 : 1;
}

} // namespace

int RoutingRepository::compareRoutNo(const QString &a, const QString &b)
{
    const int byKey = routNoKey(a).compare(routNoKey(b));
    return byKey != 0 ? byKey : a.compare(b);
}

std::optional<Routing> RoutingRepository::pickCurrent(const QList<RoutingStep> &stepsOfOneItem)
{
    QHash<QString, Routing> byRoutNo;
    for (const RoutingStep &step : stepsOfOneItem) {
        Routing &routing = byRoutNo[step.routNo];
        routing.itemCode = step.itemCode;
        routing.routNo = step.routNo;
        if (compareInserted(step.insertedAt, routing.insertedAt) > 0)
            routing.insertedAt = step.insertedAt;
        routing.steps << step;
    }
    const Routing *best = nullptr;
    for (const Routing &candidate : std::as_const(byRoutNo)) {
        if (!best) {
            best = &candidate;
            continue;
        }
        const int byDate = compareInserted(candidate.insertedAt, best->insertedAt);
        if (byDate > 0 || (byDate == 0 && compareRoutNo(candidate.routNo, best->routNo) > 0))
            best = &candidate;
    }
    if (!best)
        return std::nullopt;
    Routing current = *best;
    // Rows arrive in backend-dependent order; a full key keeps duplicate PROC_SEQs stable too.
    std::sort(
        current.steps.begin(), current.steps.end(), [](const RoutingStep &x, const RoutingStep &y) {
            return std::tie(x.procSeq, x.jobCd, x.resCd) < std::tie(y.procSeq, y.jobCd, y.resCd);
        });
    return current;
}

QString RoutingRepository::routingsSql(const SqlDialect &dialect, const ErpSchema &schema,
                                       int codeCount, Detail detail)
{
    QStringList columns;
    for (const QString &logical : erp::routingColumns()) {
        const bool name = logical == QLatin1String("JOB_NM") || logical == QLatin1String("RES_DIS");
        columns << (detail == Detail::Measures && name
                        ? QStringLiteral("NULL") // keeps the positions readStep() expects
                        : dialect.quoteIdentifier(schema.routingColumn(logical)));
    }
    const QString code = dialect.normalizedCode(
        dialect.quoteIdentifier(schema.routingColumn(QStringLiteral("ITEM_CD"))));
    const QString head =
        QStringLiteral("SELECT %1 FROM %2")
            .arg(columns.join(QStringLiteral(", ")), dialect.quoteIdentifier(schema.routingView));
    if (codeCount > 0)
        return QStringLiteral("%1 WHERE %2").arg(head, dialect.inList(code, codeCount));
    // Streaming groups rows per item, so only adjacency of one item's rows matters.
    return QStringLiteral("%1 ORDER BY %2").arg(head, dialect.orderTerm(code, Qt::AscendingOrder));
}

QString RoutingRepository::itemsWithRoutingSql(const SqlDialect &dialect, const ErpSchema &schema)
{
    return QStringLiteral("SELECT DISTINCT %1 FROM %2")
        .arg(dialect.normalizedCode(
                 dialect.quoteIdentifier(schema.routingColumn(QStringLiteral("ITEM_CD")))),
             dialect.quoteIdentifier(schema.routingView));
}

Result<QHash<QString, Routing>> RoutingRepository::currentRoutings(const QStringList &codes,
                                                                   Detail detail) const
{
    const DatabaseConfig &config = m_db.config();
    const QStringList wanted = normalizeItemCodes(codes);
    const int batch = std::max(1, config.batchSize);
    const QString what = QStringLiteral("reading routings from %1").arg(config.schema.routingView);
    QHash<QString, Routing> out;
    LocalDayOffsets offsets;
    for (qsizetype start = 0; start < wanted.size(); start += batch) {
        const QStringList chunk = wanted.mid(start, batch);
        QHash<QString, QList<RoutingStep>> stepsByItem;
        {
            auto query =
                m_db.exec(what, routingsSql(m_db.dialect(), config.schema, int(chunk.size()), detail),
                          erpvalue::bindList(chunk));
            if (!query)
                return std::unexpected(query.error());
            while (query->next()) {
                RoutingStep step = readStep(*query, offsets);
                stepsByItem[step.itemCode] << std::move(step);
            }
        }
        for (auto it = stepsByItem.cbegin(); it != stepsByItem.cend(); ++it) {
            if (auto current = pickCurrent(it.value()))
                out.insert(it.key(), std::move(*current));
        }
    }
    return out;
}

Result<std::optional<Routing>> RoutingRepository::currentRouting(const QString &code) const
{
    auto found = currentRoutings({code});
    if (!found)
        return std::unexpected(found.error());
    const auto it = found->constFind(normalizeItemCode(code));
    return it == found->cend() ? std::optional<Routing>() : std::optional<Routing>(*it);
}

Result<QStringList> RoutingRepository::itemsWithRouting() const
{
    const DatabaseConfig &config = m_db.config();
    auto query = m_db.exec(
        QStringLiteral("listing items with a routing in %1").arg(config.schema.routingView),
        itemsWithRoutingSql(m_db.dialect(), config.schema));
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

Result<qint64> RoutingRepository::allCurrentRoutings(const RoutingSink &sink) const
{
    const DatabaseConfig &config = m_db.config();
    auto query =
        m_db.exec(QStringLiteral("reading all routings from %1").arg(config.schema.routingView),
                  routingsSql(m_db.dialect(), config.schema, 0));
    if (!query)
        return std::unexpected(query.error());
    qint64 delivered = 0;
    QList<RoutingStep> group;
    const auto flush = [&]() -> bool {
        const auto current = pickCurrent(group);
        group.clear();
        if (!current)
            return true;
        ++delivered;
        return sink(*current);
    };
    LocalDayOffsets offsets;
    while (query->next()) {
        RoutingStep step = readStep(*query, offsets);
        if (step.itemCode.isEmpty())
            continue;
        if (!group.isEmpty() && group.constFirst().itemCode != step.itemCode && !flush())
            return fail(
                ErrorCode::Cancelled,
                QStringLiteral("routing stream stopped after %1 routing(s)").arg(delivered));
        group << std::move(step);
    }
    if (query->lastError().isValid())
        return fail(
            ErrorCode::DatabaseConnection,
            QStringLiteral("reading all routings from %1 failed (%2)")
                .arg(config.schema.routingView, ErpDatabase::driverMessage(query->lastError())));
    if (!group.isEmpty() && !flush())
        return fail(ErrorCode::Cancelled,
                    QStringLiteral("routing stream stopped after %1 routing(s)").arg(delivered));
    return delivered;
}

} // namespace routing
