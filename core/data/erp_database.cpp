#include "core/data/erp_database.h"

#include "core/common/logging_categories.h"
#include "core/config/erp_contract.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSqlError>
#include <QThread>

#include <algorithm>

namespace routing {

namespace {

QAtomicInteger<quint64> s_nextDatabaseSerial{0};
QAtomicInteger<quint64> s_nextThreadSerial{0};

// Thread serials, not native thread ids: native ids are reused after a thread ends, and a new
// thread must never pick up a connection a dead one opened.
quint64 threadSerial()
{
    thread_local const quint64 serial = ++s_nextThreadSerial;
    return serial;
}

} // namespace

ErpDatabase::ErpDatabase(DatabaseConfig config, QString connectionPrefix)
    : m_config(std::move(config)), m_dialect(m_config.dialect),
      m_prefix(std::move(connectionPrefix)), m_serial(++s_nextDatabaseSerial)
{
}

ErpDatabase::~ErpDatabase()
{
    closeThreadConnection();
    QMutexLocker locker(&m_mutex);
    for (const QString &name : std::as_const(m_openNames)) {
        qCWarning(lcData) << "ERP connection" << name
                          << "was not closed by its thread; removing it now";
        QSqlDatabase::removeDatabase(name);
    }
    m_openNames.clear();
}

QString ErpDatabase::connectionName() const
{
    return QStringLiteral("%1-%2-t%3").arg(m_prefix).arg(m_serial).arg(threadSerial());
}

QString ErpDatabase::describeTarget() const
{
    if (m_config.driver == QLatin1String("QSQLITE"))
        return QStringLiteral("ERP database file '%1'").arg(m_config.path);
    // The configured string holds no credentials (the config loader refuses Pwd=).
    return QStringLiteral("ERP database '%1'").arg(m_config.connectionString);
}

QString ErpDatabase::driverMessage(const QSqlError &error)
{
    QStringList parts;
    for (const QString &text : {error.databaseText().trimmed(), error.driverText().trimmed()}) {
        if (!text.isEmpty() && !parts.contains(text))
            parts << text;
    }
    return parts.isEmpty() ? QStringLiteral("no driver message") : parts.join(QStringLiteral("; "));
}

bool ErpDatabase::hasOdbcKey(const QString &connectionString, const QString &key)
{
    int depth = 0;
    QString current;
    bool inKey = true;
    const auto keyMatches = [&] {
        return current.trimmed().compare(key, Qt::CaseInsensitive) == 0;
    };
    for (const QChar c : connectionString) {
        if (inKey) {
            if (c == QLatin1Char('=')) {
                if (keyMatches())
                    return true;
                inKey = false;
            } else if (c == QLatin1Char(';')) {
                current.clear();
            } else {
                current += c;
            }
            continue;
        }
        if (c == QLatin1Char('{'))
            ++depth;
        else if (c == QLatin1Char('}') && depth > 0)
            --depth;
        else if (c == QLatin1Char(';') && depth == 0) {
            inKey = true;
            current.clear();
        }
    }
    return false;
}

QString ErpDatabase::odbcValue(const QString &value)
{
    const bool special = value.contains(QLatin1Char(';')) || value.contains(QLatin1Char('{')) ||
                         value.contains(QLatin1Char('}')) || value.contains(QLatin1Char('=')) ||
                         value != value.trimmed();
    if (!special)
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('}'), QLatin1String("}}"));
    return QLatin1Char('{') + escaped + QLatin1Char('}');
}

Result<QString> ErpDatabase::odbcConnectionString(const DatabaseConfig &config)
{
    QString out = config.connectionString.trimmed();
    if (out.isEmpty())
        return fail(
            ErrorCode::DatabaseConnection,
            QStringLiteral("no ODBC connection string configured (database.connection_string)"));
    if (!out.endsWith(QLatin1Char(';')))
        out += QLatin1Char(';');
    if (config.dialect == SqlDialectKind::PostgreSql) {
        // psqlODBC: no per-connection log file, stream big results instead of buffering them
        // whole (dependencies.md §5), and refuse writes at the driver: the ERP is read-only.
        const std::pair<const char *, const char *> defaults[] = {
            {"CommLog", "0"}, {"UseDeclareFetch", "1"}, {"Fetch", "10000"}, {"ReadOnly", "1"}};
        for (const auto &[key, value] : defaults) {
            if (!hasOdbcKey(out, QLatin1String(key)))
                out += QStringLiteral("%1=%2;").arg(QLatin1String(key), QLatin1String(value));
        }
    }
    const auto credential = [&](const QString &envName, const char *odbcKey,
                                const char *configKey) -> Status {
        if (envName.isEmpty())
            return {};
        const QString value = qEnvironmentVariable(envName.toLocal8Bit().constData());
        if (value.isEmpty())
            return fail(ErrorCode::DatabaseConnection,
                        QStringLiteral("environment variable %1 (database.%2) is not set")
                            .arg(envName, QLatin1String(configKey)));
        out += QStringLiteral("%1=%2;").arg(QLatin1String(odbcKey), odbcValue(value));
        return {};
    };
    if (auto s = credential(config.userEnv, "Uid", "user_env"); !s)
        return std::unexpected(s.error());
    if (auto s = credential(config.passwordEnv, "Pwd", "password_env"); !s)
        return std::unexpected(s.error());
    return out;
}

Status ErpDatabase::openOnce(const QString &name)
{
    const QString &driver = m_config.driver;
    if (!QSqlDatabase::isDriverAvailable(driver))
        return fail(ErrorCode::DatabaseConnection,
                    QStringLiteral("Qt SQL driver %1 is not available (installed: %2)")
                        .arg(driver, QSqlDatabase::drivers().join(QStringLiteral(", "))));
    QString failure;
    {
        QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                       : QSqlDatabase::addDatabase(driver, name);
        if (driver == QLatin1String("QSQLITE")) {
            if (m_config.path.isEmpty())
                failure = QStringLiteral("no ERP database file configured (database.path)");
            db.setDatabaseName(m_config.path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1")
                                     .arg(m_config.connectTimeoutSeconds * 1000));
        } else {
            const auto connectionString = odbcConnectionString(m_config);
            if (!connectionString)
                failure = connectionString.error().message;
            else
                db.setDatabaseName(*connectionString);
            db.setConnectOptions(
                QStringLiteral("SQL_ATTR_LOGIN_TIMEOUT=%1").arg(m_config.connectTimeoutSeconds));
        }
        if (failure.isEmpty() && !db.open())
            failure = QStringLiteral("cannot open %1 (%2)")
                          .arg(describeTarget(), driverMessage(db.lastError()));
    }
    if (!failure.isEmpty()) {
        QSqlDatabase::removeDatabase(name);
        return fail(ErrorCode::DatabaseConnection, failure);
    }
    QMutexLocker locker(&m_mutex);
    m_openNames.insert(name);
    return {};
}

Status ErpDatabase::open()
{
    const QString name = connectionName();
    {
        QMutexLocker locker(&m_mutex);
        if (m_openNames.contains(name))
            return {};
    }
    // A missing SQLite file does not appear by waiting; only network backends are retried.
    const int attempts = m_config.driver == QLatin1String("QODBC") ? 1 + m_config.retries : 1;
    Status status;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        status = openOnce(name);
        if (status) {
            qCInfo(lcData).noquote()
                << "connected to" << describeTarget() << "via" << m_config.driver << "as" << name;
            return status;
        }
        if (attempt < attempts) {
            const qint64 delay =
                std::min<qint64>(qint64(m_config.retryDelayMs) << (attempt - 1), 60000);
            qCWarning(lcData).noquote()
                << QStringLiteral("%1 - retrying in %2 ms (attempt %3 of %4)")
                       .arg(status.error().message)
                       .arg(delay)
                       .arg(attempt)
                       .arg(attempts);
            QThread::msleep(static_cast<unsigned long>(delay));
        }
    }
    if (attempts > 1)
        status.error().message += QStringLiteral(" after %1 attempts").arg(attempts);
    qCWarning(lcData).noquote() << status.error().message;
    return status;
}

Result<QSqlDatabase> ErpDatabase::connection()
{
    if (auto s = open(); !s)
        return std::unexpected(s.error());
    return QSqlDatabase::database(connectionName(), false);
}

void ErpDatabase::closeThreadConnection()
{
    const QString name = connectionName();
    {
        QMutexLocker locker(&m_mutex);
        if (!m_openNames.remove(name))
            return;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    qCDebug(lcData) << "closed ERP connection" << name;
}

Result<QSqlQuery> ErpDatabase::execOnce(const QString &sql, const QVariantList &values,
                                        QSqlError *error)
{
    auto db = connection();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    if (query.prepare(sql)) {
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (query.exec())
            return query;
    }
    *error = query.lastError();
    return fail(ErrorCode::DatabaseConnection, driverMessage(*error));
}

Result<QSqlQuery> ErpDatabase::exec(const QString &what, const QString &sql,
                                    const QVariantList &values)
{
    for (int attempt = 1;; ++attempt) {
        QSqlError error;
        {
            auto query = execOnce(sql, values, &error);
            if (query)
                return query;
            if (!error.isValid()) // could not even connect
                return query;
        }
        // A failed statement on a live connection is the statement's fault; only when the
        // connection itself no longer answers is it reopened and the statement retried.
        bool alive = false;
        {
            QSqlError pingError;
            auto probe = execOnce(QStringLiteral("SELECT 1"), {}, &pingError);
            alive = probe && probe->next();
        }
        if (alive || attempt > 1) {
            qCWarning(lcData).noquote() << what << "failed:" << driverMessage(error);
            return fail(ErrorCode::DatabaseConnection,
                        QStringLiteral("%1 failed (%2)").arg(what, driverMessage(error)));
        }
        qCWarning(lcData).noquote() << "ERP connection lost during" << what << "- reconnecting";
        closeThreadConnection();
    }
}

Status ErpDatabase::ping()
{
    auto query =
        exec(QStringLiteral("ping of %1").arg(describeTarget()), QStringLiteral("SELECT 1"));
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(ErrorCode::DatabaseConnection,
                    QStringLiteral("ping of %1 returned no row (%2)")
                        .arg(describeTarget(), driverMessage(query->lastError())));
    return {};
}

Status ErpDatabase::checkSchema()
{
    struct ViewSpec
    {
        QString view;
        QStringList logical;
        const QHash<QString, QString> &renamed;
    };
    const ErpSchema &schema = m_config.schema;
    const ViewSpec views[] = {
        {schema.itemView, erp::itemColumns(), schema.itemColumns},
        {schema.routingView, erp::routingColumns(), schema.routingColumns},
        {schema.workOrderView, erp::workOrderColumns(), schema.workOrderColumns}};
    QStringList problems;
    for (const ViewSpec &spec : views) {
        const QString from = m_dialect.quoteIdentifier(spec.view);
        QStringList physical;
        for (const QString &logical : spec.logical)
            physical << spec.renamed.value(logical, logical);
        QStringList quoted;
        for (const QString &column : std::as_const(physical))
            quoted << m_dialect.quoteIdentifier(column);
        QSqlError error;
        const QString all = QStringLiteral("SELECT %1 FROM %2 WHERE 1=0")
                                .arg(quoted.join(QStringLiteral(", ")), from);
        if (auto result = execOnce(all, {}, &error); result)
            continue;
        else if (!error.isValid()) // not connected at all
            return std::unexpected(result.error());
        QSqlError viewError;
        if (!execOnce(QStringLiteral("SELECT * FROM %1 WHERE 1=0").arg(from), {}, &viewError)) {
            problems << QStringLiteral("ERP view %1 is missing or unreadable (%2)")
                            .arg(spec.view, driverMessage(viewError));
            continue;
        }
        QStringList missing;
        for (int i = 0; i < physical.size(); ++i) {
            QSqlError columnError;
            const QString probe =
                QStringLiteral("SELECT %1 FROM %2 WHERE 1=0").arg(quoted[i], from);
            if (execOnce(probe, {}, &columnError))
                continue;
            missing << (physical[i] == spec.logical[i] ? physical[i]
                                                       : QStringLiteral("%1 (contract column %2)")
                                                             .arg(physical[i], spec.logical[i]));
        }
        problems << (missing.isEmpty() ? QStringLiteral("reading ERP view %1 failed (%2)")
                                             .arg(spec.view, driverMessage(error))
                                       : QStringLiteral("ERP view %1 lacks column(s) %2 (%3)")
                                             .arg(spec.view, missing.join(QStringLiteral(", ")),
                                                  driverMessage(error)));
    }
    if (problems.isEmpty())
        return {};
    const QString message = problems.join(QStringLiteral("; "));
    qCWarning(lcData).noquote() << "ERP schema check failed:" << message;
    return fail(ErrorCode::DatabaseConnection, message);
}

} // namespace routing
