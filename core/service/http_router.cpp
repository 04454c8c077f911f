#include "core/service/http_router.h"

#include <exception>

namespace routing::service {

void HttpRouter::add(const QByteArray &method, const QString &pattern, HttpHandler handler)
{
    m_routes.append({method, pattern, pattern.split(u'/', Qt::SkipEmptyParts), std::move(handler)});
}

bool HttpRouter::matches(const Route &route, const QStringList &segments, QHash<QString, QString> *params)
{
    if (route.segments.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &want = route.segments[i];
        if (want.startsWith(u'{') && want.endsWith(u'}')) {
            if (segments[i].isEmpty())
                return false;
            found.insert(want.mid(1, want.size() - 2), segments[i]);
        } else if (want != segments[i]) {
            return false;
        }
    }
    if (params)
        *params = found;
    return true;
}

HttpResponse HttpRouter::route(HttpRequest request) const
{
    const QStringList segments = request.path.split(u'/', Qt::SkipEmptyParts);
    QByteArrayList allowed;
    for (const Route &r : m_routes) {
        QHash<QString, QString> params;
        if (!matches(r, segments, &params))
            continue;
        const bool headForGet = request.method == "HEAD" && r.method == "GET";
        if (r.method != request.method && !headForGet) {
            if (!allowed.contains(r.method))
                allowed << r.method;
            continue;
        }
        request.pathParams = params;
        try {
            HttpResponse response = r.handler(request);
            if (headForGet)
                response.body.clear();
            response.route = r.pattern;
            return response;
        } catch (const std::exception &e) {
            HttpResponse response = HttpResponse::error(500, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
            response.route = r.pattern;
            return response;
        } catch (...) {
            HttpResponse response = HttpResponse::error(500, QStringLiteral("internal error"));
            response.route = r.pattern;
            return response;
        }
    }
    if (!allowed.isEmpty()) {
        HttpResponse r = HttpResponse::error(405, QStringLiteral("method %1 not allowed on %2; allowed: %3")
                                                      .arg(QString::fromLatin1(request.method), request.path,
                                                           QString::fromLatin1(allowed.join(", "))));
        r.headers.append(qMakePair(QByteArray("Allow"), allowed.join(", ")));
        return r;
    }
    return HttpResponse::error(404, QStringLiteral("no such endpoint: %1").arg(request.path));
}

} // namespace routing::service
