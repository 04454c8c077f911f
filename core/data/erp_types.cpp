#include "core/data/erp_types.h"

#include <QSet>

namespace routing {

QString normalizeItemCode(const QString &code)
{
    return code.trimmed().toUpper();
}

QStringList normalizeItemCodes(const QStringList &codes)
{
    QStringList out;
    out.reserve(codes.size());
    QSet<QString> seen;
    seen.reserve(codes.size());
    for (const QString &code : codes) {
        QString normalized = normalizeItemCode(code);
        if (normalized.isEmpty() || seen.contains(normalized))
            continue;
        seen.insert(normalized);
        out << std::move(normalized);
    }
    return out;
}

} // namespace routing
