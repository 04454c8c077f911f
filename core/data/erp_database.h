#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/data/sql_dialect.h"

#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace routing {

/// Read-only access to the plant's ERP database, one Qt Sql connection per thread.
///
/// A connection is opened lazily in the thread that first asks for it and is used only there
/// (Qt Sql's rule); its name is the prefix, this object's serial and the thread's serial. A worker
/// thread calls closeThreadConnection() before it ends; the destructor closes what is left.
///
/// QSQLITE opens `config.path` (absolute; see AppConfig::erpSqlitePath()) read-only. QODBC uses the
/// configured DSN-less string plus Uid/Pwd read from the environment variables named by
/// `userEnv`/`passwordEnv` (never from the file). Every failure is an Error with code
/// DatabaseConnection (1001) and the driver's message; nothing here throws.
class ErpDatabase final
{
public:
    explicit ErpDatabase(DatabaseConfig config, QString connectionPrefix = QStringLiteral("erp"));
    ~ErpDatabase();
    Q_DISABLE_COPY_MOVE(ErpDatabase)

    const DatabaseConfig &config() const { return m_config; }
    const SqlDialect &dialect() const { return m_dialect; }

    /// Opens the calling thread's connection if needed. QODBC retries `config.retries` times,
    /// waiting retryDelayMs, 2x, 4x … (capped at 60 s) in between; this blocks the calling thread,
    /// which is never the GUI thread.
    Status open();
    /// The calling thread's open connection (opened on demand).
    Result<QSqlDatabase> connection();
    /// Name of the calling thread's connection (whether open or not).
    QString connectionName() const;
    /// Closes and removes the calling thread's connection. No query on it may still be alive.
    void closeThreadConnection();

    /// `SELECT 1` on the calling thread's connection.
    Status ping();
    /// Verifies that the three views and every mapped contract column exist, with one
    /// `SELECT <columns> FROM <view> WHERE 1=0` per view; on failure names each missing view or
    /// column (physical name, and the contract name when renamed).
    Status checkSchema();

    /// Prepares `sql`, binds `values` in order, executes forward-only. `what` names the read in the
    /// error ("reading BI_ROUTING_VIEW"). When the connection turns out to be lost, it is reopened
    /// and the statement retried once. The returned query must not outlive the connection.
    Result<QSqlQuery> exec(const QString &what, const QString &sql,
                           const QVariantList &values = {});

    /// The full ODBC string: configured string, PostgreSQL defaults (CommLog=0; UseDeclareFetch=1;
    /// Fetch=10000; ReadOnly=1; unless given) and the credentials from the environment.
    static Result<QString> odbcConnectionString(const DatabaseConfig &config);
    /// Whether an ODBC connection string sets `key` (case-insensitive, braces respected).
    static bool hasOdbcKey(const QString &connectionString, const QString &key);
    /// An ODBC attribute value, brace-quoted when it holds ; { } = or edge spaces.
    static QString odbcValue(const QString &value);
    /// databaseText and driverText of a Qt Sql error, for messages.
    static QString driverMessage(const QSqlError &error);

private:
    Status openOnce(const QString &name);
    Result<QSqlQuery> execOnce(const QString &sql, const QVariantList &values, QSqlError *error);
    QString describeTarget() const;

    DatabaseConfig m_config;
    SqlDialect m_dialect;
    QString m_prefix;
    quint64 m_serial;
    mutable QMutex m_mutex;
    QSet<QString> m_openNames;
};

} // namespace routing
