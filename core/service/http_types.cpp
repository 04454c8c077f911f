#include "core/service/http_types.h"

#include <QJsonObject>

namespace routing::service {

HttpResponse HttpResponse::json(int status, const QJsonDocument &doc)
{
    return {status, "application/json", doc.toJson(QJsonDocument::Compact), {}, {}};
}

HttpResponse HttpResponse::json(int status, const QJsonObject &obj)
{
    return json(status, QJsonDocument(obj));
}

HttpResponse HttpResponse::text(int status, const QByteArray &contentType, QByteArray body)
{
    return {status, contentType, std::move(body), {}, {}};
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(status, QJsonObject{{QStringLiteral("error"),
                                     QJsonObject{{QStringLiteral("status"), status},
                                                 {QStringLiteral("message"), message}}}});
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
    }
}

} // namespace routing::service
