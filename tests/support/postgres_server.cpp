#include "tests/support/postgres_server.h"

#include "core/data/erp_database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QStandardPaths>
#include <QTcpServer>
#include <QVersionNumber>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>
#endif

namespace routing::test {

namespace {

Status internal(const QString &message)
{
    return fail(ErrorCode::Internal, message);
}

QString findBinDir()
{
    const QString configured = qEnvironmentVariable("ROUTING_TEST_PG_BINDIR");
    if (!configured.isEmpty())
        return configured;
    // Debian keeps the server binaries off PATH, one directory per major version: take the newest.
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) {
        return QVersionNumber::fromString(a) > QVersionNumber::fromString(b);
    });
    for (const QString &version : std::as_const(versions)) {
        const QString bin = root.filePath(version + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")) &&
            QFile::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
}

} // namespace

quint16 PostgresServer::freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

namespace {

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

Status giveToPostgres(const QStringList &paths)
{
#ifdef Q_OS_UNIX
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        return internal(QStringLiteral("running as root, but there is no 'postgres' OS user to run "
                                       "initdb as (initdb refuses root)"));
    for (const QString &path : paths) {
        if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
            return internal(QStringLiteral("cannot chown %1 to postgres").arg(path));
    }
#else
    Q_UNUSED(paths)
#endif
    return {};
}

} // namespace

bool PostgresServer::skipRequested()
{
    return qEnvironmentVariable(SkipVariable) == QLatin1String("1");
}

PostgresServer::PostgresServer()
    : m_binDir(findBinDir()),
      m_password(QStringLiteral("Rt;p}w{=%1").arg(QRandomGenerator::global()->generate(), 0, 16))
{
}

PostgresServer::~PostgresServer()
{
    stop();
}

Result<QString> PostgresServer::run(const QString &program, const QStringList &arguments,
                                    bool asServerUser, int timeoutMs) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir ? m_dir->path() : QDir::tempPath());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), m_password);
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    QString executable = QDir(m_binDir).filePath(program);
    QStringList args = arguments;
    if (asServerUser && m_asPostgresUser) {
        args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"),
                           executable} +
               arguments;
        executable = QStringLiteral("runuser");
    }
    const QString commandLine = executable + QLatin1Char(' ') + args.join(QLatin1Char(' '));
    process.start(executable, args);
    if (!process.waitForStarted(10000))
        return std::unexpected(
            Error{ErrorCode::Internal,
                  QStringLiteral("cannot run %1 (%2)").arg(commandLine, process.errorString())});
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return std::unexpected(Error{
            ErrorCode::Internal,
            QStringLiteral("%1 did not finish in %2 s").arg(commandLine).arg(timeoutMs / 1000)});
    }
    const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::unexpected(Error{ErrorCode::Internal, QStringLiteral("%1 failed (exit %2): %3")
                                                              .arg(commandLine)
                                                              .arg(process.exitCode())
                                                              .arg(output)});
    return output;
}

Status PostgresServer::start(const QString &database)
{
    if (m_running)
        return {};
    if (m_binDir.isEmpty())
        return internal(
            QStringLiteral("no PostgreSQL server binaries (initdb, pg_ctl) found in "
                           "/usr/lib/postgresql/*/bin or on PATH; install postgresql or "
                           "set %1=1 to skip these tests")
                .arg(QLatin1String(SkipVariable)));
    m_asPostgresUser = runningAsRoot();
    // The cluster must be reachable by the postgres user: under root use /tmp, not a private
    // TMPDIR.
    const QString base = m_asPostgresUser ? QStringLiteral("/tmp") : QDir::tempPath();
    m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/routing-pg-XXXXXX"));
    if (!m_dir->isValid())
        return internal(QStringLiteral("cannot create a temporary directory in %1").arg(base));
    const QString pwFile = m_dir->filePath(QStringLiteral("pwfile"));
    const QString socketDir = m_dir->filePath(QStringLiteral("sock"));
    {
        QFile file(pwFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(m_password.toUtf8() + '\n') < 0)
            return internal(QStringLiteral("cannot write %1").arg(pwFile));
    }
    if (!QDir().mkpath(socketDir))
        return internal(QStringLiteral("cannot create %1").arg(socketDir));
    if (m_asPostgresUser) {
        if (auto s = giveToPostgres({m_dir->path(), pwFile, socketDir}); !s)
            return s;
    }
    auto initdb =
        run(QStringLiteral("initdb"),
            {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-U"),
             m_user, QStringLiteral("--pwfile=") + pwFile, QStringLiteral("--auth=scram-sha-256"),
             QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"),
             QStringLiteral("--no-sync")},
            true);
    if (!initdb)
        return std::unexpected(initdb.error());
    Status started;
    for (int attempt = 0; attempt < 3; ++attempt) { // a picked port can be taken meanwhile
        started = startOnce();
        if (started)
            break;
    }
    if (!started)
        return started;
    return createDatabase(database);
}

Status PostgresServer::startOnce()
{
    m_port = freeLoopbackPort();
    if (m_port == 0)
        return internal(QStringLiteral("no free loopback port for PostgreSQL"));
    const QString options = QStringLiteral("-p %1 -c listen_addresses=127.0.0.1 -k %2 -c fsync=off "
                                           "-c synchronous_commit=off -c full_page_writes=off")
                                .arg(m_port)
                                .arg(m_dir->filePath(QStringLiteral("sock")));
    auto result = run(QStringLiteral("pg_ctl"),
                      {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")),
                       QStringLiteral("-l"), m_dir->filePath(QStringLiteral("server.log")),
                       QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                       QStringLiteral("-o"), options, QStringLiteral("start")},
                      true, 90000);
    if (!result)
        return internal(
            QStringLiteral("%1\nserver log:\n%2").arg(result.error().message, serverLogTail()));
    m_running = true;
    return {};
}

Status PostgresServer::createDatabase(const QString &name)
{
    auto result =
        run(QStringLiteral("createdb"),
            {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
             QString::number(m_port), QStringLiteral("-U"), m_user, QStringLiteral("-E"),
             QStringLiteral("UTF8"), QStringLiteral("-T"), QStringLiteral("template0"), name},
            false);
    if (!result)
        return std::unexpected(result.error());
    if (m_database.isEmpty())
        m_database = name;
    return {};
}

void PostgresServer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    const QString dataDir = m_dir->filePath(QStringLiteral("data"));
    auto fast = run(QStringLiteral("pg_ctl"),
                    {QStringLiteral("-D"), dataDir, QStringLiteral("-m"), QStringLiteral("fast"),
                     QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                     QStringLiteral("stop")},
                    true, 90000);
    if (fast)
        return;
    qWarning("PostgresServer: %s", qPrintable(fast.error().message));
    auto immediate = run(QStringLiteral("pg_ctl"),
                         {QStringLiteral("-D"), dataDir, QStringLiteral("-m"),
                          QStringLiteral("immediate"), QStringLiteral("stop")},
                         true, 30000);
    if (!immediate)
        qWarning("PostgresServer: %s", qPrintable(immediate.error().message));
}

QString PostgresServer::odbcConnectionString(const QString &database) const
{
    return QStringLiteral("Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=%1;Database=%2;")
        .arg(m_port)
        .arg(database.isEmpty() ? m_database : database);
}

DatabaseConfig PostgresServer::databaseConfig(const QString &userEnv, const QString &passwordEnv,
                                              const QString &database) const
{
    qputenv(userEnv.toLocal8Bit().constData(), m_user.toUtf8());
    qputenv(passwordEnv.toLocal8Bit().constData(), m_password.toUtf8());
    DatabaseConfig config;
    config.driver = QStringLiteral("QODBC");
    config.dialect = SqlDialectKind::PostgreSql;
    config.connectionString = odbcConnectionString(database);
    config.userEnv = userEnv;
    config.passwordEnv = passwordEnv;
    config.retries = 1;
    config.retryDelayMs = 100;
    return config;
}

Result<QSqlDatabase> PostgresServer::openAdminConnection(const QString &connectionName,
                                                         const QString &database) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QODBC"), connectionName);
    db.setDatabaseName(
        odbcConnectionString(database) +
        QStringLiteral("CommLog=0;Uid=%1;Pwd=%2;")
            .arg(ErpDatabase::odbcValue(m_user), ErpDatabase::odbcValue(m_password)));
    if (!db.open()) {
        const QString message = ErpDatabase::driverMessage(db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return std::unexpected(
            Error{ErrorCode::DatabaseConnection,
                  QStringLiteral("cannot open admin connection (%1)").arg(message)});
    }
    return db;
}

QString PostgresServer::serverLogTail(int lines) const
{
    if (!m_dir)
        return {};
    QFile file(m_dir->filePath(QStringLiteral("server.log")));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(no server log)");
    const QStringList all = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

} // namespace routing::test
