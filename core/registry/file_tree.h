#pragma once

// File operations the registry needs to keep "complete or invisible": streamed SHA-256, copies
// that check every write and flush to the disk, directory sync, and removal.

#include "core/common/error.h"

#include <QString>
#include <QStringList>

namespace routing::files {

/// SHA-256 of a file, lower-case hex; the error names the file.
Result<QString> sha256OfFile(const QString &path);

/// Every regular file under `dir`, as paths relative to it with '/' separators, sorted.
/// Symbolic links and special files are refused (an artifact must be a plain file).
Result<QStringList> listFiles(const QString &dir);

/// Total size in bytes of the regular files under `dir`.
qint64 treeSize(const QString &dir);

/// Copies the tree `from` into the existing empty directory `to`, checking every write (a full
/// disk is an Io error naming the file and the OS's reason) and flushing each file to the disk.
Status copyTree(const QString &from, const QString &to);

/// Flushes a directory entry to the disk after a rename (POSIX; a no-op elsewhere).
void syncDirectory(const QString &dir);

/// Removes a tree; true when it is gone.
bool removeTree(const QString &dir);

/// The OS's description of a failed write, e.g. "No space left on device".
QString lastOsError();

} // namespace routing::files
