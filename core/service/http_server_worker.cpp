#include "core/service/http_server_worker.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace routing::service {
namespace {

bool isToken(const QByteArray &method)
{
    if (method.isEmpty() || method.size() > 16)
        return false;
    for (char c : method)
        if (c < 'A' || c > 'Z')
            return false;
    return true;
}

} // namespace

HttpServerWorker::HttpServerWorker(HttpRouter router, HttpServerLimits limits)
    : m_router(std::move(router)), m_limits(limits)
{
}

HttpServerWorker::~HttpServerWorker()
{
    stop();
}

QString HttpServerWorker::listenOn(const QString &address, quint16 port, quint16 *boundPort)
{
    stop();
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(m_limits.maxConnections);
    if (!m_server->listen(QHostAddress(address), port)) {
        const QString error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return error.isEmpty() ? QStringLiteral("unknown error") : error;
    }
    *boundPort = m_server->serverPort();
    connect(m_server, &QTcpServer::newConnection, this, &HttpServerWorker::onNewConnection);
    return {};
}

bool HttpServerWorker::listening() const
{
    return m_server && m_server->isListening();
}

void HttpServerWorker::stop()
{
    const auto sockets = m_connections.keys();
    for (QTcpSocket *s : sockets)
        drop(s);
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
}

void HttpServerWorker::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connections.size() >= m_limits.maxConnections) {
            respond(socket, HttpResponse::error(503, QStringLiteral("too many connections")), true, false);
            continue;
        }
        Connection c;
        c.idle = new QTimer(socket);
        c.idle->setSingleShot(true);
        c.idle->start(m_limits.idleTimeoutMs);
        connect(c.idle, &QTimer::timeout, this, [this, socket] { drop(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        m_connections.insert(socket, c);
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void HttpServerWorker::drop(QTcpSocket *socket)
{
    if (m_connections.remove(socket) == 0)
        return;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void HttpServerWorker::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->buffer += socket->readAll();
    it->idle->start(m_limits.idleTimeoutMs);
    serveBuffered(socket, *it);
}

bool HttpServerWorker::serveBuffered(QTcpSocket *socket, Connection &connection)
{
    QElapsedTimer timer;
    while (true) {
        QByteArray &buf = connection.buffer;
        const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (buf.size() > m_limits.maxHeaderBytes) {
                respond(socket, HttpResponse::error(431, QStringLiteral("request headers exceed %1 bytes")
                                                              .arg(m_limits.maxHeaderBytes)), true, false);
                return false;
            }
            return true; // wait for more
        }
        timer.start();
        const QList<QByteArray> lines = buf.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        HttpRequest request;
        request.peer = socket->peerAddress();
        if (requestLine.size() != 3 || !isToken(requestLine[0]) || !requestLine[1].startsWith('/')) {
            respond(socket, HttpResponse::error(400, QStringLiteral("malformed request line")), true, false);
            return false;
        }
        const QByteArray version = requestLine[2];
        if (version != "HTTP/1.1" && version != "HTTP/1.0") {
            respond(socket, HttpResponse::error(505, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are supported")), true, false);
            return false;
        }
        request.http10 = version == "HTTP/1.0";
        request.method = requestLine[0];
        const QUrl url(QString::fromLatin1(requestLine[1]), QUrl::StrictMode);
        if (!url.isValid()) {
            respond(socket, HttpResponse::error(400, QStringLiteral("malformed request target")), true, request.http10);
            return false;
        }
        request.path = url.path(QUrl::FullyDecoded);
        request.query = QUrlQuery(url);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0) {
                respond(socket, HttpResponse::error(400, QStringLiteral("malformed header line")), true, request.http10);
                return false;
            }
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        if (request.headers.contains("transfer-encoding")) {
            respond(socket, HttpResponse::error(411, QStringLiteral("chunked bodies are not accepted; send Content-Length")),
                    true, request.http10);
            return false;
        }
        qint64 length = 0;
        if (request.headers.contains("content-length")) {
            bool ok = false;
            length = request.headers.value("content-length").toLongLong(&ok);
            if (!ok || length < 0) {
                respond(socket, HttpResponse::error(400, QStringLiteral("invalid Content-Length")), true, request.http10);
                return false;
            }
        }
        if (length > m_limits.maxBodyBytes) {
            respond(socket, HttpResponse::error(413, QStringLiteral("request body of %1 bytes exceeds the limit of %2")
                                                          .arg(length).arg(m_limits.maxBodyBytes)), true, request.http10);
            return false;
        }
        if (buf.size() < headerEnd + 4 + length)
            return true; // body incomplete
        request.body = buf.mid(headerEnd + 4, length);
        buf.remove(0, headerEnd + 4 + length);

        const QByteArray connectionHeader = request.header("connection").toLower();
        // HTTP/1.0 clients such as check_http read until the server closes: always close for them.
        const bool close = request.http10 || connectionHeader == "close";
        const HttpResponse response = m_router.route(request);
        respond(socket, response, close, request.http10);
        if (observer)
            observer(request, response, timer.nsecsElapsed() / 1e9);
        if (close)
            return false;
    }
}

void HttpServerWorker::respond(QTcpSocket *socket, const HttpResponse &response, bool close, bool http10)
{
    QByteArray out;
    out.reserve(response.body.size() + 256);
    out += http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += QByteArray::number(response.status) + ' ' + HttpResponse::reasonPhrase(response.status) + "\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    out += response.body;
    socket->write(out);
    if (close) {
        m_connections.remove(socket);
        socket->disconnect(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost(); // flushes the answer first
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
    }
}

} // namespace routing::service
