#pragma once

#include "core/service/http_types.h"

namespace routing::service {

/// Maps (method, path pattern) to handlers. Patterns are literal segments or `{name}`
/// placeholders ("/api/training/jobs/{id}"). Unknown paths answer 404 JSON; a known path with
/// another method answers 405 with an Allow header. Handlers that throw answer 500, never crash.
class HttpRouter final
{
public:
    void add(const QByteArray &method, const QString &pattern, HttpHandler handler);
    HttpResponse route(HttpRequest request) const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        HttpHandler handler;
    };
    static bool matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params);

    QList<Route> m_routes;
};

} // namespace routing::service
