#pragma once

#include <QString>

namespace routing {

/// What tuneSqliteLibrary() did to the SQLite library the console is linked with.
struct SqliteLibraryTuning
{
    /// Built with a SQLite library to tune (ROUTING_SQLITE_TUNING: Linux, where Qt's QSQLITE
    /// driver uses the system library too). False elsewhere: Qt's Windows and macOS drivers carry
    /// their own copy of SQLite, which no call of ours reaches.
    bool available = false;
    /// SQLite's memory statistics are off, so its malloc and free no longer take a
    /// process-wide mutex (SQLITE_CONFIG_MEMSTATUS = 0).
    bool memoryStatisticsOff = false;
    QString libraryVersion; ///< sqlite3_libversion(), empty when not available
    QString problem;        ///< why the setting was not applied, empty when it was
};

/// Turns SQLite's memory statistics off before any connection opens: with them on, every
/// allocation SQLite makes (one per text value Qt reads, converted to UTF-16) locks one global
/// mutex, and two threads reading the ERP side by side wait on each other. SQLite's own advice
/// for speed (SQLITE_DEFAULT_MEMSTATUS=0); the console reads no SQLite memory statistics.
/// Call at the start of main(), before the first QSqlDatabase opens: a first call made after a
/// connection has opened changes nothing and says so in `problem`. Thread-safe; every call
/// returns the first call's result.
SqliteLibraryTuning tuneSqliteLibrary();

} // namespace routing
