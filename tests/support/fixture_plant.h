#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"

#include <QDateTime>
#include <QSqlDatabase>

namespace routing::test {

/// A small hand-made plant whose every answer is known by construction. It is written with the
/// contract's tables (or the physical names of a given ErpSchema) into any connection — an SQLite
/// file or PostgreSQL over QODBC — using multi-row INSERTs with bound values.
///
/// Items (raw code in the data -> code read back):
///   'A100' -> A100  메카니컬 씰, SEAL, every column filled
///   ' a200 ' -> A200  Pump Shaft, SHAFT, OUTDIAMETER 0 and INDIAMETER 9999 ("unknown")
///   'B300' -> B300  every column but the code NULL
///   'C400' -> C400  베어링 하우징, SEAL, no routing, has actuals
///   'd500' -> D500  Gland Plate, GLAND
///   'E600' -> E600  슬리브, SLEEVE
///   'F700 ' -> F700  O-Ring Set, SEAL
///   'G800' -> G800  커플링, COUPLING, no routing, no actuals
/// Routings (current one first):
///   A100: '1' (2023-01-10, steps inserted 30/10/20) beats '2' (2022-06-01): date before ROUT_NO
///   A200: '1' (rows coded ' a200 ')
///   B300: '1' with NULL INSRT_DT on every step (the only one, so current)
///   D500: '10' beats '2' at the same INSRT_DT (numeric, not text, comparison)
///   E600: '002' (2023-05-01, one step with NULL INSRT_DT) beats '001' (2022) and '003' (2021)
///   F700: 'B1' beats 'A' and '5' at the same INSRT_DT (text comparison)
/// Work orders around the window [2024-03-01 00:00:00, 2024-04-01 00:00:00): five rows inside
/// (A100 at exactly `from`, a100 at 03-15, A200, C400, D500 at 03-31 23:59:59), and outside:
/// A100 at 02-29 23:59:59 and exactly `to`, B300 in January, E600 in April, F700 with NULL
/// REPORT_DT.
class FixturePlant final
{
public:
    /// Creates (dropping first) the three tables and loads the rows. Supports Sqlite and
    /// PostgreSql (real column types: varchar, numeric(18,4), integer, timestamp).
    static Status write(QSqlDatabase db, SqlDialectKind kind, const ErpSchema &schema = {});

    /// A schema with renamed views and columns, for the column-mapping test.
    static ErpSchema renamedSchema();

    static QDateTime windowFrom() { return dt(2024, 3, 1, 0, 0, 0); }
    static QDateTime windowTo() { return dt(2024, 4, 1, 0, 0, 0); }
    static QStringList itemCodes();                ///< all eight, normalised, sorted
    static QStringList itemsWithRouting();         ///< A100 A200 B300 D500 E600 F700
    static QStringList itemsWithActualsInWindow(); ///< A100 A200 C400 D500
    static constexpr int operationsInWindow = 5;

    static QDateTime dt(int y, int mo, int d, int h, int mi, int s)
    {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s));
    }
};

} // namespace routing::test
