#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

namespace routing::service {

/// One parsed HTTP request. Header names are lower-cased.
struct HttpRequest
{
    QByteArray method;
    QString path;                       ///< decoded path without the query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
    bool http10 = false;
    QHostAddress peer;
    QHash<QString, QString> pathParams; ///< filled by the router ({id} → value)

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString route; ///< the matched route pattern (set by HttpRouter; "" when none matched)

    static HttpResponse json(int status, const QJsonDocument &doc);
    static HttpResponse json(int status, const QJsonObject &obj);
    static HttpResponse text(int status, const QByteArray &contentType, QByteArray body);
    /// {"error": {"status": 404, "message": "..."}}
    static HttpResponse error(int status, const QString &message);
    static QByteArray reasonPhrase(int status);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;

} // namespace routing::service
