// The whole loop of the operator manual, as an operator and the service run it (issue 5's
// acceptance), through the real executable on a 2,000-item demo plant with its drift event:
//
//   train before the drift → evaluate: normal → evaluate after the drift: critical, twice (2 of 3
//   debounce) → a retraining job is queued automatically, carrying the cycle → `serve` runs it in
//   a worker process: it beats the live model and deploys a new version → the next evaluation is
//   normal → `rollback` returns to the previous version → the activation history shows all of it,
//   with actors and reasons.
//
// Thresholds are the configuration's defaults (the manual's MAE warning 5 / critical 10 minutes).

#include "tests/app/jobs_cli_fixture.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace clitest;

namespace {

const QString kDrift = QStringLiteral("2025-05-16");     // end date − 45 days
const QString kAfter1 = QStringLiteral("2025-06-28");
const QString kAfter2 = QStringLiteral("2025-07-01");

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class TestAcceptanceLoop final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_config;
    QString m_someItem; ///< an item with a routing, for POST /api/predict

    Run run(const QStringList &args, int timeoutMs = 240000) const
    {
        QProcess p;
        p.setProcessEnvironment(baseEnvironment());
        p.start(routing::test::consoleBinary(), QStringList{QStringLiteral("--config"), m_config} + args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {-3, {}, QStringLiteral("timed out")};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QJsonObject evaluate(const QString &asOf, int expectedExit) const
    {
        const Run r = run({QStringLiteral("evaluate"), QStringLiteral("--as-of"), asOf,
                           QStringLiteral("--json")});
        const QJsonObject cycle = parseObject(r.out);
        const QJsonObject m = cycle.value(QStringLiteral("metrics")).toObject();
        qInfo("evaluate as of %s: exit %d, MAE %.2f, trimmed %.2f, process match %.3f",
              qPrintable(asOf), r.exitCode, m.value(QStringLiteral("mae_minutes")).toDouble(),
              m.value(QStringLiteral("trim_mae_minutes")).toDouble(),
              m.value(QStringLiteral("process_match")).toDouble());
        if (r.exitCode != expectedExit)
            qWarning("%s", qPrintable(r.err));
        return r.exitCode == expectedExit ? cycle : QJsonObject();
    }

    QJsonArray jobs() const
    {
        return QJsonDocument::fromJson(
                   run({QStringLiteral("jobs"), QStringLiteral("--json")}).out.toUtf8())
            .array();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString plant = m_dir.filePath(QStringLiteral("plant.db"));
        m_config = m_dir.filePath(QStringLiteral("config/acceptance.yaml"));
        QDir().mkpath(m_dir.filePath(QStringLiteral("config")));
        QFile f(m_config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("paths: {base_dir: ..}\n"
                "database: {path: \"" + plant.toUtf8() + "\"}\n"
                "sampling: {sample_size: 300, min_population: 50}\n"
                "training: {model_candidates: [xgboost]}\n"
                "queue: {max_retries: 0}\n"
                "schedule: {enabled: false}\n");
        f.close();
        const Run init = run({QStringLiteral("init-demo"), QStringLiteral("--items"),
                              QStringLiteral("2000"), QStringLiteral("--seed"), QStringLiteral("42"),
                              QStringLiteral("--end-date"), QStringLiteral("2025-06-30"),
                              QStringLiteral("--out"), plant});
        QVERIFY2(init.exitCode == 0, qPrintable(init.err));
        QVERIFY2(init.out.contains(QStringLiteral("drift from %1").arg(kDrift)), qPrintable(init.out));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(plant);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT ITEM_CD FROM BI_ROUTING_VIEW ORDER BY ITEM_CD LIMIT 1")) &&
                q.next());
        m_someItem = q.value(0).toString();
        q = QSqlQuery();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    }

    void driftRetrainDeployRollback()
    {
        // 1. The live model, trained on what was known at the drift date.
        const Run first = run({QStringLiteral("train"), QStringLiteral("--wait"),
                               QStringLiteral("--as-of"), kDrift, QStringLiteral("--reason"),
                               QStringLiteral("initial model")});
        QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
        const QJsonObject afterFirst = parseObject(
            run({QStringLiteral("versions"), QStringLiteral("--json")}).out);
        const QString v1 = afterFirst.value(QStringLiteral("active_version")).toString();
        QVERIFY(v1.startsWith(QStringLiteral("version_")));

        // 2. Before the drift: normal. After it: critical; the second critical cycle (2 of 3)
        //    raises the MAE alert [3001] and queues a retraining job carrying the cycle.
        QVERIFY(!evaluate(kDrift, 0).isEmpty());
        const QJsonObject c2 = evaluate(kAfter1, 2);
        QVERIFY(!c2.isEmpty());
        QVERIFY(c2.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("mae_minutes"))
                    .toDouble() >= 10.0);
        QCOMPARE(jobs().size(), 1); // only the initial training: one critical cycle is debounced
        const QJsonObject c3 = evaluate(kAfter2, 2);
        QVERIFY(!c3.isEmpty());
        const QJsonObject decision = c3.value(QStringLiteral("retraining")).toObject();
        QCOMPARE(decision.value(QStringLiteral("decision")).toString(), QStringLiteral("enqueued"));
        const QString jobId = decision.value(QStringLiteral("job_id")).toString();
        QVERIFY2(jobId.startsWith(QStringLiteral("job_")),
                 QJsonDocument(decision).toJson().constData());
        QJsonObject job;
        for (const QJsonValue &v : jobs())
            if (v.toObject().value(QStringLiteral("id")).toString() == jobId)
                job = v.toObject();
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("PENDING"));
        QCOMPARE(job.value(QStringLiteral("source")).toString(), QStringLiteral("quality_alert"));
        QCOMPARE(job.value(QStringLiteral("requested_by")).toString(), QStringLiteral("quality-loop"));
        QCOMPARE(job.value(QStringLiteral("cycle_id")).toString(),
                 c3.value(QStringLiteral("cycle_id")).toString());
        QVERIFY(job.value(QStringLiteral("reason")).toString().contains(QStringLiteral("[3001]")));
        // A replayed cycle retrains on the data it judged, not on "now".
        QCOMPARE(job.value(QStringLiteral("as_of")).toString(), kAfter2 + QStringLiteral("T00:00:00"));

        // The operator sees the alert and acknowledges it (who and when are kept).
        QJsonArray active = QJsonDocument::fromJson(
                                run({QStringLiteral("alerts"), QStringLiteral("--json")}).out.toUtf8())
                                .array();
        qint64 maeAlert = 0;
        for (const QJsonValue &v : active)
            if (v.toObject().value(QStringLiteral("key")).toString() == QLatin1String("quality.mae_minutes")) {
                QCOMPARE(v.toObject().value(QStringLiteral("code")).toInt(), 3001);
                QCOMPARE(v.toObject().value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
                maeAlert = qint64(v.toObject().value(QStringLiteral("id")).toDouble());
            }
        QVERIFY(maeAlert > 0);
        const Run ack = run({QStringLiteral("alerts"), QStringLiteral("--ack"), QString::number(maeAlert),
                             QStringLiteral("--note"), QStringLiteral("retraining queued")});
        QVERIFY2(ack.exitCode == 0, qPrintable(ack.err));
        active = QJsonDocument::fromJson(
                     run({QStringLiteral("alerts"), QStringLiteral("--json")}).out.toUtf8())
                     .array();
        for (const QJsonValue &v : active)
            if (qint64(v.toObject().value(QStringLiteral("id")).toDouble()) == maeAlert)
                QVERIFY(!v.toObject().value(QStringLiteral("acknowledged_by")).toString().isEmpty());
        QCOMPARE(run({QStringLiteral("alerts"), QStringLiteral("--shelve"), QString::number(maeAlert)})
                     .exitCode,
                 4); // a shelving needs hours and a reason

        // 3. The service runs the queue: the job trains in a worker process and deploys.
        QProcess serve;
        QProcessEnvironment serveEnv = baseEnvironment();
        serveEnv.insert(QStringLiteral("ROUTING_CONSOLE_API_TOKEN"), QStringLiteral("loop-token"));
        serve.setProcessEnvironment(serveEnv);
        serve.start(routing::test::consoleBinary(),
                    {QStringLiteral("--config"), m_config, QStringLiteral("serve"),
                     QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(serve.waitForStarted(5000));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 240000 && serve.state() == QProcess::Running) {
            for (const QJsonValue &v : jobs())
                if (v.toObject().value(QStringLiteral("id")).toString() == jobId)
                    job = v.toObject();
            const QString state = job.value(QStringLiteral("state")).toString();
            if (state != QLatin1String("PENDING") && state != QLatin1String("RUNNING"))
                break;
            QTest::qWait(500);
        }
        // The service hot-swapped the new model: POST /api/predict answers with it.
        const QRegularExpression listening(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)"));
        const QString announced = QString::fromUtf8(serve.readAllStandardOutput());
        const QRegularExpressionMatch port = listening.match(announced);
        QVERIFY2(port.hasMatch(), qPrintable(announced));
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-sS"), QStringLiteral("-X"), QStringLiteral("POST"),
                    QStringLiteral("-H"), QStringLiteral("Authorization: Bearer loop-token"),
                    QStringLiteral("-d"), QStringLiteral("{\"item_codes\":[\"%1\",\"NO-SUCH-ITEM\"]}").arg(m_someItem),
                    QStringLiteral("http://127.0.0.1:%1/api/predict").arg(port.captured(1))});
        QVERIFY(curl.waitForFinished(30000));
        const QJsonObject predicted = QJsonDocument::fromJson(curl.readAllStandardOutput()).object();
        QCOMPARE(predicted.value(QStringLiteral("count")).toInt(), 2);
        const QJsonArray items = predicted.value(QStringLiteral("predictions")).toArray();
        QJsonObject known, unknown;
        for (const QJsonValue &v : items)
            (v.toObject().value(QStringLiteral("item")).toString() == m_someItem ? known : unknown) =
                v.toObject();
        QVERIFY2(known.value(QStringLiteral("steps")).toArray().size() > 0,
                 QJsonDocument(predicted).toJson().constData());
        QVERIFY(known.value(QStringLiteral("steps")).toArray().first().toObject()
                    .value(QStringLiteral("run_minutes_per_unit")).toDouble() > 0);
        QVERIFY(unknown.contains(QStringLiteral("error")));

        serve.terminate();
        QVERIFY(serve.waitForFinished(20000));
        QCOMPARE(serve.exitCode(), 0);
        QVERIFY2(job.value(QStringLiteral("state")).toString() == QLatin1String("SUCCEEDED"),
                 (QJsonDocument(job).toJson() + serve.readAllStandardError()).constData());
        const QString v2 = job.value(QStringLiteral("version")).toString();
        QVERIFY(v2.startsWith(QStringLiteral("version_")) && v2 != v1);
        QJsonObject versions = parseObject(run({QStringLiteral("versions"), QStringLiteral("--json")}).out);
        QCOMPARE(versions.value(QStringLiteral("active_version")).toString(), v2);
        QCOMPARE(versions.value(QStringLiteral("previous_version")).toString(), v1);

        // 4. The next evaluation, on the new model: normal.
        const QJsonObject c4 = evaluate(kAfter2, 0);
        QVERIFY(!c4.isEmpty());
        QCOMPARE(c4.value(QStringLiteral("model_version")).toString(), v2);

        // 5. The operator rolls back to the version that was live before.
        const Run back = run({QStringLiteral("rollback"), QStringLiteral("--reason"),
                              QStringLiteral("acceptance: back to the pre-drift model")});
        QVERIFY2(back.exitCode == 0, qPrintable(back.out + back.err));
        versions = parseObject(run({QStringLiteral("versions"), QStringLiteral("--json")}).out);
        QCOMPARE(versions.value(QStringLiteral("active_version")).toString(), v1);

        // 6. The history: who, what, why.
        const QJsonArray history = versions.value(QStringLiteral("history")).toArray();
        QCOMPARE(history.size(), 3);
        const QJsonObject h1 = history[0].toObject(), h2 = history[1].toObject(),
                          h3 = history[2].toObject();
        QCOMPARE(h1.value(QStringLiteral("kind")).toString(), QStringLiteral("deploy"));
        QCOMPARE(h1.value(QStringLiteral("to")).toString(), v1);
        QVERIFY(h1.value(QStringLiteral("reason")).toString().contains(QStringLiteral("initial model")));
        QCOMPARE(h2.value(QStringLiteral("kind")).toString(), QStringLiteral("deploy"));
        QCOMPARE(h2.value(QStringLiteral("from")).toString(), v1);
        QCOMPARE(h2.value(QStringLiteral("to")).toString(), v2);
        QCOMPARE(h2.value(QStringLiteral("actor")).toString(), QStringLiteral("quality-loop"));
        QVERIFY(h2.value(QStringLiteral("reason")).toString().contains(QStringLiteral("[3001]")));
        QCOMPARE(h3.value(QStringLiteral("kind")).toString(), QStringLiteral("rollback"));
        QCOMPARE(h3.value(QStringLiteral("from")).toString(), v2);
        QCOMPARE(h3.value(QStringLiteral("to")).toString(), v1);
        QVERIFY(h3.value(QStringLiteral("reason")).toString().contains(QStringLiteral("pre-drift")));

        // And the audit trail has every step.
        QFile audit(m_dir.filePath(QStringLiteral("data/audit/audit.jsonl")));
        if (!audit.exists()) {
            const QStringList found = QDir(m_dir.filePath(QStringLiteral("data/audit")))
                                          .entryList({QStringLiteral("*.jsonl")}, QDir::Files);
            QVERIFY2(!found.isEmpty(), "no audit log");
            audit.setFileName(m_dir.filePath(QStringLiteral("data/audit/") + found.first()));
        }
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QString trail = QString::fromUtf8(audit.readAll());
        QVERIFY(trail.contains(v2));
        QVERIFY(trail.contains(QStringLiteral("pre-drift")));
    }
};

QTEST_GUILESS_MAIN(TestAcceptanceLoop)
#include "test_acceptance_loop.moc"
