#include "core/state/state_store.h"

#include "core/common/logging_categories.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace routing {
namespace {

// Migration N brings the schema from version N-1 to N. Append only; never edit a released one.
const char *const kMigrations[] = {
    // 1: settings and bookkeeping
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)",
};

Status execOrFail(QSqlQuery &q, const QString &sql, const QString &path)
{
    if (!q.exec(sql))
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2 (%3)").arg(path, q.lastError().text(), sql.left(80)));
    return {};
}

} // namespace

StateStore::StateStore(QString path)
    : m_path(std::move(path)), m_prefix(QStringLiteral("state-") + QUuid::createUuid().toString(QUuid::Id128) + u'-')
{
}

StateStore::~StateStore()
{
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (!name.startsWith(m_prefix))
            continue;
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

int StateStore::latestSchemaVersion()
{
    return int(std::size(kMigrations));
}

Result<QSqlDatabase> StateStore::connectionForThread()
{
    const QString name = m_prefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(ErrorCode::Io, QStringLiteral("cannot create the folder of the state database %1").arg(m_path));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return fail(ErrorCode::Io, QStringLiteral("cannot open the state database %1: %2").arg(m_path, db.lastError().text()));
    QSqlQuery q(db);
    // A file that is not SQLite fails here, with SQLite's own words.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return fail(ErrorCode::Io, QStringLiteral("state database %1 is not usable: %2").arg(m_path, q.lastError().text()));
    q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    return db;
}

Status StateStore::open()
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    return migrate(*db);
}

Result<int> StateStore::schemaVersion()
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, q.lastError().text()));
    return q.value(0).toInt();
}

Status StateStore::migrate(QSqlDatabase &db)
{
    const auto current = schemaVersion();
    if (!current)
        return std::unexpected(current.error());
    const int latest = latestSchemaVersion();
    if (*current > latest)
        return fail(ErrorCode::Io, QStringLiteral("state database %1 has schema version %2, newer than this console "
                                                  "understands (%3); use a newer console or another state path")
                                       .arg(m_path).arg(*current).arg(latest));
    if (*current == latest)
        return {};
    if (!db.transaction())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, db.lastError().text()));
    QSqlQuery q(db);
    for (int v = *current; v < latest; ++v) {
        if (auto r = execOrFail(q, QString::fromUtf8(kMigrations[v]), m_path); !r) {
            db.rollback();
            return r;
        }
    }
    if (auto r = execOrFail(q, QStringLiteral("PRAGMA user_version = %1").arg(latest), m_path); !r) {
        db.rollback();
        return r;
    }
    if (!db.commit())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, db.lastError().text()));
    qCInfo(lcState) << "state database" << m_path << "migrated from version" << *current << "to" << latest;
    return {};
}

Result<QString> StateStore::value(const QString &key, const QString &fallback)
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, q.lastError().text()));
    return q.next() ? q.value(0).toString() : fallback;
}

Status StateStore::setValue(const QString &key, const QString &value)
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(key);
    q.addBindValue(value);
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!q.exec())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, q.lastError().text()));
    return {};
}

} // namespace routing
