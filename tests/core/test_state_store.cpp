#include "core/state/state_store.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

using namespace routing;

class TestStateStore final : public QObject
{
    Q_OBJECT
private slots:
    void createsAndMigratesOnce()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data/state.db"));
        {
            StateStore store(path);
            QVERIFY(store.open());
            QCOMPARE(store.schemaVersion().value(), StateStore::latestSchemaVersion());
            QVERIFY(store.setValue(QStringLiteral("auto_retrain_paused"), QStringLiteral("true")));
            QVERIFY(store.setValue(QStringLiteral("auto_retrain_paused"), QStringLiteral("false")));
        }
        StateStore again(path);
        QVERIFY(again.open()); // idempotent: no migration re-run
        QCOMPARE(again.value(QStringLiteral("auto_retrain_paused")).value(), QStringLiteral("false"));
        QCOMPARE(again.value(QStringLiteral("missing"), QStringLiteral("dflt")).value(), QStringLiteral("dflt"));
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state.db"));
        {
            StateStore store(path);
            QVERIFY(store.open());
            auto db = store.connectionForThread();
            QVERIFY(db);
            QSqlQuery q(*db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
        }
        StateStore store(path);
        const auto r = store.open();
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QStringLiteral("newer than this console")), qPrintable(r.error().message));
    }

    void refusesAFileThatIsNotSqlite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        StateStore store(path);
        const auto r = store.open();
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(path), qPrintable(r.error().message));
        QCOMPARE(QFileInfo(path).size(), qint64(4096)); // not overwritten
    }

    void concurrentCreationMigratesOnce()
    {
        // Several processes (here: threads with their own stores and connections) create the
        // same new state database at the same moment: each open() succeeds, the schema is
        // applied once.
        for (int round = 0; round < 5; ++round) {
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("state.db"));
            std::atomic<int> ready{0};
            std::vector<QString> errors(4);
            std::vector<std::thread> threads;
            for (int i = 0; i < 4; ++i)
                threads.emplace_back([&, i] {
                    StateStore store(path);
                    ++ready;
                    while (ready.load() < 4)
                        std::this_thread::yield();
                    if (auto r = store.open(); !r)
                        errors[size_t(i)] = r.error().message;
                });
            for (auto &t : threads)
                t.join();
            for (const QString &e : errors)
                QVERIFY2(e.isEmpty(), qPrintable(e));
            StateStore check(path);
            QVERIFY(check.open().has_value());
            QCOMPARE(check.schemaVersion().value(), StateStore::latestSchemaVersion());
        }
    }

    void eachThreadGetsItsOwnConnection()
    {
        QTemporaryDir dir;
        StateStore store(dir.filePath(QStringLiteral("state.db")));
        QVERIFY(store.open());
        const QString mine = store.connectionForThread()->connectionName();
        QString theirs;
        bool wrote = false;
        QThread *t = QThread::create([&] {
            theirs = store.connectionForThread()->connectionName();
            wrote = store.setValue(QStringLiteral("k"), QStringLiteral("from thread")).has_value();
        });
        t->start();
        t->wait();
        delete t;
        QVERIFY(wrote);
        QVERIFY(mine != theirs);
        QCOMPARE(store.value(QStringLiteral("k")).value(), QStringLiteral("from thread"));
    }
};

QTEST_GUILESS_MAIN(TestStateStore)
#include "test_state_store.moc"
