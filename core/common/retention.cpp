#include "core/common/retention.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFile>

namespace routing {

int pruneFilesOlderThan(const QString &dir, const QStringList &nameFilters, int days)
{
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-days);
    int removed = 0;
    QDirIterator it(dir, nameFilters, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (it.fileInfo().lastModified().toUTC() < cutoff && QFile::remove(it.filePath()))
            ++removed;
    }
    return removed;
}

} // namespace routing
