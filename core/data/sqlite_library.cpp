#include "core/data/sqlite_library.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#ifdef ROUTING_SQLITE_TUNING
#include <sqlite3.h>
#endif

namespace routing {

namespace {

SqliteLibraryTuning applyTuning()
{
    SqliteLibraryTuning t;
#ifdef ROUTING_SQLITE_TUNING
    t.available = true;
    t.libraryVersion = QString::fromLatin1(sqlite3_libversion());
    // Allowed only before sqlite3_initialize(), which the first sqlite3_open*() calls.
    const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    t.memoryStatisticsOff = rc == SQLITE_OK;
    if (!t.memoryStatisticsOff)
        t.problem = QStringLiteral("sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) returned %1 (%2): "
                                   "a SQLite connection was opened before the console tuned the "
                                   "library")
                        .arg(rc)
                        .arg(QString::fromLatin1(sqlite3_errstr(rc)));
#else
    t.problem = QStringLiteral("built without ROUTING_SQLITE_TUNING: Qt's SQLite driver uses its "
                               "own copy of the library");
#endif
    return t;
}

} // namespace

SqliteLibraryTuning tuneSqliteLibrary()
{
    static const SqliteLibraryTuning tuning = applyTuning();
    return tuning;
}

bool sqliteConnectionUsesTunedLibrary(const QSqlDatabase &db)
{
#ifdef ROUTING_SQLITE_TUNING
    if (!db.isOpen() || !db.driver() || db.driverName() != QLatin1String("QSQLITE"))
        return false;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    auto *connection = *static_cast<sqlite3 *const *>(handle.constData());
    if (!connection)
        return false;
    // The connection's VFS object lives in the library that opened it; the default VFS of ours
    // is the same object only when both are one copy of SQLite.
    sqlite3_vfs *vfs = nullptr;
    if (sqlite3_file_control(connection, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK)
        return false;
    return vfs && vfs == sqlite3_vfs_find(nullptr);
#else
    Q_UNUSED(db);
    return false;
#endif
}

} // namespace routing
