#pragma once

#include "core/common/error.h"

#include <QSqlDatabase>
#include <QString>

namespace routing {

/// The console's own state (evaluation history, alerts, jobs, registry pointers, audit index):
/// a local SQLite file, never the ERP. Schema changes are numbered migrations applied in one
/// transaction at open; a file written by a newer console is refused rather than damaged.
/// A connection is used only by the thread that opened it (connectionForThread()).
class StateStore final
{
public:
    explicit StateStore(QString path);
    ~StateStore();
    Q_DISABLE_COPY_MOVE(StateStore)

    /// Creates the file if needed and brings the schema up to date.
    Status open();
    /// This thread's connection (opened on first use, WAL mode, busy timeout).
    Result<QSqlDatabase> connectionForThread();

    QString path() const { return m_path; }
    /// Schema version of the open database.
    Result<int> schemaVersion();
    static int latestSchemaVersion();

    /// Small key/value settings (e.g. "auto_retrain_paused").
    Result<QString> value(const QString &key, const QString &fallback = {});
    Status setValue(const QString &key, const QString &value);

private:
    Status migrate(QSqlDatabase &db);

    QString m_path;
    QString m_prefix;
};

} // namespace routing
