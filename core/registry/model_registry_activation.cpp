// ModelRegistry: registering versions, verification, activation, rollback and hot swap.

#include "core/registry/model_registry.h"

#include "core/common/atomic_file.h"
#include "core/ml/routing_model.h"
#include "core/registry/file_tree.h"
#include "core/registry/registry_logging.h"
#include "core/registry/state_db.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

#include <exception>

namespace routing::registry {

namespace {

/// Removes a staging directory unless released; a rename-moved source is moved back instead.
class StagingGuard
{
public:
    StagingGuard(QString staging, QString movedFrom)
        : m_staging(std::move(staging)), m_movedFrom(std::move(movedFrom))
    {
    }
    ~StagingGuard()
    {
        if (m_staging.isEmpty())
            return;
        QFile::remove(QDir(m_staging).filePath(QString::fromLatin1(VersionManifest::kFileName)));
        if (!m_movedFrom.isEmpty() && QDir().rename(m_staging, m_movedFrom))
            return;
        files::removeTree(m_staging);
    }
    void release() { m_staging.clear(); }

private:
    QString m_staging;
    QString m_movedFrom;
};

QString actionFor(ActivationKind kind)
{
    switch (kind) {
    case ActivationKind::Deploy:
        return QStringLiteral("model.deploy");
    case ActivationKind::Rollback:
        return QStringLiteral("model.rollback");
    case ActivationKind::Manual:
        return QStringLiteral("model.activate");
    case ActivationKind::AutoRollback:
        return QStringLiteral("model.auto_rollback");
    }
    return QStringLiteral("model.activate");
}

} // namespace

Result<QString> ModelRegistry::newVersionName() const
{
    const QString base = QStringLiteral("version_") +
                         now().toLocalTime().toString(QStringLiteral("yyyyMMdd_HHmmss"));
    auto known = statedb::exec(
        m_state,
        QStringLiteral(
            "SELECT version FROM model_versions WHERE version = ? OR version LIKE ? ESCAPE '\\'"),
        {base, base + QStringLiteral("\\_%")});
    if (!known)
        return std::unexpected(known.error());
    QSet<QString> taken;
    while (known->next())
        taken.insert(known->value(0).toString());
    // Names are never reused, not even after retention deleted one: the history must stay
    // unambiguous.
    QString name = base;
    for (int n = 2; taken.contains(name) || QFileInfo::exists(versionDir(name)); ++n)
        name = base + QStringLiteral("_%1").arg(n);
    return name;
}

Result<QString> ModelRegistry::addVersion(const NewVersion &spec)
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    const QFileInfo source(spec.sourceDir);
    if (!source.isDir())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("no artifact directory %1").arg(spec.sourceDir));
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    auto name = newVersionName();
    if (!name)
        return name;

    const QString staging =
        QDir(m_options.modelsDir)
            .filePath(QStringLiteral(".staging-%1-%2")
                          .arg(*name, QUuid::createUuid().toString(QUuid::Id128).left(8)));
    QString movedFrom;
    if (spec.moveSource && QDir().rename(source.absoluteFilePath(), staging)) {
        movedFrom = source.absoluteFilePath();
    } else {
        if (!QDir().mkpath(staging))
            return fail(ErrorCode::Io,
                        QStringLiteral("cannot create %1: %2").arg(staging, files::lastOsError()));
    }
    StagingGuard guard(staging, movedFrom);
    if (movedFrom.isEmpty()) {
        if (auto s = files::copyTree(source.absoluteFilePath(), staging); !s)
            return fail(ErrorCode::Io, QStringLiteral("cannot write version %1 into %2: %3")
                                           .arg(*name, m_options.modelsDir, s.error().message));
    }
    if (QFileInfo::exists(QDir(staging).filePath(QString::fromLatin1(VersionManifest::kFileName))))
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("%1 already holds a manifest.json; register the artifact "
                                   "directory, not a version")
                        .arg(spec.sourceDir));

    VersionManifest m;
    m.version = *name;
    m.createdAt = now();
    m.creator = spec.creator;
    m.reason = spec.reason;
    m.parent = spec.parent.value_or(doc->pointer.active);
    m.jobId = spec.jobId;
    m.metrics = spec.metrics;
    m.trainingSummary = spec.trainingSummary;
    m.engineVersion = QStringLiteral(ROUTING_VERSION);
    if (auto s = m.collectArtifacts(staging); !s)
        return std::unexpected(s.error());
    const QString manifestPath =
        QDir(staging).filePath(QString::fromLatin1(VersionManifest::kFileName));
    if (auto s = writeFileAtomically(manifestPath,
                                     QJsonDocument(m.toJson()).toJson(QJsonDocument::Indented));
        !s)
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot write version %1: %2").arg(*name, s.error().message));
    const auto manifestSha = files::sha256OfFile(manifestPath);
    if (!manifestSha)
        return std::unexpected(manifestSha.error());
    files::syncDirectory(staging);
    crashPoint(QStringLiteral("before-version-rename"));

    // The commit point of a version: before it the directory has a hidden name, after it it is
    // complete.
    if (!QDir().rename(staging, versionDir(*name)))
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot rename %1 to %2").arg(staging, versionDir(*name)));
    guard.release();
    files::syncDirectory(m_options.modelsDir);
    if (!movedFrom.isEmpty())
        files::syncDirectory(QFileInfo(movedFrom).absolutePath());

    if (auto s = recordVersionRow(m, *manifestSha); !s)
        qCWarning(lcRegistry).noquote()
            << "version" << *name
            << "registered on disk, not in the state database:" << s.error().toString()
            << "(the next start registers it)";
    if (auto s = audit(spec.creator.isEmpty() ? QStringLiteral("system") : spec.creator,
                       QStringLiteral("model.register"), *name, {},
                       QJsonObject{{QStringLiteral("version"), *name},
                                   {QStringLiteral("job_id"), spec.jobId},
                                   {QStringLiteral("parent"), m.parent},
                                   {QStringLiteral("bytes"), double(m.totalBytes())}},
                       spec.reason);
        !s)
        qCWarning(lcRegistry).noquote() << s.error().toString();
    qCInfo(lcRegistry) << "registered" << *name << "(" << m.artifacts.size() << "files,"
                       << m.totalBytes() << "bytes)";
    crashPoint(QStringLiteral("after-version-written"));
    return *name;
}

Result<std::shared_ptr<const ml::RoutingModel>> ModelRegistry::verify(const QString &version)
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    return verifyLocked(version);
}

Result<std::shared_ptr<const ml::RoutingModel>> ModelRegistry::verifyLocked(const QString &version)
{
    const QString dir = versionDir(version);
    const auto run = [&]() -> Result<std::shared_ptr<const ml::RoutingModel>> {
        if (!QFileInfo(dir).isDir())
            return fail(ErrorCode::ModelNotFound, QStringLiteral("version %1 does not exist in %2")
                                                      .arg(version, m_options.modelsDir));
        auto manifest = VersionManifest::read(dir);
        if (!manifest)
            return std::unexpected(manifest.error());
        if (manifest->version != version)
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("version %1: its manifest names %2")
                            .arg(version, manifest->version));
        auto recorded = statedb::exec(
            m_state, QStringLiteral("SELECT manifest_sha256 FROM model_versions WHERE version = ?"),
            {version});
        if (!recorded)
            return std::unexpected(recorded.error());
        if (recorded->next()) {
            const auto sha = files::sha256OfFile(
                QDir(dir).filePath(QString::fromLatin1(VersionManifest::kFileName)));
            if (!sha)
                return fail(ErrorCode::ModelNotFound, sha.error().message);
            if (*sha != recorded->value(0).toString())
                return fail(ErrorCode::ModelNotFound,
                            QStringLiteral("version %1: checksum mismatch in manifest.json: sha256 "
                                           "%2, registered as %3")
                                .arg(version, *sha, recorded->value(0).toString()));
        }
        if (auto s = manifest->verifyArtifacts(dir); !s)
            return std::unexpected(s.error());
        try {
            auto model = m_options.loader(dir);
            if (!model)
                return fail(ErrorCode::ModelNotFound,
                            QStringLiteral("version %1: %2").arg(version, model.error().message));
            return model;
        } catch (const std::exception &e) {
            return fail(ErrorCode::ModelNotFound, QStringLiteral("version %1: loading threw: %2")
                                                      .arg(version, QString::fromUtf8(e.what())));
        }
    };
    auto result = run();
    const QString modelId = result && *result ? (*result)->modelId() : QString();
    if (auto s = recordVerification(version, result ? QStringLiteral("ok") : result.error().message,
                                    modelId);
        !s)
        qCWarning(lcRegistry).noquote() << s.error().toString();
    if (!result)
        qCInfo(lcRegistry).noquote()
            << "verification of" << version << "failed:" << result.error().message;
    return result;
}

Result<ActivationResult> ModelRegistry::activate(const QString &version, const QString &actor,
                                                 const QString &reason, ActivationKind kind)
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    return activateLocked(version, actor, reason, kind);
}

Result<ActivationResult> ModelRegistry::rollback(const QString &actor, const QString &reason,
                                                 ActivationKind kind)
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->pointer.active.isEmpty())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("no version has been activated yet; nothing to roll back"));
    if (doc->pointer.previous.isEmpty())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("%1 is the first version ever activated; there is no "
                                   "previously active version to roll back to")
                        .arg(doc->pointer.active));
    return activateLocked(doc->pointer.previous, actor, reason, kind);
}

Result<ActivationResult> ModelRegistry::activateLocked(const QString &version, const QString &actor,
                                                       const QString &reason, ActivationKind kind)
{
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    const QString from = doc->pointer.active;
    if (version == from)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("%1 is already the active version").arg(version));

    auto model = verifyLocked(version);
    if (!model) {
        const Error error{ErrorCode::ModelNotFound, model.error().message};
        if (auto s = audit(actor, actionFor(kind) + QStringLiteral(".refused"), version,
                           QJsonObject{{QStringLiteral("active"), from}},
                           QJsonObject{{QStringLiteral("active"), from}},
                           QStringLiteral("%1 (refused: %2)").arg(reason, error.message));
            !s)
            qCWarning(lcRegistry).noquote() << s.error().toString();
        return std::unexpected(error);
    }

    ActivationRecord record;
    record.seq = int(doc->history.size()) + 1;
    record.at = now();
    record.from = from;
    record.to = version;
    record.actor = actor;
    record.reason = reason;
    record.kind = kind;
    RegistryDocument next = *doc;
    next.history << record;
    next.pointer = RegistryDocument::pointerFromHistory(next.history);
    next.updatedAt = record.at;
    // The commit point of an activation: the file holds pointer and history together.
    if (auto s = next.write(registryFilePath()); !s)
        return fail(ErrorCode::Io, QStringLiteral("cannot switch to %1, %2 stays active: %3")
                                       .arg(version, from, s.error().message));
    crashPoint(QStringLiteral("after-pointer-written"));

    if (auto s = mirrorActivation(record); !s)
        qCWarning(lcRegistry).noquote() << s.error().toString() << "(the next start mirrors it)";
    if (auto s = mirrorPointer(next.pointer); !s)
        qCWarning(lcRegistry).noquote() << s.error().toString();
    if (auto s =
            audit(actor, actionFor(kind), version, QJsonObject{{QStringLiteral("active"), from}},
                  QJsonObject{{QStringLiteral("active"), version},
                              {QStringLiteral("kind"), activationKindName(kind)},
                              {QStringLiteral("seq"), record.seq}},
                  reason);
        !s)
        qCWarning(lcRegistry).noquote() << s.error().toString();

    const bool rolledBack =
        kind == ActivationKind::Rollback || kind == ActivationKind::AutoRollback;
    if (auto s = endProbations(
            rolledBack ? ProbationState::State::RolledBack : ProbationState::State::Superseded,
            QStringLiteral("%1 to %2: %3").arg(activationKindName(kind), version, reason));
        !s)
        qCWarning(lcRegistry).noquote() << s.error().toString();
    // Probation watches a new model so that it can be rolled back; the first version ever
    // activated has nothing to roll back to, so it is not put on probation.
    if (!rolledBack && !from.isEmpty())
        if (auto s = startProbation(record); !s)
            qCWarning(lcRegistry).noquote() << s.error().toString();

    qCInfo(lcRegistry).noquote() << activationKindName(kind) << ":"
                                 << (from.isEmpty() ? QStringLiteral("(none)") : from) << "->"
                                 << version << "by" << actor << "-" << reason;
    m_loadedVersion = version;
    if (m_listener)
        m_listener(record, *model);
    return ActivationResult{record, *model};
}

Result<std::shared_ptr<const ml::RoutingModel>> ModelRegistry::loadActiveModel()
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->pointer.active.isEmpty())
        return fail(
            ErrorCode::ModelNotFound,
            QStringLiteral(
                "no model version is active yet (train one: routing-console train --wait)"));
    auto model = verifyLocked(doc->pointer.active);
    if (model)
        m_loadedVersion = doc->pointer.active;
    return model;
}

Result<bool> ModelRegistry::syncActive()
{
    QMutexLocker locker(&m_mutex);
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    if (doc->pointer.active.isEmpty() || doc->pointer.active == m_loadedVersion)
        return false;
    auto model = loadActiveModel();
    if (!model)
        return std::unexpected(model.error());
    if (m_listener && !doc->history.isEmpty())
        m_listener(doc->history.last(), *model);
    return true;
}

} // namespace routing::registry
