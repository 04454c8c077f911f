// The console's HTTP API over real sockets on 127.0.0.1: every endpoint, with and without the
// token, against a real state database, a real demo plant and the real registry and queue.

#include "core/config/config_loader.h"
#include "core/data/demo_plant_generator.h"
#include "core/quality/quality_cycle_worker.h"
#include "core/quality/quality_scheduler.h"
#include "core/service/console_api.h"
#include "core/service/console_service.h"
#include "core/service/metrics_registry.h"
#include "tests/support/test_paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;
using namespace routing::service;

namespace {

constexpr char kToken[] = "api-test-token-0123456789";

struct Reply
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n'))
            if (line.toLower().startsWith(name.toLower() + ':'))
                return line.mid(name.size() + 1).trimmed();
        return {};
    }
};

/// One HTTP/1.1 request with Connection: close; reads until the server closes.
Reply call(quint16 port, const QByteArray &method, const QByteArray &path,
           const QByteArray &body = {}, const QByteArray &token = {})
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(3000))
        return {};
    QByteArray req = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.isEmpty())
        req += "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty() || method == "POST")
        req +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    req += "\r\n" + body;
    s.write(req);
    QByteArray got;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000 && s.state() != QAbstractSocket::UnconnectedState) {
        if (s.waitForReadyRead(100))
            got += s.readAll();
    }
    got += s.readAll();
    Reply r;
    const qsizetype split = got.indexOf("\r\n\r\n");
    r.status = got.mid(9, 3).toInt();
    r.head = got.left(split);
    r.body = got.mid(split + 4);
    return r;
}

QString writeConfig(const QString &dir, const QByteArray &http)
{
    QDir().mkpath(dir + QStringLiteral("/config"));
    const QString path = dir + QStringLiteral("/config/iter_training.yaml");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("paths: {base_dir: ..}\n"
            "database: {demo_items: 200, demo_seed: 11}\n"
            "schedule: {enabled: false}\n"
            "http: " +
            http + "\n");
    return path;
}

/// `promtool check metrics` accepts the exposition (skips where promtool is not installed).
/// Call it last in a test: a skip or a failure returns from here only.
void promtoolAccepts(const QByteArray &metrics)
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty())
        QSKIP("promtool not installed (Debian package prometheus)");
    QProcess p;
    p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(p.waitForStarted());
    p.write(metrics);
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(20000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardOutput() + p.readAllStandardError());
}

} // namespace

class TestConsoleApi final : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QTemporaryDir m_dirNoToken;
    std::unique_ptr<ConsoleService> m_service;
    std::unique_ptr<ConsoleService> m_noToken;
    AppConfig m_config;
    quint16 m_port = 0;

    Reply get(const QByteArray &path) { return call(m_port, "GET", path); }
    Reply post(const QByteArray &path, const QByteArray &body, const QByteArray &token = kToken)
    {
        return call(m_port, "POST", path, body, token);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("ROUTING_TEST_API_TOKEN", kToken);
        const QString path = writeConfig(
            m_dir.path(), "{port: 0, token_env: ROUTING_TEST_API_TOKEN, max_body_bytes: 4096}");
        auto config = ConfigLoader::loadFile(path);
        QVERIFY2(config, config ? "" : qPrintable(config.error().toString()));
        m_config = *config;
        DemoPlantOptions plant;
        plant.items = 200;
        plant.seed = 11;
        plant.endDate = QDate(2026, 6, 30);
        plant.outFile = m_config.erpSqlitePath();
        QDir().mkpath(m_config.dataDir());
        const auto generated = generateDemoPlant(plant);
        QVERIFY2(generated, generated ? "" : qPrintable(generated.error().toString()));

        ConsoleServiceOptions options;
        options.auditLogPath = m_dir.filePath(QStringLiteral("data/audit/audit.jsonl"));
        options.version = QStringLiteral("9.9.9-test");
        options.runJobs = false; // jobs stay PENDING: cancel and list are deterministic
        auto service = startConsoleService(m_config, options);
        QVERIFY2(service, service ? "" : qPrintable(service.error().toString()));
        m_service = std::move(*service);
        m_port = m_service->httpPort();
        QVERIFY(m_port > 0);

        // A second console whose token variable is unset: mutating endpoints answer 403.
        const QString path2 = writeConfig(
            m_dirNoToken.path(), "{port: 0, token_env: ROUTING_TEST_TOKEN_NOT_SET_ANYWHERE}");
        auto config2 = ConfigLoader::loadFile(path2);
        QVERIFY(config2);
        ConsoleServiceOptions options2 = options;
        options2.auditLogPath = m_dirNoToken.filePath(QStringLiteral("audit.jsonl"));
        options2.runScheduler = false;
        auto service2 = startConsoleService(*config2, options2);
        QVERIFY2(service2, service2 ? "" : qPrintable(service2.error().toString()));
        m_noToken = std::move(*service2);
    }

    void cleanupTestCase()
    {
        m_noToken.reset();
        m_service.reset();
    }

    void health()
    {
        const Reply r = get("/health");
        QCOMPARE(r.status, 200); // no model yet: DEGRADED, still 200
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("DEGRADED"));
        QCOMPARE(o.value(QLatin1String("version")).toString(), QStringLiteral("9.9.9-test"));
        QVERIFY(o.value(QLatin1String("uptime_seconds")).isDouble());
        QVERIFY(
            QDateTime::fromString(o.value(QLatin1String("timestamp")).toString(), Qt::ISODateWithMs)
                .isValid());
        const QJsonObject c = o.value(QLatin1String("components")).toObject();
        for (const char *name : {"database", "model", "evaluator", "queue", "disk"}) {
            QVERIFY2(c.contains(QLatin1String(name)), name);
            QVERIFY(
                c.value(QLatin1String(name)).toObject().value(QLatin1String("details")).isObject());
        }
        QCOMPARE(
            c.value(QLatin1String("database")).toObject().value(QLatin1String("status")).toString(),
            QStringLiteral("UP"));
        QCOMPARE(
            c.value(QLatin1String("model")).toObject().value(QLatin1String("status")).toString(),
            QStringLiteral("DEGRADED"));
        QVERIFY(r.header("Content-Type").startsWith("application/json"));
    }

    void healthDownIs503()
    {
        // The second console has no plant: the database is DOWN and so is the whole.
        const Reply r = call(m_noToken->httpPort(), "GET", "/health");
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QLatin1String("status")).toString(), QStringLiteral("DOWN"));
        QCOMPARE(call(m_noToken->httpPort(), "GET", "/health/live").status, 200);
        QCOMPARE(call(m_noToken->httpPort(), "GET", "/api/db/health").status, 503);
    }

    void liveAndReady()
    {
        const Reply live = get("/health/live");
        QCOMPARE(live.status, 200);
        QCOMPARE(live.json().value(QLatin1String("status")).toString(), QStringLiteral("UP"));
        const Reply ready = get("/health/ready");
        QCOMPARE(ready.status, 503); // no model loaded
        QVERIFY(ready.json().value(QLatin1String("database")).toBool());
        QVERIFY(!ready.json().value(QLatin1String("model_loaded")).toBool());
    }

    void dbHealth()
    {
        const Reply r = get("/api/db/health");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QLatin1String("database")).toString(), QStringLiteral("connected"));
        QCOMPARE(r.json().value(QLatin1String("database_name")).toString(),
                 QStringLiteral("demo_plant.db"));
        QCOMPARE(r.json().value(QLatin1String("schema")).toString(), QStringLiteral("ok"));
    }

    void qualityReads()
    {
        const Reply current = get("/api/quality/current");
        QCOMPARE(current.status, 200);
        QVERIFY(current.json().contains(QLatin1String("current")));
        QVERIFY(current.json().value(QLatin1String("active_alerts")).isArray());

        const Reply history = get("/api/quality/history?days=7&limit=5");
        QCOMPARE(history.status, 200);
        QCOMPARE(history.json().value(QLatin1String("days")).toInt(), 7);
        QVERIFY(history.json().value(QLatin1String("cycles")).isArray());
        for (const QByteArray &bad : {QByteArray("days=abc"), QByteArray("days=0"),
                                      QByteArray("limit=100000"), QByteArray("limit=-1")}) {
            const Reply r = get("/api/quality/history?" + bad);
            QCOMPARE(r.status, 400);
            QVERIFY(r.json()
                        .value(QLatin1String("error"))
                        .toObject()
                        .value(QLatin1String("message"))
                        .toString()
                        .contains(QStringLiteral("must be an integer")));
        }
        const Reply alerts = get("/api/quality/alerts");
        QCOMPARE(alerts.status, 200);
        QVERIFY(alerts.json().value(QLatin1String("alerts")).isArray());
        QCOMPARE(get("/api/quality/alerts?state=all").status, 200);
        QCOMPARE(get("/api/quality/alerts?state=bogus").status, 400);
    }

    void modelsAndConfig()
    {
        const Reply versions = get("/api/models/versions");
        QCOMPARE(versions.status, 200);
        QCOMPARE(versions.json().value(QLatin1String("versions")).toArray().size(), 0);

        const Reply config = get("/api/config/current");
        QCOMPARE(config.status, 200);
        QVERIFY(!config.body.contains(kToken));
        QCOMPARE(config.json()
                     .value(QLatin1String("http"))
                     .toObject()
                     .value(QLatin1String("token_env"))
                     .toString(),
                 QStringLiteral("ROUTING_TEST_API_TOKEN"));
        QVERIFY(config.json().value(QLatin1String("api_token_configured")).toBool());

        QCOMPARE(ConsoleApi::redactConnectionString(QStringLiteral(
                     "Driver={ODBC Driver 18};Server=db1;Database=Erp;UID=sa;PWD={p;w}")),
                 QStringLiteral("Driver={ODBC Driver 18};Server=db1;Database=Erp;UID=***;PWD=***"));
        QCOMPARE(
            ConsoleApi::redactConnectionString(QStringLiteral("DSN=erp; password = hunter2 ;x=1")),
            QStringLiteral("DSN=erp;password=***;x=1"));

        const Reply thresholds = get("/api/config/thresholds");
        QCOMPARE(thresholds.status, 200);
        QCOMPARE(thresholds.json()
                     .value(QLatin1String("mae_minutes"))
                     .toObject()
                     .value(QLatin1String("critical"))
                     .toDouble(),
                 10.0);
        QCOMPARE(thresholds.json().value(QLatin1String("process_match_measure")).toString(),
                 QStringLiteral("aligned"));
    }

    void unknownWrongMethodTooLarge()
    {
        const Reply missing = get("/api/nothing/here");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.json()
                     .value(QLatin1String("error"))
                     .toObject()
                     .value(QLatin1String("status"))
                     .toInt(),
                 404);
        const Reply wrong = call(m_port, "PUT", "/health");
        QCOMPARE(wrong.status, 405);
        QVERIFY(wrong.header("Allow").contains("GET"));
        QCOMPARE(call(m_port, "GET", "/api/training/start").status, 405);
        const Reply big = post("/api/predict", QByteArray(5000, 'x'));
        QCOMPARE(big.status, 413);
    }

    void mutatingNeedsToken_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("evaluate") << QByteArray("POST") << QByteArray("/api/quality/evaluate");
        QTest::newRow("train") << QByteArray("POST") << QByteArray("/api/training/start");
        QTest::newRow("cancel") << QByteArray("DELETE") << QByteArray("/api/training/jobs/job_x");
        QTest::newRow("rollback") << QByteArray("POST") << QByteArray("/api/models/rollback");
        QTest::newRow("activate") << QByteArray("POST")
                                  << QByteArray("/api/models/version_x/activate");
        QTest::newRow("predict") << QByteArray("POST") << QByteArray("/api/predict");
    }
    void mutatingNeedsToken()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QCOMPARE(call(m_port, method, path, "{}").status, 401);
        const Reply wrong = call(m_port, method, path, "{}", "not-the-token");
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.header("WWW-Authenticate"), QByteArray("Bearer"));
        const Reply off = call(m_noToken->httpPort(), method, path, "{}", kToken);
        QCOMPARE(off.status, 403);
        QVERIFY(off.json()
                    .value(QLatin1String("error"))
                    .toObject()
                    .value(QLatin1String("message"))
                    .toString()
                    .contains(QStringLiteral("ROUTING_TEST_TOKEN_NOT_SET_ANYWHERE")));
    }

    void trainingLifeCycle()
    {
        QCOMPARE(post("/api/training/start", "{not json").status, 400);
        QCOMPARE(post("/api/training/start", "[1,2]").status, 400);
        QCOMPARE(post("/api/training/start", R"({"strategy":"psychic"})").status, 400);
        QCOMPARE(post("/api/training/start", R"({"sample_size":-3})").status, 400);
        const Reply started =
            post("/api/training/start",
                 R"({"reason":"api test","sample_size":300,"strategy":"random"})");
        QCOMPARE(started.status, 202);
        const QString id = started.json().value(QLatin1String("id")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(started.header("Location"), "/api/training/jobs/" + id.toUtf8());

        const Reply one = get("/api/training/jobs/" + id.toUtf8());
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().value(QLatin1String("state")).toString(), QStringLiteral("PENDING"));
        const Reply list = get("/api/training/jobs");
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json().value(QLatin1String("queue_size")).toInt(), 1);
        QCOMPARE(list.json().value(QLatin1String("total")).toInt(), 1);
        QCOMPARE(get("/api/training/jobs/job_does_not_exist").status, 404);
        QCOMPARE(get("/api/training/jobs?limit=zero").status, 400);

        QCOMPARE(call(m_port, "DELETE", "/api/training/jobs/job_does_not_exist", {}, kToken).status,
                 404);
        const Reply cancelled =
            call(m_port, "DELETE", "/api/training/jobs/" + id.toUtf8(), {}, kToken);
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.json().value(QLatin1String("state")).toString(),
                 QStringLiteral("CANCELLED"));
        QCOMPARE(call(m_port, "DELETE", "/api/training/jobs/" + id.toUtf8(), {}, kToken).status,
                 409);
    }

    void modelMutations()
    {
        const Reply rollback = post("/api/models/rollback", R"({"reason":"test"})");
        QCOMPARE(rollback.status, 409); // nothing to roll back to
        QCOMPARE(post("/api/models/rollback", "{oops").status, 400);
        QCOMPARE(post("/api/models/version_19990101_000000/activate", "{}").status, 404);
    }

    void predict()
    {
        QCOMPARE(post("/api/predict", "").status, 400);
        QCOMPARE(post("/api/predict", R"({"item_codes":[]})").status, 400);
        QCOMPARE(post("/api/predict", R"({"item_codes":[1,2]})").status, 400);
        QCOMPARE(post("/api/predict", R"({"item_codes":["A"]})").status, 503); // no model loaded
    }

    void evaluateIsQueuedAndAudited()
    {
        QCOMPARE(post("/api/quality/evaluate", R"({"sample_size":"many"})").status, 400);
        const Reply r = post("/api/quality/evaluate", R"({"reason":"api test","sample_size":50})");
        QCOMPARE(r.status, 202);
        QVERIFY(r.json()
                    .value(QLatin1String("request_id"))
                    .toString()
                    .startsWith(QStringLiteral("eval_")));
        // The cycle runs on the service's thread and its worker; without a model it fails,
        // which the history records with trigger "api".
        QTRY_VERIFY_WITH_TIMEOUT(get("/api/quality/history?limit=1")
                                         .json()
                                         .value(QLatin1String("cycles"))
                                         .toArray()
                                         .size() == 1,
                                 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_service->scheduler()->isCycleRunning(), 60000);
        const QJsonObject cycle = get("/api/quality/history?limit=1")
                                      .json()
                                      .value(QLatin1String("cycles"))
                                      .toArray()
                                      .first()
                                      .toObject();
        QCOMPARE(cycle.value(QLatin1String("triggered_by")).toString(), QStringLiteral("api"));

        QFile audit(m_dir.filePath(QStringLiteral("data/audit/audit.jsonl")));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        QSet<QString> apiActions;
        for (const QByteArray &line : audit.readAll().split('\n')) {
            const QJsonObject e = QJsonDocument::fromJson(line).object();
            if (e.value(QLatin1String("actor")).toString() == QLatin1String("api"))
                apiActions << e.value(QLatin1String("action")).toString();
        }
        QVERIFY2(apiActions.contains(QStringLiteral("quality.evaluate")),
                 qPrintable(QStringList(apiActions.values()).join(u',')));
        QVERIFY(apiActions.contains(QStringLiteral("job.enqueue")));
        QVERIFY(apiActions.contains(QStringLiteral("job.cancel")));
    }

    void metricsScrape()
    {
        const Reply r = get("/metrics");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        for (const char *name :
             {"routing_quality_evaluations_total{result=\"failed\"} 1",
              "routing_alerts_active{severity=\"critical\"}",
              "routing_training_queue_jobs{state=\"pending\"} 0",
              "routing_training_duration_seconds_bucket",
              "routing_http_request_duration_seconds_bucket{handler=\"/api/training/jobs/{id}\"",
              "routing_database_up 1"})
            QVERIFY2(r.body.contains(name), name);
        QVERIFY(!r.body.contains("job_does_not_exist")); // raw paths never become labels

        promtoolAccepts(r.body);
    }

    void qualityGaugesInBaseUnits()
    {
        // The latest succeeded cycle's figures: minutes become seconds, ratios stay 0-1, both
        // process-match measures are there, and a metric the cycle did not have is left out.
        MetricsRegistry registry;
        registry.setQuality({{QStringLiteral("mae_minutes"), 4.5},
                             {QStringLiteral("process_match"), 0.885},
                             {QStringLiteral("process_match_positional"), 0.52},
                             {QStringLiteral("cv"), std::nullopt}},
                            QDateTime(QDate(2026, 11, 29), QTime(1, 0), Qt::UTC));
        const QByteArray text = registry.render({});
        for (const char *line : {"routing_quality_mae_seconds 270\n",
                                 "routing_quality_process_match_ratio 0.885\n",
                                 "routing_quality_process_match_positional_ratio 0.52\n",
                                 "routing_quality_last_evaluation_timestamp_seconds 1795914000\n"})
            QVERIFY2(text.contains(line), line);
        QVERIFY(!text.contains("routing_quality_cv_ratio"));

        promtoolAccepts(text);
    }

    void alertRulesPassPromtool()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool not installed (Debian package prometheus)");
        const QString rules =
            routing::test::sourceDir() + QStringLiteral("/docs/prometheus/alerts.yml");
        QVERIFY2(QFile::exists(rules), qPrintable(rules));
        QProcess p;
        p.start(promtool, {QStringLiteral("check"), QStringLiteral("rules"), rules});
        QVERIFY(p.waitForFinished(20000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardOutput() + p.readAllStandardError());
    }
};

QTEST_GUILESS_MAIN(TestConsoleApi)
#include "test_console_api.moc"
