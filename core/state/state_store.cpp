#include "core/state/state_store.h"

#include "core/common/logging_categories.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace routing {
namespace {

// Migration N brings the schema from version N-1 to N. Append only; never edit a released one.
const char *const kMigrations[] = {
    // 1: settings and bookkeeping
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)",
    // 2-8: quality evaluation loop (issue 4): cycle history, alerts and their journal, retraining
    // requests. One statement per migration (QSqlQuery runs only the first of several).
    // 2: one row per evaluation cycle; the metric columns are named as in the JSON report.
    "CREATE TABLE quality_cycles (cycle_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, "
    "as_of TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')), "
    "error_code INTEGER, error_message TEXT, triggered_by TEXT NOT NULL, strategy TEXT, sample_size INTEGER, "
    "seed TEXT, model_version TEXT, level TEXT, mae_minutes REAL, setup_mae_minutes REAL, run_mae_minutes REAL, "
    "trim_mae_minutes REAL, rmse_minutes REAL, bias_minutes REAL, p90_abs_error_minutes REAL, process_match REAL, "
    "job_recall REAL, job_precision REAL, cv REAL, sample_count REAL, coverage REAL, items_sampled INTEGER, "
    "items_evaluated INTEGER, items_failed INTEGER, items_without_actuals INTEGER, duration_seconds REAL, "
    "report_path TEXT, metrics_json TEXT)",
    // 3
    "CREATE INDEX quality_cycles_by_start ON quality_cycles (started_at)",
    // 4: alerts (ISA-18.2 life cycle: raised, acknowledged, shelved until, cleared)
    "CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_key TEXT NOT NULL, "
    "code INTEGER NOT NULL DEFAULT 0, severity TEXT NOT NULL, "
    "state TEXT NOT NULL CHECK (state IN ('active', 'cleared')), metric TEXT, value REAL, threshold REAL, "
    "message TEXT NOT NULL, raised_at TEXT NOT NULL, raised_cycle TEXT, updated_at TEXT NOT NULL, last_cycle TEXT, "
    "acknowledged_by TEXT, acknowledged_at TEXT, shelved_by TEXT, shelved_until TEXT, shelve_reason TEXT, "
    "cleared_at TEXT, cleared_cycle TEXT)",
    // 5: at most one active alert per key
    "CREATE UNIQUE INDEX alerts_one_active_per_key ON alerts (alert_key) WHERE state = 'active'",
    // 6: every change of every alert
    "CREATE TABLE alert_journal (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "alert_id INTEGER NOT NULL REFERENCES alerts (id), at TEXT NOT NULL, event TEXT NOT NULL, "
    "actor TEXT NOT NULL, severity TEXT, value REAL, cycle_id TEXT, detail TEXT)",
    // 7
    "CREATE INDEX alert_journal_by_alert ON alert_journal (alert_id, id)",
    // 8: every retraining decision, refusals included; job_state is the interim queue until the
    // jobs issue owns the queue.
    "CREATE TABLE retraining_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, requested_at TEXT NOT NULL, "
    "cycle_id TEXT, kind TEXT NOT NULL CHECK (kind IN ('automatic', 'manual')), requested_by TEXT NOT NULL, "
    "reason TEXT NOT NULL, decision TEXT NOT NULL, detail TEXT, job_id TEXT, job_state TEXT)",
    // 9-16: training jobs and the model registry (issue 5).
    // 9: the persisted training queue; one row per job, retries reuse the row (attempts).
    "CREATE TABLE training_jobs (id TEXT PRIMARY KEY, "
    "state TEXT NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'DEFERRED', 'SKIPPED')), "
    "kind TEXT NOT NULL CHECK (kind IN ('automatic', 'manual')), "
    "source TEXT NOT NULL CHECK (source IN ('operator', 'schedule', 'quality_alert', 'api')), "
    "requested_by TEXT NOT NULL, reason TEXT NOT NULL, cycle_id TEXT, created_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, not_before TEXT, started_at TEXT, finished_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, "
    "progress INTEGER NOT NULL DEFAULT 0, step TEXT, message TEXT, runner_pid INTEGER, runner_host TEXT, "
    "worker_pid INTEGER, cancel_requested_by TEXT, error_code INTEGER, error_message TEXT, exit_code INTEGER, "
    "stderr_tail TEXT, version TEXT, decision TEXT, result_json TEXT, options_json TEXT)",
    // 10
    "CREATE INDEX training_jobs_by_state ON training_jobs (state, created_at)",
    // 11: registered model versions (the directories are the truth; this is the index)
    "CREATE TABLE model_versions (version TEXT PRIMARY KEY, created_at TEXT NOT NULL, creator TEXT NOT NULL, "
    "reason TEXT NOT NULL, parent TEXT, job_id TEXT, manifest_sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, "
    "registered_at TEXT NOT NULL, deleted_at TEXT, last_verified_at TEXT, last_verification TEXT)",
    // 12: the activation history, mirrored from the registry file (models/manifest.json)
    "CREATE TABLE model_activations (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, from_version TEXT, "
    "to_version TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, "
    "kind TEXT NOT NULL CHECK (kind IN ('deploy', 'rollback', 'manual', 'auto-rollback')))",
    // 13-14: the history is append-only
    "CREATE TRIGGER model_activations_no_update BEFORE UPDATE ON model_activations "
    "BEGIN SELECT RAISE(ABORT, 'model_activations is append-only'); END",
    "CREATE TRIGGER model_activations_no_delete BEFORE DELETE ON model_activations "
    "BEGIN SELECT RAISE(ABORT, 'model_activations is append-only'); END",
    // 15: probation of newly activated versions
    "CREATE TABLE model_probation (id INTEGER PRIMARY KEY AUTOINCREMENT, version TEXT NOT NULL, "
    "activation_seq INTEGER NOT NULL, started_at TEXT NOT NULL, cycles_required INTEGER NOT NULL, "
    "cycles_seen INTEGER NOT NULL DEFAULT 0, "
    "state TEXT NOT NULL CHECK (state IN ('watching', 'passed', 'rolled_back', 'failed', 'superseded')), "
    "ended_at TEXT, last_cycle TEXT, detail TEXT)",
    // 16
    "CREATE INDEX model_probation_by_state ON model_probation (state, id)",
    // 17: the ML engine's model id of a version (what an evaluation cycle reports it evaluated)
    "ALTER TABLE model_versions ADD COLUMN model_id TEXT",
    // 18: the positional process match, which thresholds.process_match_measure can alert on
    "ALTER TABLE quality_cycles ADD COLUMN process_match_positional REAL",
};

Status execOrFail(QSqlQuery &q, const QString &sql, const QString &path)
{
    if (!q.exec(sql))
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2 (%3)").arg(path, q.lastError().text(), sql.left(80)));
    return {};
}

} // namespace

StateStore::StateStore(QString path)
    : m_path(std::move(path)), m_prefix(QStringLiteral("state-") + QUuid::createUuid().toString(QUuid::Id128) + u'-')
{
}

StateStore::~StateStore()
{
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        if (!name.startsWith(m_prefix))
            continue;
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}

int StateStore::latestSchemaVersion()
{
    return int(std::size(kMigrations));
}

Result<QSqlDatabase> StateStore::connectionForThread()
{
    const QString name = m_prefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(ErrorCode::Io, QStringLiteral("cannot create the folder of the state database %1").arg(m_path));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return fail(ErrorCode::Io, QStringLiteral("cannot open the state database %1: %2").arg(m_path, db.lastError().text()));
    QSqlQuery q(db);
    // A file that is not SQLite fails here, with SQLite's own words. Switching a new file to WAL
    // needs a moment alone with it; when another process is creating it at the same time SQLite
    // answers "locked" at once (its busy handler is not used there), so wait and try again up to
    // the busy timeout.
    for (int attempt = 0;; ++attempt) {
        if (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
            break;
        const bool locked = q.lastError().nativeErrorCode() == QLatin1String("5") // SQLITE_BUSY
                            || q.lastError().text().contains(QLatin1String("locked"));
        if (!locked || attempt >= 100)
            return fail(ErrorCode::Io, QStringLiteral("state database %1 is not usable: %2").arg(m_path, q.lastError().text()));
        QThread::msleep(50);
    }
    q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    return db;
}

Status StateStore::open()
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    return migrate(*db);
}

Result<int> StateStore::schemaVersion()
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, q.lastError().text()));
    return q.value(0).toInt();
}

Status StateStore::migrate(QSqlDatabase &db)
{
    const auto current = schemaVersion();
    if (!current)
        return std::unexpected(current.error());
    const int latest = latestSchemaVersion();
    if (*current > latest)
        return fail(ErrorCode::Io, QStringLiteral("state database %1 has schema version %2, newer than this console "
                                                  "understands (%3); use a newer console or another state path")
                                       .arg(m_path).arg(*current).arg(latest));
    if (*current == latest)
        return {};
    // Two processes may create or upgrade the same state database at once: take the write lock
    // first (BEGIN IMMEDIATE waits for the other up to the busy timeout), then read the version
    // again inside the transaction, so that only one of them applies each migration.
    QSqlQuery q(db);
    if (auto r = execOrFail(q, QStringLiteral("BEGIN IMMEDIATE"), m_path); !r)
        return r;
    const auto rollback = [&] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        const QString why = q.lastError().text();
        rollback();
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, why));
    }
    const int from = q.value(0).toInt();
    q.finish();
    if (from > latest) {
        rollback();
        return fail(ErrorCode::Io, QStringLiteral("state database %1 has schema version %2, newer than this console "
                                                  "understands (%3); use a newer console or another state path")
                                       .arg(m_path).arg(from).arg(latest));
    }
    for (int v = from; v < latest; ++v) {
        if (auto r = execOrFail(q, QString::fromUtf8(kMigrations[v]), m_path); !r) {
            rollback();
            return r;
        }
    }
    if (auto r = execOrFail(q, QStringLiteral("PRAGMA user_version = %1").arg(latest), m_path); !r) {
        rollback();
        return r;
    }
    if (auto r = execOrFail(q, QStringLiteral("COMMIT"), m_path); !r) {
        rollback();
        return r;
    }
    if (from == latest)
        return {}; // the other process migrated it meanwhile
    qCInfo(lcState) << "state database" << m_path << "migrated from version" << from << "to" << latest;
    return {};
}

Result<QString> StateStore::value(const QString &key, const QString &fallback)
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, q.lastError().text()));
    return q.next() ? q.value(0).toString() : fallback;
}

Status StateStore::setValue(const QString &key, const QString &value)
{
    auto db = connectionForThread();
    if (!db)
        return std::unexpected(db.error());
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(key);
    q.addBindValue(value);
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!q.exec())
        return fail(ErrorCode::Io, QStringLiteral("state database %1: %2").arg(m_path, q.lastError().text()));
    return {};
}

} // namespace routing
