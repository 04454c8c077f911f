// ModelRegistry: queries and the state-database mirror of the registry file.

#include "core/registry/model_registry.h"

#include "core/registry/state_db.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QRegularExpression>

#include <algorithm>

namespace routing::registry {

namespace {
const QString kActiveSetting = QStringLiteral("registry.active_version");
const QString kPreviousSetting = QStringLiteral("registry.previous_version");
} // namespace

// ---- state database mirror ------------------------------------------------------------------

Status ModelRegistry::mirrorActivation(const ActivationRecord &r)
{
    auto q =
        statedb::exec(m_state,
                      QStringLiteral("INSERT INTO model_activations (seq, at, from_version, "
                                     "to_version, actor, reason, kind) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(seq) DO NOTHING"),
                      {r.seq, statedb::timeText(r.at), statedb::textOrNull(r.from), r.to, r.actor,
                       r.reason, activationKindName(r.kind)});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Status ModelRegistry::mirrorPointer(const RegistryPointer &p)
{
    // A null QString would bind as SQL NULL; "" means "none" here.
    const auto text = [](const QString &v) { return v.isEmpty() ? QStringLiteral("") : v; };
    if (auto s = m_state.setValue(kActiveSetting, text(p.active)); !s)
        return s;
    return m_state.setValue(kPreviousSetting, text(p.previous));
}

Status ModelRegistry::recordVersionRow(const VersionManifest &m, const QString &manifestSha)
{
    auto q = statedb::exec(
        m_state,
        QStringLiteral(
            "INSERT INTO model_versions (version, created_at, creator, reason, parent, job_id, "
            "manifest_sha256, bytes, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(version) DO UPDATE SET manifest_sha256 = excluded.manifest_sha256, "
            "deleted_at = NULL"),
        {m.version, statedb::timeText(m.createdAt), m.creator, m.reason,
         statedb::textOrNull(m.parent), statedb::textOrNull(m.jobId), manifestSha, m.totalBytes(),
         statedb::timeText(QDateTime::currentDateTimeUtc())});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Status ModelRegistry::recordVerification(const QString &version, const QString &outcome,
                                         const QString &modelId)
{
    auto q = statedb::exec(
        m_state,
        QStringLiteral("UPDATE model_versions SET last_verified_at = ?, last_verification = ?, "
                       "model_id = COALESCE(?, model_id) WHERE version = ?"),
        {statedb::timeText(QDateTime::currentDateTimeUtc()), outcome, statedb::textOrNull(modelId),
         version});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<QList<ActivationRecord>> ModelRegistry::historyFromDatabase()
{
    auto q = statedb::exec(
        m_state, QStringLiteral("SELECT seq, at, from_version, to_version, actor, reason, kind "
                                "FROM model_activations ORDER BY seq"));
    if (!q)
        return std::unexpected(q.error());
    QList<ActivationRecord> out;
    while (q->next()) {
        ActivationRecord r;
        r.seq = q->value(0).toInt();
        r.at = statedb::timeValue(q->value(1));
        r.from = q->value(2).toString();
        r.to = q->value(3).toString();
        r.actor = q->value(4).toString();
        r.reason = q->value(5).toString();
        r.kind = activationKindFromName(q->value(6).toString()).value_or(ActivationKind::Manual);
        out << r;
    }
    return out;
}

// ---- queries --------------------------------------------------------------------------------

Result<RegistryPointer> ModelRegistry::pointer()
{
    QMutexLocker locker(&m_mutex);
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    return doc->pointer;
}

Result<QList<ActivationRecord>> ModelRegistry::history()
{
    QMutexLocker locker(&m_mutex);
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    return doc->history;
}

Result<QList<VersionInfo>> ModelRegistry::versions()
{
    QMutexLocker locker(&m_mutex);
    static const QRegularExpression pattern(QStringLiteral("^version_\\d{8}_\\d{6}(_\\d+)?$"));
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    struct Row
    {
        QDateTime verifiedAt;
        QString verification;
        QString modelId;
    };
    QHash<QString, Row> rows;
    auto q = statedb::exec(
        m_state,
        QStringLiteral(
            "SELECT version, last_verified_at, last_verification, model_id FROM model_versions"));
    if (!q)
        return std::unexpected(q.error());
    while (q->next())
        rows.insert(q->value(0).toString(), {statedb::timeValue(q->value(1)),
                                             q->value(2).toString(), q->value(3).toString()});

    QList<VersionInfo> out;
    const QDir dir(m_options.modelsDir);
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!pattern.match(name).hasMatch())
            continue;
        auto manifest = VersionManifest::read(dir.filePath(name));
        if (!manifest)
            continue; // not a complete version: invisible
        VersionInfo v;
        v.version = name;
        v.dir = dir.filePath(name);
        v.manifest = *manifest;
        v.active = name == doc->pointer.active;
        v.previous = !name.isEmpty() && name == doc->pointer.previous;
        for (const ActivationRecord &r : std::as_const(doc->history))
            if (r.to == name) {
                ++v.activations;
                v.lastActivatedAt = r.at;
            }
        const Row row = rows.value(name);
        v.lastVerifiedAt = row.verifiedAt;
        v.lastVerification = row.verification;
        v.modelId = row.modelId;
        out << v;
    }
    std::sort(out.begin(), out.end(), [](const VersionInfo &a, const VersionInfo &b) {
        if (a.manifest.createdAt != b.manifest.createdAt)
            return a.manifest.createdAt > b.manifest.createdAt;
        return a.version > b.version;
    });
    return out;
}

Result<VersionInfo> ModelRegistry::version(const QString &name)
{
    auto all = versions();
    if (!all)
        return std::unexpected(all.error());
    for (const VersionInfo &v : std::as_const(*all))
        if (v.version == name)
            return v;
    return fail(ErrorCode::ModelNotFound,
                QStringLiteral("no complete version %1 in %2").arg(name, m_options.modelsDir));
}

void ModelRegistry::setActivationListener(ActivationListener listener)
{
    QMutexLocker locker(&m_mutex);
    m_listener = std::move(listener);
}

} // namespace routing::registry
