// ModelRegistry: construction, locking and recovery at open. Queries and the state-database
// mirror live in model_registry_queries.cpp, activation in model_registry_activation.cpp,
// retention and probation in model_registry_maintenance.cpp.

#include "core/registry/model_registry.h"

#include "core/audit/audit_log.h"
#include "core/registry/file_tree.h"
#include "core/registry/registry_logging.h"
#include "core/registry/state_db.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>

namespace routing::registry {

QJsonObject VersionInfo::toJson() const
{
    return QJsonObject{
        {QStringLiteral("version"), version},
        {QStringLiteral("dir"), dir},
        {QStringLiteral("active"), active},
        {QStringLiteral("previous"), previous},
        {QStringLiteral("created_at"), manifest.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("creator"), manifest.creator},
        {QStringLiteral("reason"), manifest.reason},
        {QStringLiteral("parent"),
         manifest.parent.isEmpty() ? QJsonValue() : QJsonValue(manifest.parent)},
        {QStringLiteral("job_id"),
         manifest.jobId.isEmpty() ? QJsonValue() : QJsonValue(manifest.jobId)},
        {QStringLiteral("bytes"), double(manifest.totalBytes())},
        {QStringLiteral("files"), int(manifest.artifacts.size())},
        {QStringLiteral("activations"), activations},
        {QStringLiteral("last_activated_at"),
         lastActivatedAt.isValid() ? QJsonValue(lastActivatedAt.toUTC().toString(Qt::ISODateWithMs))
                                   : QJsonValue()},
        {QStringLiteral("last_verified_at"),
         lastVerifiedAt.isValid() ? QJsonValue(lastVerifiedAt.toUTC().toString(Qt::ISODateWithMs))
                                  : QJsonValue()},
        {QStringLiteral("last_verification"), lastVerification},
        {QStringLiteral("model_id"), modelId.isEmpty() ? QJsonValue() : QJsonValue(modelId)},
        {QStringLiteral("metrics"), manifest.metrics}};
}

ModelRegistry::Options ModelRegistry::optionsFromConfig(const AppConfig &config)
{
    Options o;
    o.modelsDir = config.modelsDir();
    o.keepVersions = config.retention.keepVersions;
    o.probationCycles = config.alerts.probationCycles;
    o.autoRollback = config.alerts.autoRollback;
    const QString crashAt = qEnvironmentVariable("ROUTING_CONSOLE_TEST_CRASH_AT");
    if (!crashAt.isEmpty()) {
        o.crashHook = [crashAt](const QString &point) {
            if (point != crashAt)
                return;
            qCCritical(lcRegistry) << "test hook: simulated crash at" << point;
            // No destructors, no cleanup: what a kill at this point leaves behind.
            std::_Exit(86);
        };
    }
    return o;
}

ModelRegistry::ModelRegistry(Options options, StateStore &state, AuditLog *audit)
    : m_options(std::move(options)), m_state(state), m_audit(audit)
{
    if (!m_options.loader)
        m_options.loader = mlModelLoader();
    m_options.modelsDir = QDir(m_options.modelsDir).absolutePath();
}

ModelRegistry::~ModelRegistry() = default;

QString ModelRegistry::registryFilePath() const
{
    return QDir(m_options.modelsDir).filePath(QString::fromLatin1(RegistryDocument::kFileName));
}

QString ModelRegistry::versionDir(const QString &version) const
{
    return QDir(m_options.modelsDir).filePath(version);
}

Status ModelRegistry::lockFiles()
{
    if (m_lockDepth++ > 0)
        return {};
    if (!QDir().mkpath(m_options.modelsDir)) {
        --m_lockDepth;
        return fail(
            ErrorCode::Io,
            QStringLiteral("cannot create the models directory %1").arg(m_options.modelsDir));
    }
    m_lockFile = std::make_unique<QLockFile>(
        QDir(m_options.modelsDir).filePath(QStringLiteral(".registry.lock")));
    m_lockFile->setStaleLockTime(
        0); // stale only when its process is gone, however long a change takes
    if (!m_lockFile->tryLock(60000)) {
        qint64 pid = 0;
        QString host, app;
        m_lockFile->getLockInfo(&pid, &host, &app);
        m_lockFile.reset();
        --m_lockDepth;
        return fail(
            ErrorCode::Io,
            QStringLiteral("the model registry %1 is being changed by another process (pid %2 on "
                           "%3); try again when it has finished")
                .arg(m_options.modelsDir)
                .arg(pid)
                .arg(host));
    }
    return {};
}

void ModelRegistry::unlockFiles()
{
    if (--m_lockDepth == 0 && m_lockFile) {
        m_lockFile->unlock();
        m_lockFile.reset();
    }
}

QDateTime ModelRegistry::now() const
{
    return m_options.clock ? m_options.clock().toUTC() : QDateTime::currentDateTimeUtc();
}

void ModelRegistry::crashPoint(const QString &point)
{
    if (m_options.crashHook)
        m_options.crashHook(point);
}

Status ModelRegistry::audit(const QString &actor, const QString &action, const QString &target,
                            const QJsonValue &before, const QJsonValue &after,
                            const QString &reason)
{
    if (!m_audit)
        return {};
    return m_audit->append({{}, actor, action, target, before, after, reason});
}

Result<RegistryDocument> ModelRegistry::readDocument()
{
    auto doc = RegistryDocument::read(registryFilePath());
    if (!doc)
        return std::unexpected(doc.error());
    return doc->value_or(RegistryDocument{});
}

// ---- recovery -----------------------------------------------------------------------------

Status ModelRegistry::open()
{
    LockScope lock(*this);
    if (!lock.status())
        return lock.status();
    if (auto s = removeLeftovers(); !s)
        return s;
    if (auto s = reconcileHistory(); !s)
        return s;
    return reconcileVersions();
}

Status ModelRegistry::removeLeftovers()
{
    const QDir dir(m_options.modelsDir);
    const QStringList leftovers =
        dir.entryList({QStringLiteral(".staging-*"), QStringLiteral(".deleting-*")},
                      QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &name : leftovers) {
        qCWarning(lcRegistry) << "removing" << name
                              << "left behind by an interrupted registry change";
        if (!files::removeTree(dir.filePath(name)))
            return fail(ErrorCode::Io,
                        QStringLiteral("cannot remove the unfinished %1").arg(dir.filePath(name)));
    }
    return {};
}

Status ModelRegistry::reconcileHistory()
{
    const QString path = registryFilePath();
    auto fileDoc = RegistryDocument::read(path);
    auto db = historyFromDatabase();
    if (!db)
        return std::unexpected(db.error());
    RegistryDocument doc;
    bool rewriteFile = false;
    if (!fileDoc) {
        // The file is only ever replaced whole, so this is damage from outside. Keep it for the
        // operator and rebuild from the database when it knows the history.
        if (db->isEmpty())
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("%1; the state database has no activation history "
                                       "to rebuild it from. Restore the file from a backup.")
                            .arg(fileDoc.error().message));
        const QString kept =
            path + QStringLiteral(".damaged-") +
            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMddHHmmss"));
        QFile::rename(path, kept);
        qCCritical(lcRegistry).noquote() << fileDoc.error().message << "- kept as" << kept
                                         << ", rebuilt from the state database";
        doc.history = *db;
        rewriteFile = true;
    } else {
        doc = fileDoc->value_or(RegistryDocument{});
        const auto &fh = doc.history;
        const qsizetype common = std::min(fh.size(), db->size());
        for (qsizetype i = 0; i < common; ++i) {
            const ActivationRecord &a = fh[i];
            const ActivationRecord &b = (*db)[i];
            if (a.to != b.to || a.from != b.from || a.kind != b.kind)
                return fail(
                    ErrorCode::InvalidData,
                    QStringLiteral(
                        "the registry file %1 and the state database disagree about activation %2 "
                        "(%3 -> %4 vs %5 -> %6); restore the matching pair from a backup")
                        .arg(path)
                        .arg(a.seq)
                        .arg(a.from, a.to, b.from, b.to));
        }
        if (db->size() > fh.size()) {
            qCWarning(lcRegistry) << "registry file" << path
                                  << "is behind the state database; rebuilding it";
            doc.history = *db;
            rewriteFile = true;
        } else {
            for (qsizetype i = db->size(); i < fh.size(); ++i) {
                // Written to the file (the commit point) before a crash kept it from the database.
                qCWarning(lcRegistry)
                    << "mirroring activation" << fh[i].seq << "into the state database";
                if (auto s = mirrorActivation(fh[i]); !s)
                    return s;
                if (auto s = audit(
                        QStringLiteral("system"), QStringLiteral("model.recover"), fh[i].to, {},
                        fh[i].toJson(),
                        QStringLiteral("activation recovered from the registry file at start-up"));
                    !s)
                    qCWarning(lcRegistry).noquote() << s.error().toString();
            }
        }
    }
    doc.pointer = RegistryDocument::pointerFromHistory(doc.history);
    if (rewriteFile) {
        doc.updatedAt = QDateTime::currentDateTimeUtc();
        if (auto s = doc.write(path); !s)
            return s;
    }
    return mirrorPointer(doc.pointer);
}

Status ModelRegistry::reconcileVersions()
{
    static const QRegularExpression pattern(QStringLiteral("^version_\\d{8}_\\d{6}(_\\d+)?$"));
    const QDir dir(m_options.modelsDir);
    const QStringList names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    auto known =
        statedb::exec(m_state, QStringLiteral("SELECT version, deleted_at FROM model_versions"));
    if (!known)
        return std::unexpected(known.error());
    QHash<QString, bool> deleted;
    while (known->next())
        deleted.insert(known->value(0).toString(), !known->value(1).isNull());
    for (const QString &name : names) {
        if (!pattern.match(name).hasMatch())
            continue;
        const auto manifest = VersionManifest::read(dir.filePath(name));
        if (!manifest) {
            qCWarning(lcRegistry).noquote()
                << "ignoring" << dir.filePath(name) << ":" << manifest.error().message;
            continue;
        }
        if (deleted.contains(name) && !deleted.value(name))
            continue;
        const auto sha = files::sha256OfFile(dir.filePath(name + QStringLiteral("/manifest.json")));
        if (!sha)
            return std::unexpected(sha.error());
        qCWarning(lcRegistry) << "registering" << name
                              << "found on disk but unknown to the state database";
        if (deleted.contains(name)) {
            if (auto q = statedb::exec(
                    m_state,
                    QStringLiteral("UPDATE model_versions SET deleted_at = NULL WHERE version = ?"),
                    {name});
                !q)
                return std::unexpected(q.error());
        } else if (auto s = recordVersionRow(*manifest, *sha); !s) {
            return s;
        }
    }
    for (auto it = deleted.cbegin(); it != deleted.cend(); ++it) {
        if (it.value() ||
            QFileInfo::exists(dir.filePath(it.key() + QStringLiteral("/manifest.json"))))
            continue;
        qCWarning(lcRegistry) << "version" << it.key() << "is gone from disk; marking it deleted";
        if (auto q = statedb::exec(
                m_state,
                QStringLiteral("UPDATE model_versions SET deleted_at = ?, last_verification = ? "
                               "WHERE version = ?"),
                {statedb::timeText(QDateTime::currentDateTimeUtc()),
                 QStringLiteral("directory missing at start-up"), it.key()});
            !q)
            return std::unexpected(q.error());
    }
    return {};
}

} // namespace routing::registry
