#include "core/service/http_server.h"

#include "core/service/http_server_worker.h"

#include <QThread>

namespace routing::service {

HttpServer::HttpServer(HttpRouter router, HttpServerLimits limits, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new HttpServerWorker(std::move(router), limits))
{
    m_thread->setObjectName(QStringLiteral("http-server"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

HttpServer::~HttpServer()
{
    close();
    m_thread->quit();
    m_thread->wait();
}

void HttpServer::setObserver(Observer observer)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, o = std::move(observer)] { w->observer = o; },
                              Qt::BlockingQueuedConnection);
}

void HttpServer::runOnServerThread(const std::function<void()> &fn)
{
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_worker, fn, Qt::BlockingQueuedConnection);
}

Result<quint16> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    QString error;
    quint16 bound = 0;
    QMetaObject::invokeMethod(m_worker, "listenOn", Qt::BlockingQueuedConnection, Q_RETURN_ARG(QString, error),
                              Q_ARG(QString, address.toString()), Q_ARG(quint16, port), Q_ARG(quint16 *, &bound));
    if (!error.isEmpty())
        return fail(ErrorCode::Io, QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(error));
    return bound;
}

void HttpServer::close()
{
    if (m_thread->isRunning())
        QMetaObject::invokeMethod(m_worker, "stop", Qt::BlockingQueuedConnection);
}

bool HttpServer::isListening() const
{
    bool listening = false;
    QMetaObject::invokeMethod(m_worker, [&] { listening = m_worker->listening(); }, Qt::BlockingQueuedConnection);
    return listening;
}

} // namespace routing::service
