#pragma once

#include "core/common/error.h"
#include "core/service/http_router.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QThread;

namespace routing::service {

class HttpServerWorker;

struct HttpServerLimits
{
    int maxBodyBytes = 1 << 20;
    int maxHeaderBytes = 16 * 1024;
    int idleTimeoutMs = 30000;
    int maxConnections = 256;
};

/// A small HTTP/1.1 server on QTcpServer, running in its own thread so it answers while the GUI
/// or a job is busy. HTTP/1.0 requests (Nagios check_http) get a complete answer and a closed
/// connection; HTTP/1.1 keeps the connection alive unless the client says close. Oversized
/// headers (431) and bodies (413), malformed requests (400), chunked bodies (411) and unknown
/// versions (505) are answered and closed, never crash the process. Handlers run on the server
/// thread and must be thread-safe.
class HttpServer final : public QObject
{
    Q_OBJECT
public:
    /// Receives the response too: its `route` is the matched pattern (low-cardinality label).
    using Observer = std::function<void(const HttpRequest &, const HttpResponse &, double seconds)>;

    explicit HttpServer(HttpRouter router, HttpServerLimits limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;
    Q_DISABLE_COPY_MOVE(HttpServer)

    /// Binds and starts listening; returns the bound port (useful with port 0).
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const;
    /// Called on the server thread after each response (for the request-duration histogram).
    void setObserver(Observer observer);
    /// Runs `fn` on the server thread and waits for it (e.g. to close that thread's database
    /// connections before the server goes away). Not from the server thread itself.
    void runOnServerThread(const std::function<void()> &fn);

private:
    QThread *m_thread;
    HttpServerWorker *m_worker;
};

} // namespace routing::service
