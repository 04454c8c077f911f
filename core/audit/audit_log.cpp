#include "core/audit/audit_log.h"

#include "core/common/logging_categories.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#if defined(Q_OS_UNIX)
#include <pwd.h>
#include <unistd.h>
#endif

namespace routing {

AuditLog::AuditLog(QString path) : m_path(std::move(path)) {}

QString AuditLog::currentOsUser()
{
    for (const char *var : {"USER", "USERNAME", "LOGNAME"}) {
        const QString v = qEnvironmentVariable(var);
        if (!v.isEmpty())
            return v;
    }
#if defined(Q_OS_UNIX)
    // A service started without a login environment (systemd, cron, containers): ask the system.
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
#endif
    return QStringLiteral("unknown");
}

Status AuditLog::append(AuditEntry entry)
{
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    if (entry.actor.isEmpty() || entry.action.isEmpty())
        return fail(ErrorCode::InvalidData, QStringLiteral("audit entry needs an actor and an action"));
    const QJsonObject obj{{QStringLiteral("time"), entry.time.toUTC().toString(Qt::ISODateWithMs)},
                          {QStringLiteral("actor"), entry.actor},
                          {QStringLiteral("action"), entry.action},
                          {QStringLiteral("target"), entry.target},
                          {QStringLiteral("before"), entry.before},
                          {QStringLiteral("after"), entry.after},
                          {QStringLiteral("reason"), entry.reason}};
    const QByteArray line = QJsonDocument(obj).toJson(QJsonDocument::Compact) + '\n';

    const QMutexLocker lock(&m_mutex);
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return fail(ErrorCode::Io, QStringLiteral("cannot append to audit log %1: %2").arg(m_path, file.errorString()));
    if (file.write(line) != line.size() || !file.flush())
        return fail(ErrorCode::Io, QStringLiteral("cannot append to audit log %1: %2").arg(m_path, file.errorString()));
    qCInfo(lcAudit).noquote() << entry.actor << entry.action << entry.target << entry.reason;
    return {};
}

Result<QList<AuditEntry>> AuditLog::readAll() const
{
    const QMutexLocker lock(&m_mutex);
    QFile file(m_path);
    if (!file.exists())
        return QList<AuditEntry>{};
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot read audit log %1: %2").arg(m_path, file.errorString()));
    QList<AuditEntry> entries;
    int lineNo = 0;
    while (!file.atEnd()) {
        ++lineNo;
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (!doc.isObject())
            return fail(ErrorCode::InvalidData, QStringLiteral("%1:%2: not a JSON object (%3)")
                                                    .arg(m_path).arg(lineNo).arg(err.errorString()));
        const QJsonObject o = doc.object();
        entries.append(AuditEntry{QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs),
                                  o.value(QStringLiteral("actor")).toString(),
                                  o.value(QStringLiteral("action")).toString(),
                                  o.value(QStringLiteral("target")).toString(),
                                  o.value(QStringLiteral("before")), o.value(QStringLiteral("after")),
                                  o.value(QStringLiteral("reason")).toString()});
    }
    return entries;
}

} // namespace routing
