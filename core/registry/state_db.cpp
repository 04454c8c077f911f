#include "core/registry/state_db.h"

#include "core/state/state_store.h"

#include <QSqlError>

namespace routing::statedb {

QString timeText(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

QVariant timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(timeText(time)) : QVariant(QMetaType(QMetaType::QString));
}

QDateTime timeValue(const QVariant &value)
{
    if (value.isNull())
        return {};
    QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

Result<QSqlQuery> exec(StateStore &state, const QString &sql, const QVariantList &values)
{
    auto db = state.connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    if (!q.prepare(sql))
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2 (%3)")
                                       .arg(state.path(), q.lastError().text(), sql.left(80)));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2 (%3)")
                                       .arg(state.path(), q.lastError().text(), sql.left(80)));
    return q;
}

Status inTransaction(StateStore &state, const std::function<Status()> &body)
{
    auto db = state.connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery begin(*db);
    // IMMEDIATE takes the write lock now: two consoles checking the queue's capacity serialise
    // here.
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(
            ErrorCode::Io,
            QStringLiteral("state database %1: %2").arg(state.path(), begin.lastError().text()));
    Status s = body();
    QSqlQuery end(*db);
    if (!s) {
        end.exec(QStringLiteral("ROLLBACK"));
        return s;
    }
    if (!end.exec(QStringLiteral("COMMIT"))) {
        const QString why = end.lastError().text();
        end.exec(QStringLiteral("ROLLBACK"));
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(state.path(), why));
    }
    return {};
}

} // namespace routing::statedb
