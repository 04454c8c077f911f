#pragma once

// Private to routing_service: the QObject that lives on the server thread.

#include "core/service/http_server.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace routing::service {

class HttpServerWorker final : public QObject
{
    Q_OBJECT
public:
    HttpServerWorker(HttpRouter router, HttpServerLimits limits);
    ~HttpServerWorker() override;

    // Called through blocking queued invocations from HttpServer.
    Q_INVOKABLE QString listenOn(const QString &address, quint16 port, quint16 *boundPort);
    Q_INVOKABLE void stop();
    bool listening() const;
    HttpServer::Observer observer;

private:
    struct Connection
    {
        QByteArray buffer;
        QTimer *idle = nullptr;
    };
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    /// Parses and answers every complete request in the buffer; false when the socket closes.
    bool serveBuffered(QTcpSocket *socket, Connection &connection);
    void respond(QTcpSocket *socket, const HttpResponse &response, bool close, bool http10);
    void drop(QTcpSocket *socket);

    HttpRouter m_router;
    HttpServerLimits m_limits;
    QTcpServer *m_server = nullptr;
    QHash<QTcpSocket *, Connection> m_connections;
};

} // namespace routing::service
