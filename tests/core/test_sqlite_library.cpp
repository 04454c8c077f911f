// The tuning of the SQLite library behind Qt's QSQLITE driver (core/data/sqlite_library.h): it
// must reach the very connections Qt opens, and only a call made before the first one counts.
// Real SQLite files through Qt's driver; the control runs this binary again, untuned, in a child
// process, so the measurement is seen to tell the two states apart.
#include "core/data/sqlite_library.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef ROUTING_SQLITE_TUNING
#include <sqlite3.h>
#endif

using namespace routing;

namespace {

/// Set in the child process of untunedControl(): that process never tunes the library.
constexpr char kControlVariable[] = "ROUTING_TEST_SQLITE_UNTUNED";

bool isControl()
{
    return qEnvironmentVariableIsSet(kControlVariable);
}

#ifdef ROUTING_SQLITE_TUNING
/// True when `db` is an open QSQLITE connection served by the library the console tunes (one
/// copy of SQLite, not one built into Qt's driver): the connection's VFS object lives in the
/// library that opened it, and ours is the same object only when both are one copy.
bool usesTunedLibrary(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver() || db.driverName() != QLatin1String("QSQLITE"))
        return false;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return false;
    auto *connection = *static_cast<sqlite3 *const *>(handle.constData());
    sqlite3_vfs *vfs = nullptr;
    return connection &&
           sqlite3_file_control(connection, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) == SQLITE_OK &&
           vfs && vfs == sqlite3_vfs_find(nullptr);
}
#endif

/// Opens `path` through Qt's driver, writes and reads a few thousand text rows.
void exercise(const QString &path, const QString &connection)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (code TEXT, minutes REAL)")));
        QVERIFY(db.transaction());
        QVERIFY(q.prepare(QStringLiteral("INSERT INTO t VALUES (?, ?)")));
        for (int i = 0; i < 2000; ++i) {
            q.addBindValue(QStringLiteral("ITEM-%1").arg(i));
            q.addBindValue(i * 0.5);
            QVERIFY(q.exec());
        }
        QVERIFY(db.commit());
        QVERIFY(q.exec(QStringLiteral("SELECT code, minutes FROM t ORDER BY code")));
        int rows = 0;
        while (q.next())
            rows += q.value(0).toString().startsWith(QLatin1String("ITEM-")) ? 1 : 0;
        QCOMPARE(rows, 2000);
#ifdef ROUTING_SQLITE_TUNING
        QVERIFY(usesTunedLibrary(db));
#endif
    }
    QSqlDatabase::removeDatabase(connection);
}

} // namespace

class TestSqliteLibrary final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // As routing-console's main() does: before the first connection.
        if (!isControl())
            tuneSqliteLibrary();
    }

    void tunedBeforeTheFirstConnection()
    {
        if (isControl())
            QSKIP("control process: not tuned on purpose");
        const SqliteLibraryTuning t = tuneSqliteLibrary();
#ifndef ROUTING_SQLITE_TUNING
        QVERIFY(!t.available);
        QVERIFY(!t.memoryStatisticsOff);
        QVERIFY(t.problem.contains(QLatin1String("ROUTING_SQLITE_TUNING")));
        QSKIP("built without ROUTING_SQLITE_TUNING (no system SQLite to tune)");
#else
        QVERIFY(t.available);
        QVERIFY2(t.memoryStatisticsOff, qPrintable(t.problem));
        QCOMPARE(t.libraryVersion, QString::fromLatin1(sqlite3_libversion()));
        QVERIFY(t.problem.isEmpty());
#endif
    }

    /// Qt's connections run on the tuned library: it counts no memory while they work.
    void qtConnectionsRunOnTheTunedLibrary()
    {
#ifndef ROUTING_SQLITE_TUNING
        QSKIP("built without ROUTING_SQLITE_TUNING");
#else
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        exercise(dir.filePath(QStringLiteral("plant.db")), QStringLiteral("tuned"));
        if (isControl()) {
            // Untuned, the same work is counted: the check above can fail.
            QVERIFY(sqlite3_memory_highwater(0) > 0);
            return;
        }
        QCOMPARE(sqlite3_memory_used(), sqlite3_int64(0));
        QCOMPARE(sqlite3_memory_highwater(0), sqlite3_int64(0));
#endif
    }

    /// A later call cannot tune a library already in use, and does not pretend to: the first
    /// call's result stands, and an untuned process reports why.
    void laterCallsKeepTheFirstResult()
    {
        if (isControl()) {
            const SqliteLibraryTuning late = tuneSqliteLibrary(); // after connections: too late
#ifdef ROUTING_SQLITE_TUNING
            QVERIFY(!late.memoryStatisticsOff);
            QVERIFY2(late.problem.contains(QLatin1String("opened before")), qPrintable(late.problem));
#endif
            return;
        }
        const SqliteLibraryTuning again = tuneSqliteLibrary();
#ifdef ROUTING_SQLITE_TUNING
        QVERIFY(again.memoryStatisticsOff);
#else
        QVERIFY(!again.memoryStatisticsOff);
#endif
    }

    void untunedControl()
    {
        if (isControl())
            QSKIP("this is the control");
#ifndef ROUTING_SQLITE_TUNING
        QSKIP("built without ROUTING_SQLITE_TUNING");
#else
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kControlVariable), QStringLiteral("1"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("qtConnectionsRunOnTheTunedLibrary"),
                     QStringLiteral("laterCallsKeepTheFirstResult")});
        QVERIFY(child.waitForFinished(60000));
        const QByteArray out = child.readAllStandardOutput() + child.readAllStandardError();
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                 out.constData());
        QVERIFY2(out.contains("PASS   : TestSqliteLibrary::qtConnectionsRunOnTheTunedLibrary()"),
                 out.constData());
#endif
    }
};

QTEST_GUILESS_MAIN(TestSqliteLibrary)
#include "test_sqlite_library.moc"
