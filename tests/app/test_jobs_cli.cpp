// Training jobs and the model registry through the real routing-console executable, on the real
// ML trainer and a small generated demo plant: deploy, keep, roll back, the history; the queue from
// the command line; a corrupt version refused; two consoles on one state directory. The crash and
// full-disk faults: test_jobs_cli_faults.cpp.

#include "tests/app/jobs_cli_fixture.h"

#include <QRegularExpression>

using namespace clitest;

class TestJobsCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_plant = makeDemoPlant(m_root);
        QVERIFY(!m_plant.isEmpty());
    }

    void deployKeepRollbackAndHistory()
    {
        Console c(m_plant);
        const Run first = c.run(train(kBeforeDrift, QStringLiteral("first model")));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const QString v1 = c.active();
        QVERIFY(v1.startsWith(QStringLiteral("version_")));
        // After the drift a new model beats the live one and is deployed.
        const Run second = c.run(train(kAfterDrift, QStringLiteral("after the drift")));
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QVERIFY(second.out.contains(QStringLiteral("SUCCEEDED")));
        const QString v2 = c.active();
        QVERIFY(v2 != v1);
        // A candidate that does not beat it by training.min_improvement_pct is kept out on
        // purpose: exit 0, no new version.
        // (In Korean: the worker's steps are shown in the operator's language.)
        const Run third = c.run(QStringList{QStringLiteral("--lang"), QStringLiteral("ko")} +
                                    train(kAfterDrift, QStringLiteral("again")),
                                Console::Strict);
        QCOMPARE(third.exitCode, 0);
        QVERIFY2(third.out.contains(QStringLiteral("SKIPPED")), qPrintable(third.out));
        const QRegularExpression progressLine(QStringLiteral("^train: \\d+% (.+?) — "),
                                              QRegularExpression::MultilineOption);
        int shown = 0;
        for (auto it = progressLine.globalMatch(third.err); it.hasNext(); ++shown) {
            const QString step = it.next().captured(1);
            QVERIFY2(step.contains(QRegularExpression(QStringLiteral("[가-힣]"))),
                     qPrintable(third.err)); // a label, not the worker's key
        }
        QVERIFY2(shown > 0, qPrintable(third.err));
        QCOMPARE(c.versionNames().size(), 2);

        QCOMPARE(c.run({QStringLiteral("rollback")}).exitCode, 4); // a reason is required
        const Run back = c.run({QStringLiteral("rollback"), QStringLiteral("--reason"),
                                QStringLiteral("operator check")});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err));
        const QJsonObject v = c.versions();
        QCOMPARE(v.value(QStringLiteral("active_version")).toString(), v1);
        QCOMPARE(v.value(QStringLiteral("previous_version")).toString(), v2);
        const QJsonArray history = v.value(QStringLiteral("history")).toArray();
        QCOMPARE(history.size(), 3);
        const auto entry = [&](int i, const char *key) {
            return history.at(i).toObject().value(QLatin1String(key)).toString();
        };
        QCOMPARE(entry(0, "kind"), QStringLiteral("deploy"));
        QCOMPARE(entry(0, "to"), v1);
        QVERIFY(entry(0, "reason").startsWith(QStringLiteral("first model")));
        QCOMPARE(entry(1, "kind"), QStringLiteral("deploy"));
        QCOMPARE(entry(1, "from"), v1);
        QCOMPARE(entry(1, "to"), v2);
        QCOMPARE(entry(2, "kind"), QStringLiteral("rollback"));
        QCOMPARE(entry(2, "to"), v1);
        QCOMPARE(entry(2, "reason"), QStringLiteral("operator check"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(!entry(i, "actor").isEmpty());

        const QJsonArray jobs = c.jobs();
        QCOMPARE(jobs.size(), 3);
        QStringList states;
        for (const QJsonValue &j : jobs) {
            states << j.toObject().value(QStringLiteral("state")).toString();
            const QString id = j.toObject().value(QStringLiteral("id")).toString();
            QFile state(c.path(QStringLiteral("data/training_jobs/%1/state.json").arg(id)));
            QVERIFY(state.open(QIODevice::ReadOnly));
            QCOMPARE(QJsonDocument::fromJson(state.readAll())
                         .object()
                         .value(QStringLiteral("status"))
                         .toString(),
                     states.last());
        }
        QCOMPARE(states, (QStringList{QStringLiteral("SKIPPED"), QStringLiteral("SUCCEEDED"),
                                      QStringLiteral("SUCCEEDED")}));

        // Any listed version can be activated again with a reason; an unknown one is refused.
        QCOMPARE(c.run({QStringLiteral("activate"), v2, QStringLiteral("--reason"),
                        QStringLiteral("re-check")})
                     .exitCode,
                 0);
        QCOMPARE(c.active(), v2);
        const Run unknown =
            c.run({QStringLiteral("activate"), QStringLiteral("version_19990101_000000"),
                   QStringLiteral("--reason"), QStringLiteral("x")});
        QCOMPARE(unknown.exitCode, 3);
        QVERIFY(unknown.err.contains(QStringLiteral("[1002]")));

        QFile audit(c.path(QStringLiteral("data/audit/audit.jsonl")));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QByteArray log = audit.readAll();
        QCOMPARE(log.count("\"action\":\"model.deploy\""), 2);
        QCOMPARE(log.count("\"action\":\"model.rollback\""), 1);
        QCOMPARE(log.count("\"action\":\"job.finish\""), 3);
    }

    void queueWithoutWaitingFullQueueAndCancel()
    {
        Console c(m_plant);
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            const Run queued = c.run({QStringLiteral("train"), QStringLiteral("--reason"),
                                      QStringLiteral("later %1").arg(i)});
            QCOMPARE(queued.exitCode, 0);
            QVERIFY(queued.err.contains(QStringLiteral("no console is running the jobs")));
            const QRegularExpressionMatch m =
                QRegularExpression(QStringLiteral("^queued (job_\\S+)")).match(queued.out);
            QVERIFY2(m.hasMatch(), qPrintable(queued.out));
            ids << m.captured(1);
        }
        // queue.max_size 3: the fourth is refused (1003) and kept as DEFERRED.
        const Run full = c.run(
            {QStringLiteral("train"), QStringLiteral("--reason"), QStringLiteral("one too many")});
        QCOMPARE(full.exitCode, 3);
        QVERIFY2(full.err.contains(QStringLiteral("[1003]")) &&
                     full.err.contains(QStringLiteral("3 of queue.max_size 3")),
                 qPrintable(full.err));
        QCOMPARE(c.run({QStringLiteral("cancel"), ids.first()}).exitCode, 0);
        QCOMPARE(c.run({QStringLiteral("cancel"), ids.first()}).exitCode, 3); // already final
        QCOMPARE(c.run({QStringLiteral("cancel"), QStringLiteral("job_nope")}).exitCode, 3);
        QStringList states;
        for (const QJsonValue &j : c.jobs())
            states << j.toObject().value(QStringLiteral("state")).toString();
        QCOMPARE(states.count(QStringLiteral("PENDING")), 2);
        QCOMPARE(states.count(QStringLiteral("CANCELLED")), 1);
        QCOMPARE(states.count(QStringLiteral("DEFERRED")), 1);
    }

    void byteFlipRefusesActivationAndRollback()
    {
        Console c(m_plant);
        QCOMPARE(c.run(train(kBeforeDrift, QStringLiteral("one"))).exitCode, 0);
        const QString v1 = c.active();
        QCOMPARE(c.run(train(kAfterDrift, QStringLiteral("two"))).exitCode, 0);
        const QString v2 = c.active();
        QVERIFY(v2 != v1);
        const QString file = c.path(QStringLiteral("models/%1/baseline.json").arg(v1));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(f.size() / 2));
        char ch = 0;
        QVERIFY(f.getChar(&ch));
        QVERIFY(f.seek(f.size() / 2));
        QVERIFY(f.putChar(char(ch ^ 0x01)));
        f.close();

        const Run rollback =
            c.run({QStringLiteral("rollback"), QStringLiteral("--reason"), QStringLiteral("try")});
        QCOMPARE(rollback.exitCode, 3);
        QVERIFY2(rollback.err.contains(QStringLiteral("[1002]")) &&
                     rollback.err.contains(QStringLiteral("checksum mismatch in baseline.json")),
                 qPrintable(rollback.err));
        const Run activate = c.run(
            {QStringLiteral("activate"), v1, QStringLiteral("--reason"), QStringLiteral("try")});
        QCOMPARE(activate.exitCode, 3);
        QVERIFY(activate.err.contains(QStringLiteral("checksum mismatch in baseline.json")));
        QCOMPARE(c.active(), v2);
        QCOMPARE(c.versions().value(QStringLiteral("history")).toArray().size(), 2);
    }

    void secondConsoleRefusesToRunJobs()
    {
        Console c(m_plant);
        // Create the state database first: StateStore's first migration is not safe against two
        // processes creating the same new file at the same moment (reported to the lead).
        QCOMPARE(c.run({QStringLiteral("jobs")}).exitCode, 0);
        auto first = c.start(train(kAfterDrift, QStringLiteral("first console")));
        const QJsonObject running = c.waitForRunningJob(
            [](const QJsonObject &j) { return j.value(QStringLiteral("worker_pid")).toInt() > 0; });
        QVERIFY2(!running.isEmpty(),
                 qPrintable(QString::fromUtf8(first->readAllStandardError() +
                                              QJsonDocument(c.jobs()).toJson())));
        auto second = c.start(train(kAfterDrift, QStringLiteral("second console")));
        QString err;
        QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(second->readAllStandardError()))
                                     .contains(QStringLiteral("following it there")),
                                 20000);
        QVERIFY2(err.contains(QStringLiteral("another console (pid %1").arg(first->processId())),
                 qPrintable(err));
        QVERIFY(err.contains(QStringLiteral("will not run jobs")));
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("(job_\\d{8}_\\d{6}_[0-9a-f]{8}) is queued"))
                .match(err);
        QVERIFY(m.hasMatch());
        const QString secondJob = m.captured(1);
        // The second console's job waits for the first console; cancelling it ends the wait.
        QCOMPARE(c.run({QStringLiteral("cancel"), secondJob}).exitCode, 0);
        QVERIFY(second->waitForFinished(20000));
        QCOMPARE(second->exitCode(), 3);
        // A running job is cancelled through the queue by a third process: its console stops the
        // worker.
        const QString firstJob = running.value(QStringLiteral("id")).toString();
        const Run cancel = c.run({QStringLiteral("cancel"), firstJob});
        QCOMPARE(cancel.exitCode, 0);
        QVERIFY(cancel.out.contains(QStringLiteral("cancel requested")));
        QVERIFY(first->waitForFinished(30000));
        QCOMPARE(first->exitCode(), 3);
        for (const QJsonValue &j : c.jobs())
            QCOMPARE(j.toObject().value(QStringLiteral("state")).toString(),
                     QStringLiteral("CANCELLED"));
        QVERIFY(c.versionNames().isEmpty());
    }

private:
    QTemporaryDir m_root;
    QString m_plant;
};

QTEST_GUILESS_MAIN(TestJobsCli)
#include "test_jobs_cli.moc"
