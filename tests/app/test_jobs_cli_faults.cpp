// The faults of issue 5 that need a process to die or a disk to fill, through the real
// routing-console executable and the real worker: the worker killed with SIGKILL mid-training, the
// console killed between writing a version and switching the pointer (and after the pointer file),
// and a full file system while a version is stored.

#include "tests/app/jobs_cli_fixture.h"

#include <QDirIterator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

using namespace clitest;

class TestJobsCliFaults final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_plant = makeDemoPlant(m_root);
        QVERIFY(!m_plant.isEmpty());
    }

    void workerKilledMidTraining()
    {
#ifndef Q_OS_UNIX
        QSKIP("sends SIGKILL to the worker (POSIX)");
#else
        Console c(m_plant);
        QCOMPARE(c.run(train(kBeforeDrift, QStringLiteral("live"))).exitCode, 0);
        const QString live = c.active();
        auto console = c.start(train(kAfterDrift, QStringLiteral("to be killed")));
        const QJsonObject running = c.waitForRunningJob([](const QJsonObject &j) {
            return j.value(QStringLiteral("step")).toString() == QLatin1String("xgboost") &&
                   j.value(QStringLiteral("worker_pid")).toInt() > 0;
        });
        QVERIFY2(!running.isEmpty(), "the job never reached the XGBoost rounds");
        QCOMPARE(::kill(pid_t(running.value(QStringLiteral("worker_pid")).toInt()), SIGKILL), 0);
        QVERIFY(console->waitForFinished(60000));
        QCOMPARE(console->exitCode(), 3);

        const QJsonObject job = c.jobs().first().toObject();
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("FAILED"));
        const QJsonObject error = job.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toInt(), 1004);
        QVERIFY2(error.value(QStringLiteral("message"))
                     .toString()
                     .contains(QStringLiteral("killed (signal 9)")),
                 qPrintable(error.value(QStringLiteral("message")).toString()));
        // The live model untouched, no half-written version or candidate anywhere.
        QCOMPARE(c.active(), live);
        QCOMPARE(c.versionNames(), QStringList{live});
        QVERIFY(hiddenEntries(c.path(QStringLiteral("models"))).isEmpty());
        const QString jobDir = c.path(QStringLiteral("data/training_jobs/%1")
                                          .arg(job.value(QStringLiteral("id")).toString()));
        QVERIFY(hiddenEntries(jobDir).isEmpty());
        QVERIFY(!QFileInfo::exists(QDir(jobDir).filePath(QStringLiteral("candidate"))));
#endif
    }

    void consoleKilledBetweenVersionAndPointer()
    {
        Console c(m_plant);
        QCOMPARE(c.run(train(kBeforeDrift, QStringLiteral("live"))).exitCode, 0);
        const QString live = c.active();
        const Run crashed = c.run(train(kAfterDrift, QStringLiteral("crash")), Console::Fast,
                                  QStringLiteral("after-version-written"));
        QCOMPARE(crashed.exitCode, 86);
        // On restart: the pointer still names the complete, verified live version; the new one
        // is complete and listed but not active; the job is settled as interrupted.
        QCOMPARE(c.active(), live);
        const QStringList names = c.versionNames();
        QCOMPARE(names.size(), 2);
        const QString stored = names.first() == live ? names.last() : names.first();
        const QJsonObject job = c.jobs().first().toObject();
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("FAILED"));
        QVERIFY(job.value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("interrupted")));
        QVERIFY(hiddenEntries(c.path(QStringLiteral("models"))).isEmpty());
        QCOMPARE(c.run({QStringLiteral("activate"), stored, QStringLiteral("--reason"),
                        QStringLiteral("finish the deploy")})
                     .exitCode,
                 0);

        // Killed after the registry file (the commit point), before the database mirror: the
        // switch happened, and the next start mirrors it.
        const Run killed = c.run({QStringLiteral("activate"), live, QStringLiteral("--reason"),
                                  QStringLiteral("crash test")},
                                 Console::Fast, QStringLiteral("after-pointer-written"));
        QCOMPARE(killed.exitCode, 86);
        const QJsonObject v = c.versions();
        QCOMPARE(v.value(QStringLiteral("active_version")).toString(), live);
        const QJsonArray history = v.value(QStringLiteral("history")).toArray();
        QCOMPARE(history.last().toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("crash test"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(c.path(QStringLiteral("data/state.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), MAX(seq) FROM model_activations")) &&
                    q.next());
            QCOMPARE(q.value(0).toInt(), history.size());
            QVERIFY(q.exec(QStringLiteral(
                        "SELECT value FROM settings WHERE key = 'registry.active_version'")) &&
                    q.next());
            QCOMPARE(q.value(0).toString(), live);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void fullDiskWhileStoringAVersion()
    {
#ifndef Q_OS_LINUX
        QSKIP("mounts a size-limited tmpfs (Linux)");
#else
        if (::geteuid() != 0)
            QSKIP("mounting a size-limited tmpfs needs root; run as root to exercise a full disk");
        QTemporaryDir mountDir;
        const QString mountPoint = mountDir.path();
        if (QProcess::execute(QStringLiteral("mount"),
                              {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                               QStringLiteral("size=16m"), QStringLiteral("tmpfs"), mountPoint}) !=
            0)
            QSKIP("mount -t tmpfs failed here (no CAP_SYS_ADMIN in this container?)");
        const auto unmount =
            qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {mountPoint}); });

        Console c(m_plant, mountPoint);
        QCOMPARE(c.run(train(kBeforeDrift, QStringLiteral("live"))).exitCode, 0);
        const QString live = c.active();
        QVERIFY(
            QFileInfo::exists(QDir(mountPoint).filePath(live + QStringLiteral("/manifest.json"))));
        // Shrink the file system to what is used plus a little: the next version cannot fit.
        qint64 used = 0;
        QDirIterator it(mountPoint, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            used += (it.fileInfo().size() + 4095) / 4096 * 4096;
        }
        QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                                   {QStringLiteral("-o"),
                                    QStringLiteral("remount,size=%1").arg(used + 64 * 1024),
                                    mountPoint}),
                 0);

        const Run full = c.run(train(kAfterDrift, QStringLiteral("no room")));
        QCOMPARE(full.exitCode, 3);
        const QJsonObject job = c.jobs().first().toObject();
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("FAILED"));
        const QString message = job.value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        QVERIFY2(message.contains(QStringLiteral("No space left on device")) &&
                     message.contains(QStringLiteral("the live model stays")),
                 qPrintable(message));
        QCOMPARE(c.active(), live);
        QCOMPARE(c.versionNames(), QStringList{live});
        QVERIFY(hiddenEntries(mountPoint).isEmpty());
        QCOMPARE(QDir(mountPoint).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList{live});
#endif
    }

private:
    QTemporaryDir m_root;
    QString m_plant;
};

QTEST_GUILESS_MAIN(TestJobsCliFaults)
#include "test_jobs_cli_faults.moc"
