// `routing-console serve` as operators and their monitoring run it: started as a process on a
// free port, polled until healthy, read by curl, a raw HTTP/1.0 client, Nagios check_http and
// check_curl and promtool, then stopped with SIGTERM — exit 0, state database intact.

#include "core/data/demo_plant_generator.h"
#include "tests/support/test_paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runTool(const QString &program, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return {-3, {}, "timed out"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray rawExchange(quint16 port, const QByteArray &request, bool *closed)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(3000))
        return {};
    s.write(request);
    QByteArray got;
    QElapsedTimer t;
    t.start();
    *closed = false;
    while (t.elapsed() < 5000) {
        if (s.waitForReadyRead(100))
            got += s.readAll();
        if (s.state() == QAbstractSocket::UnconnectedState) {
            got += s.readAll();
            *closed = true;
            break;
        }
    }
    return got;
}

/// The nice value of a process (field 19 of /proc/PID/stat), or -100 when unreadable.
int niceOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -100;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 16 ? fields[16].toInt() : -100; // field 19 overall, 17th after the name
}

/// Running or sleeping (not gone, not a zombie waiting to be reaped).
bool processAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.size() > close + 2 && text[close + 2] != 'Z';
}

} // namespace

class TestServe final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QProcess m_serve;
    quint16 m_port = 0;
    QString m_url;
    qint64 m_workerPid = 0;
    QString m_jobId;

    QByteArray curl(const QString &path, int *code = nullptr)
    {
        const Run r =
            runTool(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("-w"),
                                             QStringLiteral("\n%{http_code}"), m_url + path});
        const qsizetype nl = r.out.lastIndexOf('\n');
        if (code)
            *code = r.exitCode == 0 ? r.out.mid(nl + 1).toInt() : -1;
        return r.out.left(nl);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(!routing::test::consoleBinary().isEmpty());
        QDir().mkpath(m_dir.filePath(QStringLiteral("config")));
        QDir().mkpath(m_dir.filePath(QStringLiteral("data")));
        QFile f(m_dir.filePath(QStringLiteral("config/iter_training.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("paths: {base_dir: ..}\ndatabase: {demo_items: 200, demo_seed: 5}\n"
                "schedule: {enabled: true, interval_minutes: 600}\nhttp: {port: 8000}\n");
        f.close();
        routing::DemoPlantOptions plant;
        plant.items = 200;
        plant.seed = 5;
        plant.endDate = QDate(2026, 6, 30);
        plant.outFile = m_dir.filePath(QStringLiteral("data/demo_plant.db"));
        const auto generated = routing::generateDemoPlant(plant);
        QVERIFY2(generated, generated ? "" : qPrintable(generated.error().toString()));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("ROUTING_CONSOLE_CONFIG"));
        env.remove(QStringLiteral("DISPLAY"));
        env.insert(QStringLiteral("ROUTING_CONSOLE_API_TOKEN"), QStringLiteral("serve-test-token"));
        m_serve.setProcessEnvironment(env);
        // --port 0: a free port, announced on stdout (the config's 8000 may be taken on CI).
        m_serve.start(routing::test::consoleBinary(),
                      {QStringLiteral("--config"), f.fileName(), QStringLiteral("serve"),
                       QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(m_serve.waitForStarted(5000));
        const QRegularExpression listening(
            QStringLiteral("listening on (http://127\\.0\\.0\\.1:(\\d+))"));
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000 && m_port == 0 && m_serve.state() == QProcess::Running) {
            m_serve.waitForReadyRead(200);
            out += m_serve.readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch()) {
                m_url = m.captured(1);
                m_port = quint16(m.captured(2).toUInt());
            }
        }
        QVERIFY2(m_port > 0, out + m_serve.readAllStandardError());
    }

    void healthBecomesUpOrDegraded()
    {
        QString status;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            int code = 0;
            status = QJsonDocument::fromJson(curl(QStringLiteral("/health"), &code))
                         .object()
                         .value(QStringLiteral("status"))
                         .toString();
            if (status == QLatin1String("UP") || status == QLatin1String("DEGRADED"))
                break;
            QTest::qWait(200);
        }
        QVERIFY2(status == QLatin1String("UP") || status == QLatin1String("DEGRADED"),
                 qPrintable(status));
        int code = 0;
        const QJsonObject db =
            QJsonDocument::fromJson(curl(QStringLiteral("/api/db/health"), &code)).object();
        QCOMPARE(code, 200);
        QCOMPARE(db.value(QStringLiteral("database")).toString(), QStringLiteral("connected"));
        curl(QStringLiteral("/nowhere"), &code);
        QCOMPARE(code, 404);
    }

    void rawHttp10GetsAnswerAndClose()
    {
        bool closed = false;
        const QByteArray got = rawExchange(m_port, "GET /health HTTP/1.0\r\n\r\n", &closed);
        QVERIFY(got.startsWith("HTTP/1.0 200 OK\r\n"));
        QVERIFY(closed);
        QVERIFY(got.contains("\"components\""));
        QVERIFY(got.toLower().contains("connection: close"));
    }

    void nagiosPlugins_data()
    {
        QTest::addColumn<QString>("plugin");
        QTest::newRow("check_http") << QStringLiteral("/usr/lib/nagios/plugins/check_http");
        QTest::newRow("check_curl") << QStringLiteral("/usr/lib/nagios/plugins/check_curl");
    }
    void nagiosPlugins()
    {
        QFETCH(QString, plugin);
        if (!QFile::exists(plugin))
            QSKIP("monitoring-plugins not installed");
        const Run r = runTool(plugin, {QStringLiteral("-H"), QStringLiteral("127.0.0.1"),
                                       QStringLiteral("-p"), QString::number(m_port),
                                       QStringLiteral("-u"), QStringLiteral("/health"),
                                       QStringLiteral("-s"), QStringLiteral("\"components\""),
                                       QStringLiteral("-t"), QStringLiteral("5")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QVERIFY(r.out.startsWith("HTTP OK"));
    }

    void promtoolAcceptsScrape()
    {
        int code = 0;
        const QByteArray body = curl(QStringLiteral("/metrics"), &code);
        QCOMPARE(code, 200);
        QVERIFY(body.contains("routing_http_request_duration_seconds_bucket{handler=\"/health\""));
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool not installed (Debian package prometheus)");
        const Run r = runTool(promtool, {QStringLiteral("check"), QStringLiteral("metrics")}, body);
        QVERIFY2(r.exitCode == 0, r.out + r.err);
    }

    void trainingJobRunsInAChildProcess()
    {
        const Run started =
            runTool(QStringLiteral("curl"),
                    {QStringLiteral("-sS"), QStringLiteral("-X"), QStringLiteral("POST"),
                     QStringLiteral("-H"), QStringLiteral("Authorization: Bearer serve-test-token"),
                     QStringLiteral("-d"), QStringLiteral("{\"reason\":\"serve test\"}"),
                     m_url + QStringLiteral("/api/training/start")});
        m_jobId =
            QJsonDocument::fromJson(started.out).object().value(QLatin1String("id")).toString();
        QVERIFY2(!m_jobId.isEmpty(), started.out + started.err);
        QElapsedTimer t;
        t.start();
        QString state;
        while (t.elapsed() < 30000) {
            const QJsonObject job =
                QJsonDocument::fromJson(curl(QStringLiteral("/api/training/jobs/") + m_jobId))
                    .object();
            state = job.value(QLatin1String("state")).toString();
            m_workerPid = qint64(job.value(QLatin1String("worker_pid")).toDouble());
            if (state != QLatin1String("PENDING") &&
                (m_workerPid > 0 || state != QLatin1String("RUNNING")))
                break;
            QTest::qWait(100);
        }
        if (state != QLatin1String("RUNNING"))
            QSKIP(qPrintable(
                QStringLiteral("the job was %1 before it could be seen running").arg(state)));
        QVERIFY(m_workerPid > 0);
        QVERIFY(processAlive(m_workerPid));
        // The worker yields the cores to the console (HTTP answers stay fast while it trains).
        QCOMPARE(niceOf(m_workerPid), niceOf(m_serve.processId()) + 10);
    }

    void sigtermStopsCleanly()
    {
        QElapsedTimer t;
        t.start();
        m_serve.terminate(); // SIGTERM
        QVERIFY(m_serve.waitForFinished(10000));
        QVERIFY2(t.elapsed() < 10000, "serve took too long to stop");
        QCOMPARE(m_serve.exitStatus(), QProcess::NormalExit);
        const QByteArray err = m_serve.readAllStandardError();
        QVERIFY2(m_serve.exitCode() == 0, err);
        QVERIFY(err.contains("serve: stopped"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("data/state.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        // The training worker did not outlive the console, and its job is not left RUNNING.
        if (m_workerPid > 0) {
            QTRY_VERIFY_WITH_TIMEOUT(!processAlive(m_workerPid), 5000);
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("jobs"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("data/state.db")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare(QStringLiteral("SELECT state FROM training_jobs WHERE id = ?")));
            q.addBindValue(m_jobId);
            QVERIFY(q.exec() && q.next());
            QVERIFY2(q.value(0).toString() != QLatin1String("RUNNING"),
                     qPrintable(q.value(0).toString()));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("jobs"));
        // The port is free again.
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(!s.waitForConnected(1000));
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "test_serve.moc"
