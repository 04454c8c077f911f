#pragma once

#include "core/common/error.h"

#include <QLockFile>
#include <QString>

#include <memory>

namespace routing::jobs {

/// The right to run training jobs for one state directory: a lock file beside the state
/// database (`<state dir>/training_jobs.lock`). A second console on the same state directory
/// cannot take it and is told who holds it. A lock left by a process that died is taken over
/// (QLockFile checks whether the holder still runs).
class JobLock final
{
public:
    explicit JobLock(const QString &stateDbPath);
    ~JobLock();
    Q_DISABLE_COPY_MOVE(JobLock)

    /// Takes the lock without waiting; the error names the holder (pid, host) and the file.
    Status tryLock();
    void unlock();
    bool isLocked() const { return m_file && m_file->isLocked(); }
    QString path() const { return m_path; }

    /// Whether some live process holds the lock (without taking it), and its pid.
    static bool isHeld(const QString &stateDbPath, qint64 *pid = nullptr, QString *host = nullptr);
    static QString lockPathFor(const QString &stateDbPath);

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_file;
};

} // namespace routing::jobs
