#include "core/audit/audit_log.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace routing;

class TestAuditLog final : public QObject
{
    Q_OBJECT
private slots:
    void appendsJsonLinesAndReadsThemBack()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("sub/audit.jsonl")));
        QVERIFY(log.append({{}, QStringLiteral("kim"), QStringLiteral("model.rollback"),
                            QStringLiteral("version_20261101_020000"),
                            QJsonObject{{QStringLiteral("active"), QStringLiteral("v2")}},
                            QJsonObject{{QStringLiteral("active"), QStringLiteral("v1")}},
                            QStringLiteral("MAE 악화 — 롤백")}));
        QVERIFY(log.append({{}, QStringLiteral("api"), QStringLiteral("training.start"), {}, {}, {}, {}}));
        const auto entries = log.readAll();
        QVERIFY(entries);
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(0).actor, QStringLiteral("kim"));
        QCOMPARE(entries->at(0).reason, QStringLiteral("MAE 악화 — 롤백"));
        QCOMPARE(entries->at(0).before.toObject().value(QStringLiteral("active")).toString(), QStringLiteral("v2"));
        QVERIFY(entries->at(0).time.isValid());
        QCOMPARE(entries->at(1).action, QStringLiteral("training.start"));

        QFile f(log.path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 3); // two records and the final newline
        QVERIFY(lines[0].startsWith("{\"action\":\"model.rollback\""));
    }

    void osUserWithoutLoginEnvironment()
    {
        // A service started without USER/USERNAME/LOGNAME (systemd, cron) still names its account.
        const QByteArray saved[] = {qgetenv("USER"), qgetenv("USERNAME"), qgetenv("LOGNAME")};
        const char *names[] = {"USER", "USERNAME", "LOGNAME"};
        for (const char *n : names)
            qunsetenv(n);
        const QString user = AuditLog::currentOsUser();
        for (int i = 0; i < 3; ++i)
            if (!saved[i].isNull())
                qputenv(names[i], saved[i]);
#if defined(Q_OS_UNIX)
        QVERIFY2(!user.isEmpty() && user != QLatin1String("unknown"), qPrintable(user));
#else
        QVERIFY(!user.isEmpty());
#endif
        qputenv("USER", "kim");
        QCOMPARE(AuditLog::currentOsUser(), QStringLiteral("kim"));
        if (saved[0].isNull())
            qunsetenv("USER");
        else
            qputenv("USER", saved[0]);
    }

    void refusesEntryWithoutActor()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        const auto r = log.append({{}, {}, QStringLiteral("x"), {}, {}, {}, {}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidData);
        QVERIFY(!QFile::exists(log.path()));
    }

    void reportsCorruptLineWithLineNumber()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(log.append({{}, QStringLiteral("a"), QStringLiteral("b"), {}, {}, {}, {}}));
        QFile f(log.path());
        QVERIFY(f.open(QIODevice::Append));
        f.write("{broken\n");
        f.close();
        const auto r = log.readAll();
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(QStringLiteral(":2:")), qPrintable(r.error().message));
    }

    void concurrentWritersNeverInterleave()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        QList<QThread *> threads;
        for (int t = 0; t < 4; ++t) {
            threads.append(QThread::create([&log, t] {
                for (int i = 0; i < 200; ++i)
                    (void)log.append({{}, QStringLiteral("t%1").arg(t), QStringLiteral("act"),
                                      QString::number(i), {}, {}, QString(300, u'x')});
            }));
            threads.last()->start();
        }
        for (QThread *th : threads) {
            th->wait();
            delete th;
        }
        const auto entries = log.readAll();
        QVERIFY2(entries, entries ? "" : qPrintable(entries.error().message));
        QCOMPARE(entries->size(), 800);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "test_audit_log.moc"
