#pragma once

#include "core/common/error.h"

#include <QDateTime>
#include <QJsonValue>
#include <QMutex>
#include <QString>

namespace routing {

/// One operator action that changed state.
struct AuditEntry
{
    QDateTime time;      ///< UTC; filled in by AuditLog::append when invalid
    QString actor;       ///< the OS user, or "api" for the HTTP endpoint, or "system"
    QString action;      ///< e.g. "model.rollback", "alert.acknowledge", "config.check"
    QString target;      ///< what it acted on (a version, a job id, an alert id)
    QJsonValue before;
    QJsonValue after;
    QString reason;
};

/// Append-only audit trail in JSON Lines (one object per line, UTF-8). Each append opens the file
/// in append mode and writes one complete line, so concurrent writers never interleave partial
/// records and a crash loses at most the line being written. Thread-safe.
class AuditLog final
{
public:
    explicit AuditLog(QString path);
    Q_DISABLE_COPY_MOVE(AuditLog)

    Status append(AuditEntry entry);
    /// Reads every entry back (oldest first); malformed lines are reported, not skipped silently.
    Result<QList<AuditEntry>> readAll() const;
    QString path() const { return m_path; }

    /// The OS account running the console ($USER / $USERNAME / $LOGNAME, else the account of the
    /// effective user id on Unix), "unknown" only if none is known.
    static QString currentOsUser();

private:
    QString m_path;
    mutable QMutex m_mutex;
};

} // namespace routing
