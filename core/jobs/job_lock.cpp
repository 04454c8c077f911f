#include "core/jobs/job_lock.h"

#include <QDir>
#include <QFileInfo>

namespace routing::jobs {

QString JobLock::lockPathFor(const QString &stateDbPath)
{
    return QFileInfo(stateDbPath).absoluteDir().filePath(QStringLiteral("training_jobs.lock"));
}

JobLock::JobLock(const QString &stateDbPath) : m_path(lockPathFor(stateDbPath)) {}

JobLock::~JobLock()
{
    unlock();
}

Status JobLock::tryLock()
{
    if (isLocked())
        return {};
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(ErrorCode::Io, QStringLiteral("cannot create the folder of %1").arg(m_path));
    m_file = std::make_unique<QLockFile>(m_path);
    m_file->setStaleLockTime(0); // a job may run for hours: stale only when the holder is gone
    if (m_file->tryLock(0))
        return {};
    const QLockFile::LockError error = m_file->error();
    qint64 pid = 0;
    QString host, app;
    m_file->getLockInfo(&pid, &host, &app);
    m_file.reset();
    if (error == QLockFile::LockFailedError)
        return fail(ErrorCode::Io, QStringLiteral("another console (pid %1 on %2) is running the "
                                                  "training jobs of this state directory "
                                                  "(lock %3); this one will not run jobs. Queued "
                                                  "jobs run there; stop that console or "
                                                  "use another state path to run jobs here.")
                                       .arg(pid)
                                       .arg(host, m_path));
    return fail(
        ErrorCode::Io,
        QStringLiteral("cannot take the job lock %1 (permission or disk problem)").arg(m_path));
}

void JobLock::unlock()
{
    if (m_file) {
        m_file->unlock();
        m_file.reset();
    }
}

bool JobLock::isHeld(const QString &stateDbPath, qint64 *pid, QString *host)
{
    QLockFile probe(lockPathFor(stateDbPath));
    probe.setStaleLockTime(0);
    if (probe.tryLock(0)) {
        probe.unlock();
        return false;
    }
    qint64 p = 0;
    QString h, app;
    probe.getLockInfo(&p, &h, &app);
    if (pid)
        *pid = p;
    if (host)
        *host = h;
    return true;
}

} // namespace routing::jobs
