#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/jobs/job_files.h"
#include "core/jobs/job_lock.h"
#include "core/jobs/job_queue.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace routing {
class AuditLog;
class StateStore;
} // namespace routing

namespace routing::registry {
class ModelRegistry;
}

namespace routing::jobs {

/// How JobRunner starts and supervises its workers (tests shorten the times and substitute the
/// program).
struct JobRunnerOptions
{
    QString program; ///< empty: QCoreApplication::applicationFilePath()
    QStringList
        programArguments;     ///< before `worker --job DIR`; empty: `--config <the config file>`
    int graceMs = 10000;      ///< between terminate and kill
    qint64 maxDurationMs = 0; ///< 0: training.max_duration_minutes
    int pollMs = 500;         ///< how often the queue is looked at
};

/// Runs the queue's jobs, one at a time, each in a child process (`routing-console worker --job
/// DIR`), so that a crash or an out-of-memory kill of the training cannot take the console down.
///
/// The worker's JSON-lines progress is mirrored into the job's row and its state.json (atomic
/// writes). Cancel (from this console or any other, through the queue): terminate, then kill after
/// the grace period. A job running longer than training.max_duration_minutes is stopped as
/// FAILED, saying so. A worker that crashes or exits non-zero leaves FAILED with its exit status
/// and the tail of its stderr (1004). A worker that succeeds is registered and deployed
/// (completeTrainedJob). Only the console holding the JobLock runs jobs; start() refuses with a
/// clear message when another console holds it.
///
/// Lives in the thread that created it (the GUI thread is fine: nothing here blocks for long
/// except the deploy step, which verifies the new model — run the runner in its own QThread when
/// that matters).
class JobRunner final : public QObject
{
    Q_OBJECT

public:
    using Options = JobRunnerOptions;

    JobRunner(const AppConfig &config, StateStore &state, JobQueue &queue,
              registry::ModelRegistry &registry, AuditLog *audit = nullptr, Options options = {},
              QObject *parent = nullptr);
    ~JobRunner() override;
    Q_DISABLE_COPY_MOVE(JobRunner)

    /// Takes the job lock, turns RUNNING jobs of dead consoles into FAILED ("interrupted", retried
    /// per policy) and starts taking jobs. Refuses when another console holds the lock.
    Status start();
    /// Stops taking new jobs; the running one continues unless cancelled. Releases the lock when
    /// no job runs (else when it ends).
    void stop();
    bool isStarted() const { return m_started; }
    /// The job being run ("" when idle).
    QString currentJobId() const { return m_current.id; }
    /// Asks the queue to cancel (PENDING: at once; RUNNING: the worker is stopped).
    Result<Job> cancel(const QString &jobId, const QString &actor);

signals:
    void jobStarted(const routing::jobs::Job &job);
    void jobProgress(const QString &jobId, int percent, const QString &step,
                     const QString &message);
    void jobFinished(const routing::jobs::Job &job);

private:
    enum class StopReason { None, Cancel, Timeout };

    void tick();
    void launch(const Job &job);
    void onStdout();
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onStartFailed();
    void stopWorker(StopReason reason, const QString &detail);
    void finish(const AttemptOutcome &outcome);
    void handleLine(const QByteArray &line);
    void writeState();
    QString stderrTail() const;

    const AppConfig &m_config;
    StateStore &m_state;
    JobQueue &m_queue;
    registry::ModelRegistry &m_registry;
    AuditLog *m_audit;
    Options m_options;
    JobLock m_lock;
    QTimer m_timer;
    bool m_started = false;
    bool m_stopping = false;

    // The running job.
    Job m_current;
    QString m_jobDir;
    QPointer<QProcess> m_process;
    std::unique_ptr<JobStateFile> m_stateFile;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_lastWrite;
    QByteArray m_stdoutBuffer;
    QByteArray m_stderr;
    std::optional<Error> m_workerError;
    StopReason m_stopReason = StopReason::None;
    QString m_stopDetail;
};

} // namespace routing::jobs
