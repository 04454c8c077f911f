#include "core/data/item_repository.h"

#include "core/config/erp_contract.h"
#include "core/data/erp_database.h"

#include <algorithm>
#include <vector>

namespace routing {

namespace {

Item readItem(const QSqlQuery &query, const QStringList &columns, const std::vector<char> &numeric)
{
    Item item;
    for (int i = 0; i < columns.size(); ++i) {
        const QVariant value = query.value(i);
        if (value.isNull())
            continue;
        if (numeric[size_t(i)]) {
            if (const auto n = erpvalue::number(value))
                item.numbers.insert(columns[i], *n);
        } else {
            item.text.insert(columns[i], erpvalue::text(value));
        }
    }
    item.code = normalizeItemCode(item.text.value(QStringLiteral("ITEM_CD")));
    item.text.insert(QStringLiteral("ITEM_CD"), item.code);
    item.name = item.text.value(QStringLiteral("ITEM_NM"));
    return item;
}

} // namespace

QString ItemRepository::itemsSql(const SqlDialect &dialect, const ErpSchema &schema, int codeCount)
{
    QStringList columns;
    for (const QString &logical : erp::itemColumns())
        columns << dialect.quoteIdentifier(schema.itemColumn(logical));
    const QString code = dialect.quoteIdentifier(schema.itemColumn(QStringLiteral("ITEM_CD")));
    return QStringLiteral("SELECT %1 FROM %2 WHERE %3")
        .arg(columns.join(QStringLiteral(", ")), dialect.quoteIdentifier(schema.itemView),
             dialect.inList(dialect.normalizedCode(code), codeCount));
}

QString ItemRepository::strataSql(const SqlDialect &dialect, const ErpSchema &schema,
                                  const QString &strataColumn)
{
    const QString physical =
        erp::itemColumns().contains(strataColumn) ? schema.itemColumn(strataColumn) : strataColumn;
    return QStringLiteral("SELECT %1, %2 FROM %3")
        .arg(dialect.quoteIdentifier(schema.itemColumn(QStringLiteral("ITEM_CD"))),
             dialect.quoteIdentifier(physical), dialect.quoteIdentifier(schema.itemView));
}

Result<QHash<QString, Item>> ItemRepository::items(const QStringList &codes) const
{
    const DatabaseConfig &config = m_db.config();
    const QStringList wanted = normalizeItemCodes(codes);
    const QStringList columns = erp::itemColumns();
    const QStringList numericColumns = erp::itemNumericColumns();
    std::vector<char> numeric(size_t(columns.size()));
    for (qsizetype i = 0; i < columns.size(); ++i)
        numeric[size_t(i)] = numericColumns.contains(columns[i]);
    const int batch = std::max(1, config.batchSize);
    const QString what = QStringLiteral("reading items from %1").arg(config.schema.itemView);
    QHash<QString, Item> out;
    out.reserve(wanted.size());
    for (qsizetype start = 0; start < wanted.size(); start += batch) {
        const QStringList chunk = wanted.mid(start, batch);
        auto query = m_db.exec(what, itemsSql(m_db.dialect(), config.schema, int(chunk.size())),
                               erpvalue::bindList(chunk));
        if (!query)
            return std::unexpected(query.error());
        while (query->next()) {
            Item item = readItem(*query, columns, numeric);
            // A code stored twice with different padding/case: the first row wins.
            if (!out.contains(item.code))
                out.insert(item.code, std::move(item));
        }
    }
    return out;
}

Result<std::optional<Item>> ItemRepository::item(const QString &code) const
{
    auto found = items({code});
    if (!found)
        return std::unexpected(found.error());
    const auto it = found->constFind(normalizeItemCode(code));
    if (it == found->cend())
        return std::optional<Item>();
    return std::optional<Item>(*it);
}

Result<QList<ItemStratum>> ItemRepository::allItemStrata(const QString &strataColumn) const
{
    const DatabaseConfig &config = m_db.config();
    auto query = m_db.exec(QStringLiteral("reading item strata (%1) from %2")
                               .arg(strataColumn, config.schema.itemView),
                           strataSql(m_db.dialect(), config.schema, strataColumn));
    if (!query)
        return std::unexpected(query.error());
    QList<ItemStratum> out;
    while (query->next()) {
        ItemStratum row{normalizeItemCode(query->value(0).toString()),
                        erpvalue::text(query->value(1))};
        if (!row.code.isEmpty())
            out << std::move(row);
    }
    // Sorted here, not by ORDER BY: collations differ between backends. A code stored twice
    // (different padding or case) keeps its smallest stratum, the same on every backend.
    std::sort(out.begin(), out.end(), [](const ItemStratum &a, const ItemStratum &b) {
        return a.code != b.code ? a.code < b.code : a.stratum < b.stratum;
    });
    out.erase(
        std::unique(out.begin(), out.end(),
                    [](const ItemStratum &a, const ItemStratum &b) { return a.code == b.code; }),
        out.end());
    return out;
}

Result<qint64> ItemRepository::count() const
{
    const DatabaseConfig &config = m_db.config();
    auto query = m_db.exec(QStringLiteral("counting items in %1").arg(config.schema.itemView),
                           QStringLiteral("SELECT COUNT(*) FROM %1")
                               .arg(m_db.dialect().quoteIdentifier(config.schema.itemView)));
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(
            ErrorCode::DatabaseConnection,
            QStringLiteral("counting items in %1 returned no row (%2)")
                .arg(config.schema.itemView, ErpDatabase::driverMessage(query->lastError())));
    return query->value(0).toLongLong();
}

} // namespace routing
