#pragma once

#include "core/service/http_types.h"

#include <optional>

namespace routing::service {

/// Token check for the mutating endpoints. The token comes from the environment variable the
/// configuration names; with none set, mutating endpoints answer 403 saying how to enable them.
class BearerAuth final
{
public:
    BearerAuth(QString tokenEnvVariable, QByteArray token);
    /// Reads the token from `tokenEnvVariable` now.
    static BearerAuth fromEnvironment(const QString &tokenEnvVariable);

    /// nullopt when the request may proceed; otherwise the 401/403 answer.
    std::optional<HttpResponse> check(const HttpRequest &request) const;
    bool enabled() const { return !m_token.isEmpty(); }

    /// Compares in time that depends only on the lengths, not on where the bytes differ.
    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

private:
    QString m_env;
    QByteArray m_token;
};

} // namespace routing::service
