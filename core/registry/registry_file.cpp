#include "core/registry/registry_file.h"

#include "core/common/atomic_file.h"
#include "core/registry/file_tree.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace routing::registry {

RegistryPointer RegistryDocument::pointerFromHistory(const QList<ActivationRecord> &history)
{
    RegistryPointer p;
    if (history.isEmpty())
        return p;
    p.active = history.last().to;
    p.previous = history.last().from;
    p.activatedAt = history.last().at;
    return p;
}

Result<std::optional<RegistryDocument>> RegistryDocument::read(const QString &path)
{
    if (!QFileInfo::exists(path))
        return std::optional<RegistryDocument>{};
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(ErrorCode::InvalidData, QStringLiteral("registry file %1 is not valid JSON: %2")
                                                .arg(path, error.errorString()));
    const QJsonObject json = doc.object();
    const int schema = json.value(QStringLiteral("schema_version")).toInt(-1);
    if (schema < 1 || schema > kSchemaVersion)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("registry file %1 has schema_version %2; this console "
                                   "understands %3")
                        .arg(path)
                        .arg(schema)
                        .arg(kSchemaVersion));
    RegistryDocument d;
    const QJsonArray history = json.value(QStringLiteral("history")).toArray();
    for (const QJsonValue &v : history) {
        auto r = ActivationRecord::fromJson(v.toObject());
        if (!r)
            return fail(ErrorCode::InvalidData,
                        QStringLiteral("registry file %1: %2").arg(path, r.error().message));
        if (r->seq != d.history.size() + 1)
            return fail(ErrorCode::InvalidData,
                        QStringLiteral("registry file %1: history entry %2 is out of order")
                            .arg(path)
                            .arg(r->seq));
        d.history << *r;
    }
    d.pointer = pointerFromHistory(d.history);
    // The written pointer must agree with the history it was written with.
    if (json.value(QStringLiteral("active_version")).toString() != d.pointer.active)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("registry file %1: active_version '%2' disagrees with its "
                                   "history ('%3')")
                        .arg(path, json.value(QStringLiteral("active_version")).toString(),
                             d.pointer.active));
    d.updatedAt = QDateTime::fromString(json.value(QStringLiteral("updated_at")).toString(),
                                        Qt::ISODateWithMs);
    return std::optional<RegistryDocument>(d);
}

Status RegistryDocument::write(const QString &path) const
{
    QJsonArray history;
    for (const ActivationRecord &r : this->history)
        history.append(r.toJson());
    const auto opt = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    const QJsonObject json{
        {QStringLiteral("schema"), QStringLiteral("routing-console/registry@1")},
        {QStringLiteral("schema_version"), kSchemaVersion},
        {QStringLiteral("active_version"), opt(pointer.active)},
        {QStringLiteral("previous_version"), opt(pointer.previous)},
        {QStringLiteral("activated_at"),
         pointer.activatedAt.isValid()
             ? QJsonValue(pointer.activatedAt.toUTC().toString(Qt::ISODateWithMs))
             : QJsonValue()},
        {QStringLiteral("updated_at"), updatedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("history"), history}};
    if (auto s = writeFileAtomically(path, QJsonDocument(json).toJson(QJsonDocument::Indented)); !s)
        return s;
    files::syncDirectory(QFileInfo(path).absolutePath());
    return {};
}

} // namespace routing::registry
