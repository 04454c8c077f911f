#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"

#include <optional>

namespace routing {

class ErpDatabase;
class SqlDialect;
struct ErpSchema;

/// Reads the item master (BI_ITEM_INFO_VIEW) in batches of `DatabaseConfig::batchSize` codes.
/// Uses the calling thread's connection of the ErpDatabase, which must outlive the repository.
class ItemRepository final
{
public:
    explicit ItemRepository(ErpDatabase &db) : m_db(db) {}

    /// Items by code (trimmed, upper-cased, de-duplicated); unknown codes are simply absent.
    Result<QHash<QString, Item>> items(const QStringList &codes) const;
    /// One item; nullopt when the code is unknown.
    Result<std::optional<Item>> item(const QString &code) const;
    /// Every item code with its stratum (a logical item column, mapped through the schema; a
    /// non-contract name is used as a physical column), sorted by code. NULL stratum -> "".
    Result<QList<ItemStratum>>
    allItemStrata(const QString &strataColumn = QStringLiteral("PART_TYPE")) const;
    /// Number of rows in the item view.
    Result<qint64> count() const;

    /// SQL of items() for a batch of `codeCount` codes; columns in erp::itemColumns() order.
    static QString itemsSql(const SqlDialect &dialect, const ErpSchema &schema, int codeCount);
    /// SQL of allItemStrata(): code and the physical stratum column.
    static QString strataSql(const SqlDialect &dialect, const ErpSchema &schema,
                             const QString &strataColumn);

private:
    ErpDatabase &m_db;
};

} // namespace routing
