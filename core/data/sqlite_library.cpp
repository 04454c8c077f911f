#include "core/data/sqlite_library.h"

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

} // namespace routing
