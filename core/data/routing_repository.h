#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"

#include <functional>
#include <optional>

namespace routing {

class ErpDatabase;
class SqlDialect;
struct ErpSchema;

/// Reads routings (BI_ROUTING_VIEW) and decides which one is current.
///
/// The current routing of an item is the one with the newest INSRT_DT (a routing's INSRT_DT is the
/// newest of its steps; NULL is older than any date); ties go to the highest ROUT_NO by
/// compareRoutNo(). The choice is made here, not in SQL, so that it is identical on every backend.
class RoutingRepository final
{
public:
    /// Receives one current routing; returns false to stop the stream.
    using RoutingSink = std::function<bool(const Routing &)>;

    /// Which columns a read fetches. `Measures` reads NULL in place of the names (JOB_NM,
    /// RES_DIS), which come back empty: for the quality cycle's model inputs, which never show
    /// them (two text columns fewer to convert per row).
    enum class Detail { Full, Measures };

    explicit RoutingRepository(ErpDatabase &db) : m_db(db) {}

    Result<std::optional<Routing>> currentRouting(const QString &code) const;
    /// Current routings by normalised code, read in batches; items without a routing are absent.
    Result<QHash<QString, Routing>> currentRoutings(const QStringList &codes,
                                                    Detail detail = Detail::Full) const;
    /// Codes of the items that have at least one routing, sorted.
    Result<QStringList> itemsWithRouting() const;
    /// Streams the current routing of every item (for training) in one forward-only read, item by
    /// item, in the database's order of codes. Returns how many routings were delivered, or
    /// ErrorCode::Cancelled when the sink returned false.
    Result<qint64> allCurrentRoutings(const RoutingSink &sink) const;

    /// ROUT_NO is text. Two all-digit values compare by number (up to 32 digits); otherwise the
    /// values compare as text (code points), an all-digit one taking the form of its number
    /// zero-padded to 32 digits. Equal keys ("1" vs "01") fall back to the raw text, so the order
    /// is total and deterministic. Returns <0, 0, >0.
    static int compareRoutNo(const QString &a, const QString &b);
    /// The current routing among the steps of one item (any order), steps sorted by PROC_SEQ.
    static std::optional<Routing> pickCurrent(const QList<RoutingStep> &stepsOfOneItem);

    /// SQL of the routing read: for `codeCount` codes, or for all items ordered by code
    /// (codeCount == 0). Columns in erp::routingColumns() order.
    static QString routingsSql(const SqlDialect &dialect, const ErpSchema &schema, int codeCount,
                               Detail detail = Detail::Full);
    static QString itemsWithRoutingSql(const SqlDialect &dialect, const ErpSchema &schema);

private:
    ErpDatabase &m_db;
};

} // namespace routing
