#include "core/registry/file_tree.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace routing::files {

QString lastOsError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

Result<QString> sha256OfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        return fail(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return QString::fromLatin1(hash.result().toHex());
}

Result<QStringList> listFiles(const QString &dir)
{
    QStringList out;
    const QDir root(dir);
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        if (info.isSymLink())
            return fail(ErrorCode::InvalidData,
                        QStringLiteral("%1 is a symbolic link; artifacts must be plain files")
                            .arg(info.absoluteFilePath()));
        if (info.isDir())
            continue;
        if (!info.isFile())
            return fail(ErrorCode::InvalidData,
                        QStringLiteral("%1 is not a regular file").arg(info.absoluteFilePath()));
        out << root.relativeFilePath(info.absoluteFilePath());
    }
    out.sort();
    return out;
}

qint64 treeSize(const QString &dir)
{
    qint64 total = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

namespace {

Status copyOne(const QString &from, const QString &to)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot read %1: %2").arg(from, in.errorString()));
    QFile out(to);
    // Unbuffered: a failing write reports the OS's reason ("No space left on device") at once.
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered))
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot create %1: %2").arg(to, out.errorString()));
    QByteArray buffer;
    while (!in.atEnd()) {
        buffer = in.read(1 << 20);
        if (buffer.isEmpty() && in.error() != QFileDevice::NoError)
            return fail(ErrorCode::Io,
                        QStringLiteral("cannot read %1: %2").arg(from, in.errorString()));
        // A write that stops short returns what it wrote without an error; the next one fails
        // with the OS's reason.
        for (qint64 done = 0; done < buffer.size();) {
            const qint64 n = out.write(buffer.constData() + done, buffer.size() - done);
            if (n <= 0)
                return fail(ErrorCode::Io,
                            QStringLiteral("cannot write %1: %2").arg(to, out.errorString()));
            done += n;
        }
    }
#ifdef Q_OS_UNIX
    if (::fsync(out.handle()) != 0)
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(to, lastOsError()));
#endif
    out.close();
    if (out.error() != QFileDevice::NoError)
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot write %1: %2").arg(to, out.errorString()));
    return {};
}

} // namespace

Status copyTree(const QString &from, const QString &to)
{
    const auto list = listFiles(from);
    if (!list)
        return std::unexpected(list.error());
    const QDir src(from);
    const QDir dst(to);
    for (const QString &rel : *list) {
        const QString target = dst.filePath(rel);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()))
            return fail(ErrorCode::Io, QStringLiteral("cannot create %1: %2")
                                           .arg(QFileInfo(target).absolutePath(), lastOsError()));
        if (auto s = copyOne(src.filePath(rel), target); !s)
            return s;
    }
    return {};
}

void syncDirectory(const QString &dir)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(dir);
#endif
}

bool removeTree(const QString &dir)
{
    QDir d(dir);
    return !d.exists() || d.removeRecursively();
}

} // namespace routing::files
