#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/registry/model_verifier.h"
#include "core/registry/registry_file.h"
#include "core/registry/registry_types.h"
#include "core/registry/version_manifest.h"

#include <QJsonObject>
#include <QList>
#include <QLockFile>
#include <QMutexLocker>
#include <QRecursiveMutex>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace routing {
class AuditLog;
class StateStore;
} // namespace routing

namespace routing::ml {
class RoutingModel;
}

namespace routing::registry {

/// A registered version as listed.
struct VersionInfo
{
    QString version;
    QString dir;
    VersionManifest manifest;
    bool active = false;
    bool previous = false;     ///< the version `rollback` would return to
    int activations = 0;       ///< how often it was made active
    QDateTime lastActivatedAt; ///< invalid: never active
    QDateTime lastVerifiedAt;  ///< the last verification (activation attempt), invalid: never
    QString lastVerification;  ///< "ok" or the error it gave
    QString modelId;           ///< the ML engine's id of the model, once it was loaded ("" before)

    QJsonObject toJson() const;
};

/// What to register: a complete artifact directory (a training job's candidate) and its story.
struct NewVersion
{
    QString sourceDir;
    bool moveSource =
        false; ///< rename into place when possible (else copy, then remove the source)
    QString creator;
    QString reason;
    QString jobId;
    std::optional<QString> parent; ///< default: the version active now
    QJsonObject metrics;
    QJsonObject trainingSummary;
};

/// An activation that happened, with the model it loaded (null when the loader gives none).
struct ActivationResult
{
    ActivationRecord record;
    std::shared_ptr<const ml::RoutingModel> model;
};

/// What an evaluation cycle meant for the probation of the active version.
struct ProbationVerdict
{
    enum class Kind { NoProbation, OtherModel, Watching, Passed, RolledBack, Failed };
    Kind kind = Kind::NoProbation;
    std::optional<ProbationState> probation;
    std::optional<ActivationRecord> rollback; ///< RolledBack: the automatic rollback
    QString detail;                           ///< operator-readable
    std::optional<Error> error;               ///< Failed: why the automatic rollback did not happen
};

/// The model registry over `models/` (issue 5, operator manual §6.1).
///
/// - Versions are immutable directories `version_YYYYMMDD_HHMMSS` (local time; `_2`, `_3` … when
///   two land in the same second) holding the artifact files and `manifest.json` (schema version,
///   sha256 and size of every file, metrics, training summary, parent, creator, reason). A version
///   is written under `.staging-*` and renamed into place when complete, so a directory named
///   `version_*` is complete or absent; `open()` removes what a crash left behind.
/// - One active pointer in the registry file `models/manifest.json` (replaced atomically; it
///   carries the append-only activation history, so pointer and history move together), mirrored
///   into the state database (tables model_versions, model_activations, model_probation).
/// - activate() verifies before it switches: checksums, the model loads, the smoke test (the
///   loader); a failure is 1002 and the live model stays. rollback() returns to the version that
///   was active before the current one, from the history, verified the same way.
/// - Every change goes to the audit log.
///
/// Safe to use from several threads; changes across processes are serialised by the lock file
/// `models/.registry.lock`.
class ModelRegistry final
{
public:
    struct Options
    {
        QString modelsDir;
        int keepVersions = 10;   ///< retention.keep_versions
        int probationCycles = 3; ///< alerts.probation_cycles (0: no probation)
        bool autoRollback = true;
        ModelLoader loader; ///< null: mlModelLoader()
        /// Test hook called at "before-version-rename", "after-version-written" and
        /// "after-pointer-written". optionsFromConfig() installs one that ends the process there
        /// (exit code 86, nothing cleaned up) when ROUTING_CONSOLE_TEST_CRASH_AT names the point.
        std::function<void(const QString &point)> crashHook;
        /// The clock for version names and history times; null: the system clock (tests pin it).
        std::function<QDateTime()> clock;
    };
    static Options optionsFromConfig(const AppConfig &config);

    ModelRegistry(Options options, StateStore &state, AuditLog *audit = nullptr);
    ~ModelRegistry();
    Q_DISABLE_COPY_MOVE(ModelRegistry)

    /// Creates `models/` if needed and recovers: removes unfinished staging and deletion
    /// directories, reconciles the registry file with the state database (rebuilding whichever is
    /// behind), registers complete version directories the database does not know.
    Status open();

    const Options &options() const { return m_options; }
    QString registryFilePath() const;
    QString versionDir(const QString &version) const;

    Result<RegistryPointer> pointer();
    /// Complete versions on disk, newest first.
    Result<QList<VersionInfo>> versions();
    Result<VersionInfo> version(const QString &name);
    /// The activation history, oldest first.
    Result<QList<ActivationRecord>> history();
    /// The newest probation record (any state), if any.
    Result<std::optional<ProbationState>> probation();

    /// Registers a complete artifact directory as a new version; returns its name. Nothing
    /// partial stays behind on failure (a full disk is an Io error naming the file and the
    /// reason), and the active pointer is not touched.
    Result<QString> addVersion(const NewVersion &spec);
    /// Checksums, load and smoke test; the outcome is recorded (VersionInfo::lastVerification).
    Result<std::shared_ptr<const ml::RoutingModel>> verify(const QString &version);
    /// Verifies, then switches the pointer and appends to the history. 1002 when the version is
    /// corrupt or does not load; the pointer is then unchanged.
    Result<ActivationResult> activate(const QString &version, const QString &actor,
                                      const QString &reason,
                                      ActivationKind kind = ActivationKind::Manual);
    /// Activates the version that was active before the current one (from the history).
    Result<ActivationResult> rollback(const QString &actor, const QString &reason,
                                      ActivationKind kind = ActivationKind::Rollback);
    /// Deletes the oldest versions beyond `keep` (<= 0: keep_versions), never the active or the
    /// previously active one; returns the deleted names.
    Result<QStringList> cleanup(int keep, const QString &actor);

    /// Called after every evaluation cycle: counts the cycle against the probation of the active
    /// version; a critical cycle within probation rolls back automatically (auto_rollback) with
    /// actor "system" and kind auto-rollback. `modelVersion` is what the cycle evaluated: the
    /// version name or the ML engine's model id (PredictionSource::modelVersion()); "" = unknown,
    /// taken as the active one.
    Result<ProbationVerdict> recordEvaluationCycle(const QString &cycleId,
                                                   const QString &modelVersion, bool critical,
                                                   const QString &detail);

    /// Hot swap: called after every activation of this registry and by syncActive(), with the
    /// loaded model (the service hands it to Predictor::setModel, which clears the cache).
    using ActivationListener = std::function<void(const ActivationRecord &,
                                                  const std::shared_ptr<const ml::RoutingModel> &)>;
    void setActivationListener(ActivationListener listener);
    /// Verifies and loads the active version (at start-up).
    Result<std::shared_ptr<const ml::RoutingModel>> loadActiveModel();
    /// Rereads the pointer, which another console may have moved; when it names another version
    /// than the one this registry last loaded, loads and verifies it and calls the listener.
    /// Returns whether the model changed.
    Result<bool> syncActive();

private:
    /// Holds the in-process mutex and, at the outermost level, the cross-process lock file.
    class LockScope
    {
    public:
        explicit LockScope(ModelRegistry &r) : m_r(r), m_locker(&r.m_mutex)
        {
            m_status = r.lockFiles();
        }
        ~LockScope()
        {
            if (m_status)
                m_r.unlockFiles();
        }
        Q_DISABLE_COPY_MOVE(LockScope)
        const Status &status() const { return m_status; }

    private:
        ModelRegistry &m_r;
        QMutexLocker<QRecursiveMutex> m_locker;
        Status m_status;
    };

    Result<RegistryDocument> readDocument();
    Status lockFiles();
    void unlockFiles();
    void crashPoint(const QString &point);
    QDateTime now() const;
    Status audit(const QString &actor, const QString &action, const QString &target,
                 const QJsonValue &before, const QJsonValue &after, const QString &reason);

    // recovery (model_registry.cpp)
    Status removeLeftovers();
    Status reconcileHistory();
    Status reconcileVersions();

    // state database mirror
    Status mirrorActivation(const ActivationRecord &record);
    Status mirrorPointer(const RegistryPointer &pointer);
    Status recordVersionRow(const VersionManifest &manifest, const QString &manifestSha);
    Status recordVerification(const QString &version, const QString &outcome,
                              const QString &modelId);
    Result<QList<ActivationRecord>> historyFromDatabase();

    // activation (model_registry_activation.cpp)
    Result<QString> newVersionName() const;
    Result<ActivationResult> activateLocked(const QString &version, const QString &actor,
                                            const QString &reason, ActivationKind kind);
    Result<std::shared_ptr<const ml::RoutingModel>> verifyLocked(const QString &version);

    // probation (model_registry_maintenance.cpp)
    Status startProbation(const ActivationRecord &record);
    Status endProbations(ProbationState::State state, const QString &detail);
    Result<std::optional<ProbationState>> watchingProbation();

    Options m_options;
    StateStore &m_state;
    AuditLog *m_audit;
    QRecursiveMutex m_mutex;
    std::unique_ptr<QLockFile> m_lockFile;
    int m_lockDepth = 0;
    ActivationListener m_listener;
    QString m_loadedVersion;
};

} // namespace routing::registry
