#include "core/registry/version_manifest.h"

#include "core/common/atomic_file.h"
#include "core/registry/file_tree.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace routing::registry {

std::pair<QString, std::optional<double>> VersionManifest::selectedTrimmedMae() const
{
    const QString selected = metrics.value(QStringLiteral("selected")).toString();
    const QJsonValue trim = metrics.value(QStringLiteral("candidates"))
                                .toObject()
                                .value(selected)
                                .toObject()
                                .value(QStringLiteral("validation"))
                                .toObject()
                                .value(QStringLiteral("trimmed_mae"));
    return {selected, trim.isDouble() ? std::optional(trim.toDouble()) : std::nullopt};
}

QJsonObject VersionManifest::toJson() const
{
    QJsonArray files;
    for (const ArtifactEntry &a : artifacts)
        files.append(QJsonObject{{QStringLiteral("path"), a.path},
                                 {QStringLiteral("sha256"), a.sha256},
                                 {QStringLiteral("bytes"), double(a.bytes)}});
    return QJsonObject{
        {QStringLiteral("schema"), QString::fromLatin1(kSchema)},
        {QStringLiteral("schema_version"), schemaVersion},
        {QStringLiteral("version"), version},
        {QStringLiteral("created_at"), createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("creator"), creator},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("parent"), parent.isEmpty() ? QJsonValue() : QJsonValue(parent)},
        {QStringLiteral("job_id"), jobId.isEmpty() ? QJsonValue() : QJsonValue(jobId)},
        {QStringLiteral("hash_algorithm"), QStringLiteral("sha256")},
        {QStringLiteral("artifacts"), files},
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("training_summary"), trainingSummary},
        {QStringLiteral("engine_version"), engineVersion}};
}

Result<VersionManifest> VersionManifest::fromJson(const QJsonObject &json)
{
    VersionManifest m;
    m.schemaVersion = json.value(QStringLiteral("schema_version")).toInt(-1);
    if (m.schemaVersion < 1)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("manifest has no schema_version"));
    if (m.schemaVersion > kSchemaVersion)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("manifest schema_version %1 is newer than this console "
                                   "understands (%2)")
                        .arg(m.schemaVersion)
                        .arg(kSchemaVersion));
    if (json.value(QStringLiteral("hash_algorithm")).toString() != QLatin1String("sha256"))
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("manifest hash_algorithm must be sha256"));
    m.version = json.value(QStringLiteral("version")).toString();
    m.createdAt = QDateTime::fromString(json.value(QStringLiteral("created_at")).toString(),
                                        Qt::ISODateWithMs);
    m.creator = json.value(QStringLiteral("creator")).toString();
    m.reason = json.value(QStringLiteral("reason")).toString();
    m.parent = json.value(QStringLiteral("parent")).toString();
    m.jobId = json.value(QStringLiteral("job_id")).toString();
    m.metrics = json.value(QStringLiteral("metrics")).toObject();
    m.trainingSummary = json.value(QStringLiteral("training_summary")).toObject();
    m.engineVersion = json.value(QStringLiteral("engine_version")).toString();
    const QJsonArray files = json.value(QStringLiteral("artifacts")).toArray();
    for (const QJsonValue &v : files) {
        const QJsonObject o = v.toObject();
        ArtifactEntry a{o.value(QStringLiteral("path")).toString(),
                        o.value(QStringLiteral("sha256")).toString(),
                        qint64(o.value(QStringLiteral("bytes")).toDouble(-1))};
        if (a.path.isEmpty() || a.sha256.size() != 64 || a.bytes < 0 ||
            a.path.contains(QLatin1String("..")) || QDir::isAbsolutePath(a.path))
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("manifest lists an invalid artifact entry"));
        m.artifacts << a;
    }
    if (m.version.isEmpty() || !m.createdAt.isValid() || m.artifacts.isEmpty())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("manifest lacks version, created_at or artifacts"));
    return m;
}

Result<VersionManifest> VersionManifest::read(const QString &versionDir)
{
    const QString path = QDir(versionDir).filePath(QString::fromLatin1(kFileName));
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return fail(ErrorCode::ModelNotFound, bytes.error().message);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                        .arg(path, error.errorString())
                        .arg(error.offset));
    auto m = fromJson(doc.object());
    if (!m)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("%1: %2").arg(path, m.error().message));
    return m;
}

Status VersionManifest::collectArtifacts(const QString &dir)
{
    const auto list = files::listFiles(dir);
    if (!list)
        return std::unexpected(list.error());
    artifacts.clear();
    for (const QString &rel : *list) {
        if (rel == QLatin1String(kFileName))
            continue;
        const QString path = QDir(dir).filePath(rel);
        const auto sha = files::sha256OfFile(path);
        if (!sha)
            return std::unexpected(sha.error());
        artifacts << ArtifactEntry{rel, *sha, QFileInfo(path).size()};
    }
    if (artifacts.isEmpty())
        return fail(ErrorCode::ModelNotFound, QStringLiteral("%1 holds no artifact file").arg(dir));
    return {};
}

Status VersionManifest::verifyArtifacts(const QString &dir) const
{
    QSet<QString> listed;
    for (const ArtifactEntry &a : artifacts) {
        listed.insert(a.path);
        const QString path = QDir(dir).filePath(a.path);
        const QFileInfo info(path);
        if (!info.isFile())
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("version %1: artifact %2 is missing").arg(version, a.path));
        const auto sha = files::sha256OfFile(path);
        if (!sha)
            return fail(ErrorCode::ModelNotFound, sha.error().message);
        if (*sha != a.sha256)
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral(
                            "version %1: checksum mismatch in %2: sha256 %3, the manifest says %4 "
                            "(%5 bytes, the manifest says %6)")
                            .arg(version, a.path, *sha, a.sha256)
                            .arg(info.size())
                            .arg(a.bytes));
        if (info.size() != a.bytes)
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("version %1: %2 has %3 bytes, the manifest says %4")
                            .arg(version, a.path)
                            .arg(info.size())
                            .arg(a.bytes));
    }
    const auto present = files::listFiles(dir);
    if (!present)
        return fail(ErrorCode::ModelNotFound, present.error().message);
    for (const QString &rel : *present)
        if (rel != QLatin1String(kFileName) && !listed.contains(rel))
            return fail(
                ErrorCode::ModelNotFound,
                QStringLiteral(
                    "version %1: %2 is not in the manifest (a version directory is never changed "
                    "after registration)")
                    .arg(version, rel));
    return {};
}

qint64 VersionManifest::totalBytes() const
{
    qint64 total = 0;
    for (const ArtifactEntry &a : artifacts)
        total += a.bytes;
    return total;
}

} // namespace routing::registry
