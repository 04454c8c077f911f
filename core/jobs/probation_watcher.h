#pragma once

#include "core/common/error.h"
#include "core/registry/model_registry.h"

#include <QDateTime>
#include <QString>

namespace routing::quality {
class AlertStore;
}

namespace routing::jobs {

/// Ties evaluation cycles to the probation of a newly deployed model: after every cycle the
/// service (or the `evaluate` command) calls onCycle(). A critical cycle within the probation
/// window rolls the model back automatically (alerts.auto_rollback, on by default; the registry
/// writes the history entry and the audit entry) and raises the alert `model.auto_rollback`
/// saying why; a critical cycle with auto_rollback off raises `model.probation_failed` instead.
class ProbationWatcher final
{
public:
    ProbationWatcher(registry::ModelRegistry &registry, quality::AlertStore *alerts = nullptr)
        : m_registry(registry), m_alerts(alerts)
    {
    }

    /// `level` is the cycle's overall level ("critical" counts); `modelVersion` the version the
    /// cycle evaluated ("" = the active one); `detail` what was critical (for the history).
    Result<registry::ProbationVerdict> onCycle(const QString &cycleId, const QString &modelVersion,
                                               bool critical, const QString &detail,
                                               const QDateTime &now = {});

    static inline const QString kRollbackAlert = QStringLiteral("model.auto_rollback");
    static inline const QString kFailedAlert = QStringLiteral("model.probation_failed");

private:
    registry::ModelRegistry &m_registry;
    quality::AlertStore *m_alerts;
};

} // namespace routing::jobs
