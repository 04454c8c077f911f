#pragma once

#include "core/config/app_config.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <array>
#include <limits>
#include <optional>

namespace routing {

/// Builds local wall-clock times for a read of many rows. A Qt::LocalTime QDateTime costs a
/// mktime() when it is built and again whenever it is compared or converted (0.5-3 µs each on
/// glibc; docs/performance.md), which dominated reading a million work-order rows. This looks the
/// UTC offset up once per calendar day (1,024 days kept) and returns the time with that
/// offset fixed (Qt::OffsetFromUTC; Qt::UTC at offset 0): the same instant as QDateTime(date,
/// time), date() and time() still the wall clock. A day whose offset changes (a DST switch) takes
/// Qt's exact local-time path. Keep one per read, not longer: a time-zone change of the machine is
/// seen by the next read.
class LocalDayOffsets
{
public:
    QDateTime at(QDate date, QTime time);

private:
    struct Day
    {
        qint64 julianDay = std::numeric_limits<qint64>::min();
        int offset = 0;
        bool uniform = false;
    };
    std::array<Day, 1024> m_days; // by Julian day modulo 1,024: a window of 2.8 years never collides
};

/// The SQL differences between the ERP backends the console reads: SQLite (the demo plant),
/// PostgreSQL and MSSQL (both over ODBC). Only identifiers from the configuration are spliced into
/// SQL, always through quoteIdentifier(); every value is a bound `?` placeholder.
class SqlDialect final
{
public:
    enum class Nulls { Default, First, Last };

    explicit SqlDialect(SqlDialectKind kind = SqlDialectKind::Sqlite) : m_kind(kind) {}

    SqlDialectKind kind() const { return m_kind; }
    QString name() const { return dialectName(m_kind); }

    /// Quotes a possibly dotted name (`dbo.BI_ITEM_INFO_VIEW`) part by part: "x" with "" escaping
    /// (PostgreSQL), [x] with ]] escaping (MSSQL), `x` with `` escaping (SQLite, whose "x" falls
    /// back to a string literal when no such column exists). Empty parts are kept empty.
    QString quoteIdentifier(const QString &name) const;

    /// A complete SELECT that returns at most `limit` rows: `SELECT TOP (n) <columns> <rest>` on
    /// MSSQL, `SELECT <columns> <rest> LIMIT n` elsewhere. `rest` starts with FROM.
    QString selectLimited(const QString &columns, const QString &rest, int limit) const;

    /// "?, ?, ?" — n positional placeholders (n >= 1).
    static QString placeholders(int count);
    /// "<expr> IN (?, ?, …)"
    QString inList(const QString &expr, int count) const;

    /// Whitespace trim: TRIM(x); LTRIM(RTRIM(x)) on MSSQL (TRIM needs SQL Server 2017).
    QString trim(const QString &expr) const;
    QString upper(const QString &expr) const;
    /// The item-code normalisation done on both sides of every comparison: UPPER(TRIM(x)).
    QString normalizedCode(const QString &expr) const;

    /// One ORDER BY term. NULL placement is native on PostgreSQL and SQLite (>= 3.30); MSSQL has no
    /// NULLS FIRST/LAST, so it gets a CASE term in front.
    QString orderTerm(const QString &expr, Qt::SortOrder order, Nulls nulls = Nulls::Default) const;

    /// The value to bind for a date-time parameter. SQLite keeps times as TEXT
    /// 'YYYY-MM-DD HH:MM:SS[.zzz]' and compares them as text, so it gets that string; the ODBC
    /// backends get a QDateTime (an SQL timestamp). The wall-clock time is bound as is.
    QVariant dateTimeParameter(const QDateTime &value) const;
    /// A date-time literal for generated SQL that cannot bind (diagnostics, docs):
    /// '…' (SQLite), TIMESTAMP '…' (PostgreSQL), CONVERT(datetime2, '…T…', 126) (MSSQL).
    QString dateTimeLiteral(const QDateTime &value) const;

    /// Reads a date-time column: a QDateTime from ODBC, or SQLite TEXT in ISO form with a space
    /// or a 'T' (fractional seconds and a date alone accepted). NULL or unparsable -> invalid.
    /// ERP times are local wall-clock times: the result equals QDateTime(date, time). With
    /// `offsets` (a loop over many rows) it is built through LocalDayOffsets.
    static QDateTime dateTimeValue(const QVariant &value, LocalDayOffsets *offsets = nullptr);

private:
    QString quotePart(const QString &part) const;

    SqlDialectKind m_kind;
};

/// Column values read the same way on every backend (the repositories' common helpers).
namespace erpvalue {
/// Trimmed text; "" for NULL (char(n) columns arrive space-padded from MSSQL and PostgreSQL).
QString text(const QVariant &value);
/// A number from a numeric, integer or numeric-text column; nullopt for NULL or non-numbers.
std::optional<double> number(const QVariant &value);
/// An integer key column (PROC_SEQ); 0 for NULL or non-numbers.
int integer(const QVariant &value);
/// Strings as bind values.
QVariantList bindList(const QStringList &values);
} // namespace erpvalue

} // namespace routing
