#pragma once

#include "core/common/error.h"
#include "core/registry/registry_types.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace routing::registry {

/// `manifest.json` of a version directory: what the version is, who made it and why, and the
/// SHA-256 of every file in it. Written once when the version is registered, never changed.
struct VersionManifest
{
    static constexpr int kSchemaVersion = 1;
    static constexpr const char *kSchema = "routing-console/model-version@1";
    static constexpr const char *kFileName = "manifest.json";

    int schemaVersion = kSchemaVersion;
    QString version;     ///< version_YYYYMMDD_HHMMSS[_N]
    QDateTime createdAt; ///< UTC
    QString creator;     ///< who or what asked for it (operator, "quality-loop", "api")
    QString reason;
    QString parent; ///< the version that was live when it was trained ("" = none)
    QString jobId;  ///< the training job ("" when registered otherwise)
    QList<ArtifactEntry> artifacts;
    QJsonObject metrics;         ///< the ML engine's metrics.json
    QJsonObject trainingSummary; ///< the ML engine's training_summary.json and the job's figures
    QString engineVersion;       ///< the console that registered it

    /// The selected candidate ("" when metrics.json names none) and its validation trimmed MAE
    /// (nullopt when absent): what version lists show of a version's quality.
    std::pair<QString, std::optional<double>> selectedTrimmedMae() const;

    QJsonObject toJson() const;
    static Result<VersionManifest> fromJson(const QJsonObject &json);
    /// Reads and parses `<dir>/manifest.json`; a missing or malformed manifest is 1002.
    static Result<VersionManifest> read(const QString &versionDir);

    /// Hashes every file under `dir` (manifest.json excepted) into `artifacts`.
    Status collectArtifacts(const QString &dir);

    /// Checks the directory against the manifest: every listed file present with its size and
    /// SHA-256, no file added. A mismatch is ErrorCode::ModelNotFound (1002) naming the file and
    /// both checksums.
    Status verifyArtifacts(const QString &dir) const;

    qint64 totalBytes() const;
};

} // namespace routing::registry
