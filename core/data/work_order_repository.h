#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"

#include <functional>

namespace routing {

class ErpDatabase;
class SqlDialect;
struct ErpSchema;

/// Reads reported work-order operations (BI_WORK_ORDER_RESULTS) for a REPORT_DT window
/// [from, to): `from` included, `to` excluded, rows with NULL REPORT_DT never match. The *_HOURS
/// actuals are converted to minutes with DatabaseConfig::actualsToMinutes()
/// (database.actuals_unit). Window bounds are wall-clock plant times, bound in the dialect's form.
class WorkOrderRepository final
{
public:
    /// Receives one operation; returns false to stop the stream.
    using OperationSink = std::function<bool(const WorkOrderOp &)>;

    /// Which columns a read fetches. `Measures` leaves out the names (CD_NM, RES_DIS) and BAD_QTY
    /// — those fields stay empty — for bulk reads that only measure (the quality cycle): a quarter
    /// fewer values through the driver.
    enum class Detail { Full, Measures };

    explicit WorkOrderRepository(ErpDatabase &db) : m_db(db) {}

    /// Operations of the given items in the window, read in batches of codes, sorted by
    /// (REPORT_DT, item, ROUT_NO, PROC_SEQ).
    Result<QList<WorkOrderOp>> operations(const QStringList &codes, const QDateTime &from,
                                          const QDateTime &to, Detail detail = Detail::Full) const;
    /// Every operation in the window (training), streamed in REPORT_DT order in one forward-only
    /// read. Returns the number delivered, or ErrorCode::Cancelled when the sink returned false.
    Result<qint64> operationsInWindow(const QDateTime &from, const QDateTime &to,
                                      const OperationSink &sink, Detail detail = Detail::Full) const;
    /// Codes of the items with at least one operation in the window, sorted.
    Result<QStringList> itemsWithActuals(const QDateTime &from, const QDateTime &to) const;

    /// SQL of the operation read: window bounds first, then `codeCount` codes (0: all items,
    /// ordered by REPORT_DT). Columns in erp::workOrderColumns() order, less those `detail`
    /// leaves out.
    static QString operationsSql(const SqlDialect &dialect, const ErpSchema &schema, int codeCount,
                                 Detail detail = Detail::Full);
    static QString itemsWithActualsSql(const SqlDialect &dialect, const ErpSchema &schema);

private:
    Result<qint64> read(const QStringList &codes, const QDateTime &from, const QDateTime &to,
                        const OperationSink &sink, Detail detail) const;

    ErpDatabase &m_db;
};

} // namespace routing
