#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace routing::test {

/// A throwaway PostgreSQL cluster for one test executable: initdb into a temporary directory
/// (as the `postgres` OS user when running as root, since initdb refuses root), a free loopback
/// port, scram-sha-256 password authentication, `pg_ctl -m fast stop` on destruction.
///
/// The product reaches it exactly as in production: QODBC, the `PostgreSQL Unicode` driver, a
/// DSN-less string without credentials, and the credentials in environment variables.
class PostgresServer final
{
public:
    /// Set to 1 to skip the PostgreSQL tests instead of failing them (documented opt-out).
    static constexpr const char *SkipVariable = "ROUTING_TEST_SKIP_POSTGRES";
    static bool skipRequested();
    /// A loopback port free right now (bound to 127.0.0.1:0, read, closed).
    static quint16 freeLoopbackPort();

    PostgresServer();
    ~PostgresServer();
    Q_DISABLE_COPY_MOVE(PostgresServer)

    /// initdb, start, create `database`. The error says why (command, output, server log).
    Status start(const QString &database = QStringLiteral("routing_erp"));
    void stop();
    bool isRunning() const { return m_running; }
    Status createDatabase(const QString &name);

    quint16 port() const { return m_port; }
    QString user() const { return m_user; }
    /// Holds ; { } = on purpose: the product must brace-quote it in the ODBC string.
    QString password() const { return m_password; }
    QString database() const { return m_database; }

    /// `Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=…;Database=…;` — no credentials.
    QString odbcConnectionString(const QString &database = {}) const;
    /// A product configuration for this server: QODBC, dialect postgresql, credentials read from
    /// the environment variables `userEnv` / `passwordEnv`, which this call sets.
    DatabaseConfig
    databaseConfig(const QString &userEnv = QStringLiteral("ROUTING_TEST_PG_USER"),
                   const QString &passwordEnv = QStringLiteral("ROUTING_TEST_PG_PASSWORD"),
                   const QString &database = {}) const;
    /// A writable connection (for loading fixtures; the product's own connection is read-only).
    Result<QSqlDatabase> openAdminConnection(const QString &connectionName,
                                             const QString &database = {}) const;
    /// The last lines of the server log, for failure messages.
    QString serverLogTail(int lines = 20) const;

private:
    Result<QString> run(const QString &program, const QStringList &arguments, bool asServerUser,
                        int timeoutMs = 120000) const;
    Status startOnce();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_user = QStringLiteral("routing_test");
    QString m_password;
    QString m_database;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_asPostgresUser = false;
};

} // namespace routing::test
