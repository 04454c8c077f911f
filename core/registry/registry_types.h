#pragma once

#include "core/common/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace routing::registry {

/// Why the active pointer moved.
enum class ActivationKind {
    Deploy,       ///< a training job's candidate beat the live model
    Rollback,     ///< an operator went back to the previously active version
    Manual,       ///< an operator activated a listed version
    AutoRollback, ///< a critical quality alert during probation
};

/// "deploy", "rollback", "manual", "auto-rollback".
QString activationKindName(ActivationKind kind);
std::optional<ActivationKind> activationKindFromName(const QString &name);

/// One entry of the append-only activation history ("what was live when").
struct ActivationRecord
{
    int seq = 0;  ///< 1, 2, 3 … in order
    QDateTime at; ///< UTC
    QString from; ///< the version that was active ("" for the first activation)
    QString to;
    QString actor; ///< OS user, "api", "system", or the job's requester
    QString reason;
    ActivationKind kind = ActivationKind::Manual;

    QJsonObject toJson() const;
    static Result<ActivationRecord> fromJson(const QJsonObject &json);
};

/// The pointer: the active version and the one that was active before it (the rollback target).
struct RegistryPointer
{
    QString active;   ///< "" when nothing was ever activated
    QString previous; ///< "" when there is nothing to roll back to
    QDateTime activatedAt;
};

/// One artifact file of a version.
struct ArtifactEntry
{
    QString path;   ///< relative to the version directory, '/' separators
    QString sha256; ///< lower-case hex
    qint64 bytes = 0;
};

/// Probation of a newly activated version: the next evaluation cycles watch it.
struct ProbationState
{
    enum class State { Watching, Passed, RolledBack, Failed, Superseded };
    qint64 id = 0;
    QString version;
    int activationSeq = 0;
    QDateTime startedAt;
    int cyclesRequired = 0;
    int cyclesSeen = 0;
    State state = State::Watching;
    QDateTime endedAt;
    QString detail;

    QJsonObject toJson() const;
};

/// "watching", "passed", "rolled_back", "failed", "superseded".
QString probationStateName(ProbationState::State state);

} // namespace routing::registry
