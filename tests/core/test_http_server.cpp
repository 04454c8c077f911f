// The HTTP server over real sockets on 127.0.0.1: what curl, Prometheus and Nagios check_http do.

#include "core/service/bearer_auth.h"
#include "core/service/http_server.h"
#include "core/service/prometheus_text.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace routing::service;

namespace {

/// Sends raw bytes and reads until the server closes or `timeoutMs` passes.
QByteArray exchange(quint16 port, const QByteArray &request, bool *closedByServer = nullptr, int timeoutMs = 3000)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(2000))
        return "NO CONNECTION";
    s.write(request);
    s.flush();
    QByteArray got;
    QElapsedTimer t;
    t.start();
    bool closed = false;
    while (t.elapsed() < timeoutMs) {
        if (s.waitForReadyRead(100))
            got += s.readAll();
        if (s.state() == QAbstractSocket::UnconnectedState) {
            got += s.readAll();
            closed = true;
            break;
        }
    }
    if (closedByServer)
        *closedByServer = closed;
    return got;
}

int statusOf(const QByteArray &response)
{
    return response.mid(9, 3).toInt();
}

QByteArray bodyOf(const QByteArray &response)
{
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

} // namespace

class TestHttpServer final : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    BearerAuth m_auth{QStringLiteral("TEST_TOKEN"), "s3cret-token"};

private slots:
    void initTestCase()
    {
        HttpRouter router;
        router.add("GET", QStringLiteral("/health"), [](const HttpRequest &) {
            return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("UP")}});
        });
        router.add("GET", QStringLiteral("/api/training/jobs/{id}"), [](const HttpRequest &r) {
            return HttpResponse::json(200, QJsonObject{{QStringLiteral("id"), r.pathParams.value(QStringLiteral("id"))},
                                                       {QStringLiteral("days"), r.query.queryItemValue(QStringLiteral("days"))}});
        });
        router.add("POST", QStringLiteral("/api/echo"), [this](const HttpRequest &r) {
            if (auto denied = m_auth.check(r))
                return *denied;
            QJsonParseError err{};
            const QJsonDocument doc = QJsonDocument::fromJson(r.body, &err);
            if (!doc.isObject())
                return HttpResponse::error(400, QStringLiteral("malformed JSON: %1").arg(err.errorString()));
            return HttpResponse::json(200, doc.object());
        });
        router.add("GET", QStringLiteral("/boom"), [](const HttpRequest &) -> HttpResponse {
            throw std::runtime_error("handler failed");
        });
        router.add("GET", QStringLiteral("/slow"), [](const HttpRequest &) {
            QThread::msleep(300);
            return HttpResponse::json(200, QJsonObject{});
        });
        HttpServerLimits limits;
        limits.maxBodyBytes = 1024;
        limits.maxHeaderBytes = 2048;
        m_server = std::make_unique<HttpServer>(std::move(router), limits);
        const auto port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(port, port ? "" : qPrintable(port.error().message));
        m_port = *port;
        QVERIFY(m_server->isListening());
    }

    void http11GetKeepsConnectionAlive()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(s.waitForConnected(2000));
        for (int i = 0; i < 2; ++i) {
            s.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            QByteArray got;
            while (!got.contains("\"UP\"") && s.waitForReadyRead(2000))
                got += s.readAll();
            QCOMPARE(statusOf(got), 200);
            QVERIFY(got.contains("Connection: keep-alive"));
            QVERIFY(got.contains("Content-Type: application/json"));
        }
        QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    }

    void http10GetsCompleteAnswerAndClose()
    {
        bool closed = false;
        const QByteArray got = exchange(m_port, "GET /health HTTP/1.0\r\n\r\n", &closed);
        QVERIFY2(closed, "the server must close HTTP/1.0 connections (check_http reads until close)");
        QVERIFY(got.startsWith("HTTP/1.0 200 OK"));
        QCOMPARE(QJsonDocument::fromJson(bodyOf(got))[QStringLiteral("status")].toString(), QStringLiteral("UP"));
    }

    void pathParametersAndQuery()
    {
        const QByteArray got = exchange(m_port, "GET /api/training/jobs/42?days=7 HTTP/1.0\r\n\r\n");
        const auto doc = QJsonDocument::fromJson(bodyOf(got));
        QCOMPARE(doc[QStringLiteral("id")].toString(), QStringLiteral("42"));
        QCOMPARE(doc[QStringLiteral("days")].toString(), QStringLiteral("7"));
    }

    void errorsAreJsonAndNeverCrash_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("unknown path") << QByteArray("GET /nope HTTP/1.0\r\n\r\n") << 404;
        QTest::newRow("wrong method") << QByteArray("DELETE /health HTTP/1.0\r\n\r\n") << 405;
        QTest::newRow("malformed line") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("bad version") << QByteArray("GET /health HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("bad header") << QByteArray("GET /health HTTP/1.1\r\nnocolon\r\n\r\n") << 400;
        QTest::newRow("chunked") << QByteArray("POST /api/echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 411;
        QTest::newRow("too large body") << QByteArray("POST /api/echo HTTP/1.1\r\nContent-Length: 5000\r\n\r\n") << 413;
        QTest::newRow("bad length") << QByteArray("POST /api/echo HTTP/1.1\r\nContent-Length: -3\r\n\r\n") << 400;
        QTest::newRow("huge headers") << QByteArray("GET /health HTTP/1.1\r\nX: " + QByteArray(4000, 'a')) << 431;
        QTest::newRow("handler throws") << QByteArray("GET /boom HTTP/1.0\r\n\r\n") << 500;
        QTest::newRow("no token") << QByteArray("POST /api/echo HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}") << 401;
        QTest::newRow("wrong token") << QByteArray("POST /api/echo HTTP/1.0\r\nAuthorization: Bearer s3cret-tokex\r\n"
                                                   "Content-Length: 2\r\n\r\n{}") << 401;
        QTest::newRow("malformed json") << QByteArray("POST /api/echo HTTP/1.0\r\nAuthorization: Bearer s3cret-token\r\n"
                                                      "Content-Length: 5\r\n\r\n{\"a\":") << 400;
        QTest::newRow("good token") << QByteArray("POST /api/echo HTTP/1.0\r\nAuthorization: Bearer s3cret-token\r\n"
                                                  "Content-Length: 9\r\n\r\n{\"a\":\"b\"}") << 200;
    }

    void errorsAreJsonAndNeverCrash()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const QByteArray got = exchange(m_port, request);
        QCOMPARE(statusOf(got), status);
        const auto doc = QJsonDocument::fromJson(bodyOf(got));
        QVERIFY2(doc.isObject(), got.constData());
        if (status != 200)
            QCOMPARE(doc[QStringLiteral("error")][QStringLiteral("status")].toInt(), status);
        if (status == 405)
            QVERIFY(got.contains("Allow: GET"));
        QVERIFY(m_server->isListening());
    }

    void bodyArrivingInPieces()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(s.waitForConnected(2000));
        s.write("POST /api/echo HTTP/1.1\r\nAuthorization: Bearer s3cret-token\r\nContent-Le");
        s.flush();
        QTest::qWait(50);
        s.write("ngth: 9\r\n\r\n{\"a\":");
        s.flush();
        QTest::qWait(50);
        s.write("\"b\"}");
        QByteArray got;
        while (!got.contains("}") && s.waitForReadyRead(2000))
            got += s.readAll();
        QCOMPARE(statusOf(got), 200);
        QCOMPARE(QJsonDocument::fromJson(bodyOf(got))[QStringLiteral("a")].toString(), QStringLiteral("b"));
    }

    void answersWhileAnotherRequestIsSlow()
    {
        // The slow handler blocks the server thread; a GUI-thread stall must not. This checks
        // the server is on its own thread: the test's event loop stays free meanwhile.
        QElapsedTimer t;
        t.start();
        const QByteArray got = exchange(m_port, "GET /slow HTTP/1.0\r\n\r\n");
        QCOMPARE(statusOf(got), 200);
        QVERIFY(t.elapsed() >= 300);
    }

    void constantTimeCompare()
    {
        QVERIFY(BearerAuth::constantTimeEquals("abc", "abc"));
        QVERIFY(!BearerAuth::constantTimeEquals("abc", "abd"));
        QVERIFY(!BearerAuth::constantTimeEquals("abc", "abcd"));
        QVERIFY(!BearerAuth::constantTimeEquals("", "a"));
        QVERIFY(BearerAuth::constantTimeEquals("", ""));
    }

    void disabledTokenAnswers403WithHowTo()
    {
        const BearerAuth off(QStringLiteral("ROUTING_CONSOLE_API_TOKEN"), {});
        HttpRequest r;
        const auto denied = off.check(r);
        QVERIFY(denied);
        QCOMPARE(denied->status, 403);
        QVERIFY(denied->body.contains("ROUTING_CONSOLE_API_TOKEN"));
    }

    void prometheusTextPassesPromtool()
    {
        PrometheusText p;
        p.family(QStringLiteral("routing_quality_mae_seconds"), PrometheusText::Type::Gauge, QStringLiteral("MAE of the last cycle."));
        p.sample(QStringLiteral("routing_quality_mae_seconds"), 252.5);
        p.family(QStringLiteral("routing_evaluations_total"), PrometheusText::Type::Counter, QStringLiteral("Cycles by result."));
        p.sample(QStringLiteral("routing_evaluations_total"), 3, {{QStringLiteral("result"), QStringLiteral("ok")}});
        p.sample(QStringLiteral("routing_evaluations_total"), 1, {{QStringLiteral("result"), QStringLiteral("fa\"il\\ed")}});
        p.histogram(QStringLiteral("routing_http_request_duration_seconds"), QStringLiteral("Request latency."),
                    {0.005, 0.01}, {4, 5}, 0.02, 6);
        const QByteArray text = p.text();
        QVERIFY(text.contains("# TYPE routing_quality_mae_seconds gauge\nrouting_quality_mae_seconds 252.5\n"));
        QVERIFY(text.contains("routing_evaluations_total{result=\"fa\\\"il\\\\ed\"} 1\n"));
        QVERIFY(text.contains("routing_http_request_duration_seconds_bucket{le=\"+Inf\"} 6\n"));
        QVERIFY(text.contains("routing_http_request_duration_seconds_count 6\n"));

        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty()) {
            if (qEnvironmentVariable("ROUTING_TEST_SKIP_PROMTOOL") == QLatin1String("1"))
                QSKIP("promtool not installed and ROUTING_TEST_SKIP_PROMTOOL=1");
            QFAIL("promtool is not installed (Debian package prometheus; installer/install-deps.sh installs it)");
        }
        QProcess check;
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(check.waitForStarted());
        check.write(text);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(20000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_http_server.moc"
