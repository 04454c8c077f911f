#include "core/registry/registry_types.h"

#include <QJsonDocument>
#include <QJsonValue>

namespace routing::registry {

QString activationKindName(ActivationKind kind)
{
    switch (kind) {
    case ActivationKind::Deploy:
        return QStringLiteral("deploy");
    case ActivationKind::Rollback:
        return QStringLiteral("rollback");
    case ActivationKind::Manual:
        return QStringLiteral("manual");
    case ActivationKind::AutoRollback:
        return QStringLiteral("auto-rollback");
    }
    return QStringLiteral("manual");
}

std::optional<ActivationKind> activationKindFromName(const QString &name)
{
    for (ActivationKind k : {ActivationKind::Deploy, ActivationKind::Rollback,
                             ActivationKind::Manual, ActivationKind::AutoRollback})
        if (activationKindName(k) == name)
            return k;
    return std::nullopt;
}

QJsonObject ActivationRecord::toJson() const
{
    return QJsonObject{{QStringLiteral("seq"), seq},
                       {QStringLiteral("at"), at.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("from"), from.isEmpty() ? QJsonValue() : QJsonValue(from)},
                       {QStringLiteral("to"), to},
                       {QStringLiteral("actor"), actor},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("kind"), activationKindName(kind)}};
}

Result<ActivationRecord> ActivationRecord::fromJson(const QJsonObject &json)
{
    ActivationRecord r;
    r.seq = json.value(QStringLiteral("seq")).toInt();
    r.at = QDateTime::fromString(json.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    r.from = json.value(QStringLiteral("from")).toString();
    r.to = json.value(QStringLiteral("to")).toString();
    r.actor = json.value(QStringLiteral("actor")).toString();
    r.reason = json.value(QStringLiteral("reason")).toString();
    const auto kind = activationKindFromName(json.value(QStringLiteral("kind")).toString());
    if (r.seq <= 0 || !r.at.isValid() || r.to.isEmpty() || !kind)
        return fail(
            ErrorCode::InvalidData,
            QStringLiteral("activation record %1 is incomplete")
                .arg(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact))));
    r.kind = *kind;
    return r;
}

QString probationStateName(ProbationState::State state)
{
    switch (state) {
    case ProbationState::State::Watching:
        return QStringLiteral("watching");
    case ProbationState::State::Passed:
        return QStringLiteral("passed");
    case ProbationState::State::RolledBack:
        return QStringLiteral("rolled_back");
    case ProbationState::State::Failed:
        return QStringLiteral("failed");
    case ProbationState::State::Superseded:
        return QStringLiteral("superseded");
    }
    return QStringLiteral("watching");
}

QJsonObject ProbationState::toJson() const
{
    return QJsonObject{
        {QStringLiteral("version"), version},
        {QStringLiteral("activation_seq"), activationSeq},
        {QStringLiteral("started_at"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("cycles_required"), cyclesRequired},
        {QStringLiteral("cycles_seen"), cyclesSeen},
        {QStringLiteral("state"), probationStateName(state)},
        {QStringLiteral("ended_at"), endedAt.isValid()
                                         ? QJsonValue(endedAt.toUTC().toString(Qt::ISODateWithMs))
                                         : QJsonValue()},
        {QStringLiteral("detail"), detail}};
}

} // namespace routing::registry
