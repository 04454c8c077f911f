#pragma once

#include "core/common/error.h"

#include <QByteArray>
#include <QString>

namespace routing {

/// Writes `data` to `path` so that readers see either the old file or the whole new one:
/// a temporary file beside it, flushed, then renamed over it (QSaveFile). Never a half file.
Status writeFileAtomically(const QString &path, const QByteArray &data);

/// Reads a whole file; the error names the path.
Result<QByteArray> readWholeFile(const QString &path);

} // namespace routing
