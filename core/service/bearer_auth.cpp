#include "core/service/bearer_auth.h"

namespace routing::service {

BearerAuth::BearerAuth(QString tokenEnvVariable, QByteArray token)
    : m_env(std::move(tokenEnvVariable)), m_token(std::move(token))
{
}

BearerAuth BearerAuth::fromEnvironment(const QString &tokenEnvVariable)
{
    const QByteArray token = tokenEnvVariable.isEmpty() ? QByteArray() : qgetenv(tokenEnvVariable.toLocal8Bit().constData());
    return BearerAuth(tokenEnvVariable, token.trimmed());
}

bool BearerAuth::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    // Fold the length difference in and always walk the longer input.
    const qsizetype n = std::max(a.size(), b.size());
    unsigned diff = unsigned(a.size() ^ b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? uchar(a[i]) : 0;
        const unsigned char y = i < b.size() ? uchar(b[i]) : 0;
        diff |= unsigned(x ^ y);
    }
    return diff == 0;
}

std::optional<HttpResponse> BearerAuth::check(const HttpRequest &request) const
{
    if (m_token.isEmpty())
        return HttpResponse::error(403, QStringLiteral("mutating endpoints are disabled: set the environment variable %1 "
                                                       "(http.token_env) to a token before starting the console, then "
                                                       "send 'Authorization: Bearer <token>'")
                                            .arg(m_env.isEmpty() ? QStringLiteral("named by http.token_env") : m_env));
    const QByteArray header = request.header("authorization");
    const QByteArray prefix = "Bearer ";
    if (!header.startsWith(prefix) || !constantTimeEquals(header.mid(prefix.size()).trimmed(), m_token)) {
        HttpResponse r = HttpResponse::error(401, QStringLiteral("missing or wrong bearer token"));
        r.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer")));
        return r;
    }
    return std::nullopt;
}

} // namespace routing::service
