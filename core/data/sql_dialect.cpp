#include "core/data/sql_dialect.h"

#include <QStringList>

#include <cmath>

namespace routing {

QDateTime LocalDayOffsets::at(QDate date, QTime time)
{
    const qint64 julianDay = date.toJulianDay();
    Day &day = m_days[size_t(julianDay) % m_days.size()];
    if (day.julianDay != julianDay) {
        const int atStart = QDateTime(date, QTime(0, 0)).offsetFromUtc();
        const int atEnd = QDateTime(date, QTime(23, 59, 59, 999)).offsetFromUtc();
        day = {julianDay, atStart, atStart == atEnd};
    }
    if (!day.uniform)
        return QDateTime(date, time);
    return QDateTime(date, time, Qt::OffsetFromUTC, day.offset);
}

QString SqlDialect::quotePart(const QString &part) const
{
    if (part.isEmpty())
        return part;
    if (m_kind == SqlDialectKind::MsSql) {
        QString escaped = part;
        escaped.replace(QLatin1Char(']'), QLatin1String("]]"));
        return QLatin1Char('[') + escaped + QLatin1Char(']');
    }
    if (m_kind == SqlDialectKind::Sqlite) {
        // Not "x": SQLite reads a double-quoted name that matches no column as a string literal,
        // so a mis-mapped column would silently yield its own name on every row. `x` is always
        // an identifier.
        QString escaped = part;
        escaped.replace(QLatin1Char('`'), QLatin1String("``"));
        return QLatin1Char('`') + escaped + QLatin1Char('`');
    }
    QString escaped = part;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString SqlDialect::quoteIdentifier(const QString &name) const
{
    // Split on dots outside quotes is not needed: configured names are plain (schema.view), and a
    // dot inside a single part is not a valid view name in any plant we know.
    const QStringList parts = name.split(QLatin1Char('.'));
    QStringList quoted;
    quoted.reserve(parts.size());
    for (const QString &part : parts)
        quoted << quotePart(part.trimmed());
    return quoted.join(QLatin1Char('.'));
}

QString SqlDialect::selectLimited(const QString &columns, const QString &rest, int limit) const
{
    if (m_kind == SqlDialectKind::MsSql)
        return QStringLiteral("SELECT TOP (%1) %2 %3").arg(limit).arg(columns, rest);
    return QStringLiteral("SELECT %1 %2 LIMIT %3").arg(columns, rest).arg(limit);
}

QString SqlDialect::placeholders(int count)
{
    QString out;
    out.reserve(count * 3);
    for (int i = 0; i < count; ++i)
        out += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return out;
}

QString SqlDialect::inList(const QString &expr, int count) const
{
    return QStringLiteral("%1 IN (%2)").arg(expr, placeholders(count));
}

QString SqlDialect::trim(const QString &expr) const
{
    if (m_kind == SqlDialectKind::MsSql)
        return QStringLiteral("LTRIM(RTRIM(%1))").arg(expr);
    return QStringLiteral("TRIM(%1)").arg(expr);
}

QString SqlDialect::upper(const QString &expr) const
{
    return QStringLiteral("UPPER(%1)").arg(expr);
}

QString SqlDialect::normalizedCode(const QString &expr) const
{
    return upper(trim(expr));
}

QString SqlDialect::orderTerm(const QString &expr, Qt::SortOrder order, Nulls nulls) const
{
    const QString direction =
        order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    if (nulls == Nulls::Default)
        return QStringLiteral("%1 %2").arg(expr, direction);
    if (m_kind == SqlDialectKind::MsSql) {
        // MSSQL sorts NULL as the lowest value; a leading CASE term places them explicitly.
        const QString first = nulls == Nulls::First ? QStringLiteral("0") : QStringLiteral("1");
        const QString other = nulls == Nulls::First ? QStringLiteral("1") : QStringLiteral("0");
        return QStringLiteral("CASE WHEN %1 IS NULL THEN %2 ELSE %3 END, %1 %4")
            .arg(expr, first, other, direction);
    }
    return QStringLiteral("%1 %2 NULLS %3")
        .arg(expr, direction,
             nulls == Nulls::First ? QStringLiteral("FIRST") : QStringLiteral("LAST"));
}

namespace {

QString isoText(const QDateTime &value, QChar separator)
{
    const QString format = value.time().msec() == 0 ? QStringLiteral("yyyy-MM-dd'%1'HH:mm:ss")
                                                    : QStringLiteral("yyyy-MM-dd'%1'HH:mm:ss.zzz");
    return value.toString(format.arg(separator));
}

} // namespace

QVariant SqlDialect::dateTimeParameter(const QDateTime &value) const
{
    if (m_kind == SqlDialectKind::Sqlite)
        return isoText(value, QLatin1Char(' '));
    // Keep the wall clock: the ERP stores naive plant-local times.
    return QDateTime(value.date(), value.time());
}

QString SqlDialect::dateTimeLiteral(const QDateTime &value) const
{
    switch (m_kind) {
    case SqlDialectKind::Sqlite:
        return QStringLiteral("'%1'").arg(isoText(value, QLatin1Char(' ')));
    case SqlDialectKind::PostgreSql:
        return QStringLiteral("TIMESTAMP '%1'").arg(isoText(value, QLatin1Char(' ')));
    case SqlDialectKind::MsSql:
        // Style 126 (ISO 8601 with 'T') is independent of SET LANGUAGE / DATEFORMAT.
        return QStringLiteral("CONVERT(datetime2, '%1', 126)")
            .arg(isoText(value, QLatin1Char('T')));
    }
    return {};
}

QDateTime SqlDialect::dateTimeValue(const QVariant &value, LocalDayOffsets *offsets)
{
    const auto local = [offsets](QDate date, QTime time) {
        return offsets ? offsets->at(date, time) : QDateTime(date, time);
    };
    if (value.isNull())
        return {};
    if (value.typeId() == QMetaType::QDateTime) {
        const QDateTime dt = value.toDateTime();
        return dt.isValid() && dt.timeSpec() == Qt::LocalTime ? local(dt.date(), dt.time())
                                                              : dt;
    }
    if (value.typeId() == QMetaType::QDate)
        return value.toDate().isValid() ? local(value.toDate(), QTime(0, 0)) : QDateTime();
    QString text = value.toString().trimmed();
    // The common shape first, digit by digit (a million work-order rows are read per training):
    // "YYYY-MM-DD HH:MM:SS" or with a 'T'; anything else goes through Qt's ISO parser.
    if (text.size() == 19) {
        const QChar *c = text.constData();
        const auto digits = [c](int at, int n) {
            int v = 0;
            for (int i = at; i < at + n; ++i) {
                const char16_t d = c[i].unicode();
                if (d < u'0' || d > u'9')
                    return -1;
                v = v * 10 + int(d - u'0');
            }
            return v;
        };
        if (c[4] == u'-' && c[7] == u'-' && (c[10] == u' ' || c[10] == u'T') && c[13] == u':' &&
            c[16] == u':') {
            const QDate date(digits(0, 4), digits(5, 2), digits(8, 2));
            const QTime time(digits(11, 2), digits(14, 2), digits(17, 2));
            if (date.isValid() && time.isValid())
                return local(date, time);
        }
    }
    if (text.size() > 10 && text.at(10) == QLatin1Char(' '))
        text[10] = QLatin1Char('T');
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (parsed.isValid())
        return parsed.timeSpec() == Qt::LocalTime ? local(parsed.date(), parsed.time())
                                                  : parsed;
    const QDate date = QDate::fromString(text, Qt::ISODate);
    return date.isValid() ? local(date, QTime(0, 0)) : QDateTime();
}

namespace erpvalue {

QString text(const QVariant &value)
{
    return value.isNull() ? QString() : value.toString().trimmed();
}

std::optional<double> number(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    bool ok = false;
    const double number = value.typeId() == QMetaType::QString
                              ? value.toString().trimmed().toDouble(&ok)
                              : value.toDouble(&ok);
    return ok ? std::optional<double>(number) : std::nullopt;
}

int integer(const QVariant &value)
{
    const auto n = number(value);
    return n ? static_cast<int>(std::lround(*n)) : 0;
}

QVariantList bindList(const QStringList &values)
{
    QVariantList out;
    out.reserve(values.size());
    for (const QString &value : values)
        out << value;
    return out;
}

} // namespace erpvalue

} // namespace routing
