#pragma once

#include "core/common/error.h"
#include "core/registry/registry_types.h"

#include <QList>
#include <QString>

#include <optional>

namespace routing::registry {

/// The registry file `models/manifest.json` (the operator manual §6.1 reads `active_version` and
/// `previous_version` from it): the active pointer and the whole activation history. It is
/// replaced atomically (temporary file, flush, rename), so the pointer and the history it
/// records move together; the state database mirrors it for queries.
struct RegistryDocument
{
    static constexpr int kSchemaVersion = 1;
    static constexpr const char *kFileName = "manifest.json";

    RegistryPointer pointer;
    QList<ActivationRecord> history; ///< oldest first, seq 1..n
    QDateTime updatedAt;

    /// The pointer as the history leaves it (active = last `to`, previous = its `from`).
    static RegistryPointer pointerFromHistory(const QList<ActivationRecord> &history);

    /// nullopt when the file does not exist; an Error when it exists but cannot be used.
    static Result<std::optional<RegistryDocument>> read(const QString &path);
    Status write(const QString &path) const;
};

} // namespace routing::registry
