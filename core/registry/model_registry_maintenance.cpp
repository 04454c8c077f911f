// ModelRegistry: retention and probation.

#include "core/registry/model_registry.h"

#include "core/registry/file_tree.h"
#include "core/registry/registry_logging.h"
#include "core/registry/state_db.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QJsonArray>
#include <QUuid>

namespace routing::registry {

namespace {

std::optional<ProbationState::State> probationStateFromName(const QString &name)
{
    for (auto s : {ProbationState::State::Watching, ProbationState::State::Passed,
                   ProbationState::State::RolledBack, ProbationState::State::Failed,
                   ProbationState::State::Superseded})
        if (probationStateName(s) == name)
            return s;
    return std::nullopt;
}

const QString kProbationColumns =
    QStringLiteral("id, version, activation_seq, started_at, cycles_required, cycles_seen, state, "
                   "ended_at, detail");

ProbationState probationFromRow(const QSqlQuery &q)
{
    ProbationState p;
    p.id = q.value(0).toLongLong();
    p.version = q.value(1).toString();
    p.activationSeq = q.value(2).toInt();
    p.startedAt = statedb::timeValue(q.value(3));
    p.cyclesRequired = q.value(4).toInt();
    p.cyclesSeen = q.value(5).toInt();
    p.state = probationStateFromName(q.value(6).toString()).value_or(ProbationState::State::Failed);
    p.endedAt = statedb::timeValue(q.value(7));
    p.detail = q.value(8).toString();
    return p;
}

} // namespace

Result<QStringList> ModelRegistry::cleanup(int keep, const QString &actor)
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    if (keep <= 0)
        keep = m_options.keepVersions;
    auto all = versions();
    if (!all)
        return std::unexpected(all.error());
    QStringList removed;
    int kept = 0;
    for (const VersionInfo &v : std::as_const(*all)) { // newest first
        if (v.active || v.previous || kept < keep) {
            ++kept;
            continue;
        }
        // Renamed first, so that a crash halfway through never leaves a half version visible.
        const QString doomed =
            QDir(m_options.modelsDir)
                .filePath(QStringLiteral(".deleting-%1-%2")
                              .arg(v.version, QUuid::createUuid().toString(QUuid::Id128).left(8)));
        if (!QDir().rename(v.dir, doomed))
            return fail(ErrorCode::Io,
                        QStringLiteral("cannot remove version %1 (rename to %2 failed)")
                            .arg(v.version, doomed));
        files::removeTree(doomed);
        if (auto q = statedb::exec(
                m_state,
                QStringLiteral("UPDATE model_versions SET deleted_at = ? WHERE version = ?"),
                {statedb::timeText(QDateTime::currentDateTimeUtc()), v.version});
            !q)
            qCWarning(lcRegistry).noquote() << q.error().toString();
        removed << v.version;
    }
    if (!removed.isEmpty()) {
        qCInfo(lcRegistry) << "retention removed" << removed;
        if (auto s = audit(
                actor, QStringLiteral("model.cleanup"), m_options.modelsDir, {},
                QJsonObject{{QStringLiteral("removed"), QJsonArray::fromStringList(removed)},
                            {QStringLiteral("keep"), keep}},
                QStringLiteral("retention: keep %1 versions, never the active or the previous one")
                    .arg(keep));
            !s)
            qCWarning(lcRegistry).noquote() << s.error().toString();
    }
    return removed;
}

// ---- probation --------------------------------------------------------------------------------

Result<std::optional<ProbationState>> ModelRegistry::probation()
{
    auto q = statedb::exec(m_state,
                           QStringLiteral("SELECT %1 FROM model_probation ORDER BY id DESC LIMIT 1")
                               .arg(kProbationColumns));
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<ProbationState>{};
    return std::optional<ProbationState>(probationFromRow(*q));
}

Result<std::optional<ProbationState>> ModelRegistry::watchingProbation()
{
    auto q = statedb::exec(
        m_state,
        QStringLiteral(
            "SELECT %1 FROM model_probation WHERE state = 'watching' ORDER BY id DESC LIMIT 1")
            .arg(kProbationColumns));
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<ProbationState>{};
    return std::optional<ProbationState>(probationFromRow(*q));
}

Status ModelRegistry::startProbation(const ActivationRecord &record)
{
    if (m_options.probationCycles <= 0)
        return {};
    auto q = statedb::exec(
        m_state,
        QStringLiteral("INSERT INTO model_probation (version, activation_seq, started_at, "
                       "cycles_required, cycles_seen, state) VALUES (?, ?, ?, ?, 0, 'watching')"),
        {record.to, record.seq, statedb::timeText(record.at), m_options.probationCycles});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Status ModelRegistry::endProbations(ProbationState::State state, const QString &detail)
{
    auto q = statedb::exec(
        m_state,
        QStringLiteral("UPDATE model_probation SET state = ?, ended_at = ?, detail = ? "
                       "WHERE state = 'watching'"),
        {probationStateName(state), statedb::timeText(QDateTime::currentDateTimeUtc()), detail});
    if (!q)
        return std::unexpected(q.error());
    return {};
}

Result<ProbationVerdict> ModelRegistry::recordEvaluationCycle(const QString &cycleId,
                                                              const QString &modelVersion,
                                                              bool critical, const QString &detail)
{
    LockScope lock(*this);
    if (!lock.status())
        return std::unexpected(lock.status().error());
    ProbationVerdict verdict;
    auto watching = watchingProbation();
    if (!watching)
        return std::unexpected(watching.error());
    if (!*watching)
        return verdict;
    ProbationState p = **watching;
    auto doc = readDocument();
    if (!doc)
        return std::unexpected(doc.error());
    if (p.version != doc->pointer.active) {
        // Another console moved the pointer without this registry seeing it: that ends the watch.
        if (auto s = endProbations(ProbationState::State::Superseded,
                                   QStringLiteral("%1 is no longer active").arg(p.version));
            !s)
            return std::unexpected(s.error());
        return verdict;
    }
    verdict.probation = p;
    bool sameModel = modelVersion.isEmpty() || modelVersion == p.version;
    if (!sameModel) {
        // Cycles report the ML engine's model id; the registry learnt it when it loaded the
        // version.
        auto id = statedb::exec(
            m_state, QStringLiteral("SELECT model_id FROM model_versions WHERE version = ?"),
            {p.version});
        if (!id)
            return std::unexpected(id.error());
        sameModel = id->next() && id->value(0).toString() == modelVersion;
    }
    if (!sameModel) {
        verdict.kind = ProbationVerdict::Kind::OtherModel;
        verdict.detail = QStringLiteral("cycle %1 evaluated %2, not %3 on probation")
                             .arg(cycleId, modelVersion, p.version);
        return verdict;
    }
    const int seen = p.cyclesSeen + 1;
    if (critical) {
        const QString why =
            QStringLiteral(
                "critical quality alert in cycle %1, %2 of %3 probation cycles of %4: %5")
                .arg(cycleId)
                .arg(seen)
                .arg(p.cyclesRequired)
                .arg(p.version, detail);
        if (m_options.autoRollback) {
            auto rolled = rollback(QStringLiteral("system"), why, ActivationKind::AutoRollback);
            if (rolled) {
                verdict.kind = ProbationVerdict::Kind::RolledBack;
                verdict.rollback = rolled->record;
                verdict.detail = QStringLiteral("rolled back from %1 to %2: %3")
                                     .arg(rolled->record.from, rolled->record.to, why);
                p.state = ProbationState::State::RolledBack;
                p.cyclesSeen = seen;
                verdict.probation = p;
                auto q = statedb::exec(
                    m_state,
                    QStringLiteral(
                        "UPDATE model_probation SET cycles_seen = ?, last_cycle = ? WHERE id = ?"),
                    {seen, cycleId, p.id});
                if (!q)
                    return std::unexpected(q.error());
                return verdict;
            }
            verdict.error = rolled.error();
            verdict.detail = QStringLiteral("%1; the automatic rollback failed: %2")
                                 .arg(why, rolled.error().message);
        } else {
            verdict.detail =
                QStringLiteral("%1; automatic rollback is off (alerts.auto_rollback: false)")
                    .arg(why);
        }
        verdict.kind = ProbationVerdict::Kind::Failed;
        p.state = ProbationState::State::Failed;
    } else {
        verdict.kind = seen >= p.cyclesRequired ? ProbationVerdict::Kind::Passed
                                                : ProbationVerdict::Kind::Watching;
        p.state = seen >= p.cyclesRequired ? ProbationState::State::Passed
                                           : ProbationState::State::Watching;
        verdict.detail =
            seen >= p.cyclesRequired
                ? QStringLiteral("%1 passed probation (%2 cycles without a critical alert)")
                      .arg(p.version)
                      .arg(seen)
                : QStringLiteral("%1 on probation: %2 of %3 cycles")
                      .arg(p.version)
                      .arg(seen)
                      .arg(p.cyclesRequired);
    }
    p.cyclesSeen = seen;
    const bool ended = p.state != ProbationState::State::Watching;
    auto q = statedb::exec(
        m_state,
        QStringLiteral("UPDATE model_probation SET cycles_seen = ?, last_cycle = ?, state = ?, "
                       "ended_at = ?, detail = ? WHERE id = ?"),
        {seen, cycleId, probationStateName(p.state),
         ended ? statedb::timeOrNull(QDateTime::currentDateTimeUtc()) : statedb::timeOrNull({}),
         verdict.detail, p.id});
    if (!q)
        return std::unexpected(q.error());
    if (ended) {
        p.endedAt = QDateTime::currentDateTimeUtc();
        if (auto s = audit(QStringLiteral("system"), QStringLiteral("model.probation"), p.version,
                           {}, p.toJson(), verdict.detail);
            !s)
            qCWarning(lcRegistry).noquote() << s.error().toString();
    }
    p.detail = verdict.detail;
    verdict.probation = p;
    return verdict;
}

} // namespace routing::registry
