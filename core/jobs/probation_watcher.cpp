#include "core/jobs/probation_watcher.h"

#include "core/jobs/jobs_logging.h"
#include "core/quality/alert_store.h"

namespace routing::jobs {

Result<registry::ProbationVerdict> ProbationWatcher::onCycle(const QString &cycleId,
                                                             const QString &modelVersion,
                                                             bool critical, const QString &detail,
                                                             const QDateTime &nowArg)
{
    auto verdict = m_registry.recordEvaluationCycle(cycleId, modelVersion, critical, detail);
    if (!verdict)
        return verdict;
    using Kind = registry::ProbationVerdict::Kind;
    if (verdict->kind != Kind::RolledBack && verdict->kind != Kind::Failed)
        return verdict;
    qCWarning(lcJobs).noquote() << verdict->detail;
    if (!m_alerts)
        return verdict;
    const QDateTime now = nowArg.isValid() ? nowArg : QDateTime::currentDateTimeUtc();
    const bool rolledBack = verdict->kind == Kind::RolledBack;
    quality::AlertSpec spec;
    spec.key = rolledBack ? kRollbackAlert : kFailedAlert;
    spec.severity = quality::Severity::Critical;
    spec.code = int(ErrorCode::ModelNotFound);
    spec.message = verdict->detail;
    if (auto raised = m_alerts->raise(spec, cycleId, now); !raised)
        return std::unexpected(raised.error());
    return verdict;
}

} // namespace routing::jobs
