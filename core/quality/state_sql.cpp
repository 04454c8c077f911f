#include "core/quality/state_sql.h"

#include "core/state/state_store.h"

#include <QSqlError>

namespace routing::quality::sql {

QString timeText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

QDateTime timeValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QVariant optionalNumber(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType(QMetaType::Double));
}

std::optional<double> numberValue(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    bool ok = false;
    const double d = value.toDouble(&ok);
    return ok ? std::optional(d) : std::nullopt;
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

Result<QSqlQuery> exec(StateStore &state, const QString &sqlText, const QVariantList &values)
{
    auto db = state.connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    q.setForwardOnly(true);
    if (!q.prepare(sqlText))
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2 (%3)")
                                       .arg(state.path(), q.lastError().text(), sqlText.left(80)));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2 (%3)")
                                       .arg(state.path(), q.lastError().text(), sqlText.left(80)));
    return q;
}

} // namespace routing::quality::sql
