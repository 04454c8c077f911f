#include "core/jobs/job_runner.h"

#include "core/jobs/job_completion.h"
#include "core/jobs/jobs_logging.h"
#include "core/registry/file_tree.h"
#include "core/registry/model_registry.h"
#include "core/state/state_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QSysInfo>

#if defined(Q_OS_UNIX)
#include <unistd.h>

#include <cerrno>
#elif defined(Q_OS_WIN)
#include <qt_windows.h>
#endif

namespace routing::jobs {

namespace {
constexpr qsizetype kStderrKeep = 16 * 1024;
constexpr int kStderrTailLines = 20;
} // namespace

JobRunner::JobRunner(const AppConfig &config, StateStore &state, JobQueue &queue,
                     registry::ModelRegistry &registry, AuditLog *audit, Options options,
                     QObject *parent)
    : QObject(parent), m_config(config), m_state(state), m_queue(queue), m_registry(registry),
      m_audit(audit), m_options(std::move(options)), m_lock(state.path())
{
    if (m_options.program.isEmpty())
        m_options.program = QCoreApplication::applicationFilePath();
    if (m_options.programArguments.isEmpty() && !config.sourceFile.isEmpty())
        m_options.programArguments = {QStringLiteral("--config"), config.sourceFile};
    if (m_options.maxDurationMs <= 0)
        m_options.maxDurationMs = qint64(config.training.maxDurationMinutes) * 60 * 1000;
    m_timer.setInterval(std::max(50, m_options.pollMs));
    connect(&m_timer, &QTimer::timeout, this, &JobRunner::tick);
}

JobRunner::~JobRunner()
{
    if (m_process) {
        // The console is going away: the worker must not outlive it, and the job says why it ended.
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(5000);
        AttemptOutcome o;
        o.state = JobState::Failed;
        o.message = QStringLiteral("interrupted: the console closed while the job ran");
        o.error = Error{ErrorCode::TrainingFailed, o.message};
        if (const auto job = m_queue.finishAttempt(m_current.id, o); !job)
            qCWarning(lcJobs).noquote() << job.error().toString();
    }
}

Status JobRunner::start()
{
    if (m_started)
        return {};
    if (auto s = m_lock.tryLock(); !s)
        return s;
    const auto recovered = m_queue.recoverInterrupted();
    if (!recovered) {
        m_lock.unlock();
        return std::unexpected(recovered.error());
    }
    for (const Job &j : *recovered) {
        JobStateFile file(jobDirectory(m_config, j.id));
        file.addLog(j.message);
        if (auto s = file.write(j); !s)
            qCWarning(lcJobs).noquote() << s.error().toString();
    }
    m_started = true;
    m_stopping = false;
    m_timer.start();
    QTimer::singleShot(0, this, &JobRunner::tick);
    return {};
}

void JobRunner::stop()
{
    m_stopping = true;
    if (!m_process) {
        m_timer.stop();
        m_started = false;
        m_lock.unlock();
    }
}

Result<Job> JobRunner::cancel(const QString &jobId, const QString &actor)
{
    auto job = m_queue.requestCancel(jobId, actor);
    if (job && jobId == m_current.id)
        stopWorker(StopReason::Cancel, QStringLiteral("cancelled by %1").arg(actor));
    return job;
}

void JobRunner::tick()
{
    if (m_process) {
        if (m_stopReason != StopReason::None)
            return;
        if (m_elapsed.elapsed() > m_options.maxDurationMs) {
            stopWorker(
                StopReason::Timeout,
                QStringLiteral(
                    "stopped after %1 min: longer than training.max_duration_minutes (%2 min)")
                    .arg(double(m_elapsed.elapsed()) / 60000.0, 0, 'f', 1)
                    .arg(double(m_options.maxDurationMs) / 60000.0, 0, 'f', 1));
            return;
        }
        const auto job = m_queue.job(m_current.id);
        if (job && *job && !(*job)->cancelRequestedBy.isEmpty())
            stopWorker(StopReason::Cancel,
                       QStringLiteral("cancelled by %1").arg((*job)->cancelRequestedBy));
        return;
    }
    if (!m_started || m_stopping)
        return;
    const auto next =
        m_queue.claimNext(QCoreApplication::applicationPid(), QSysInfo::machineHostName());
    if (!next) {
        qCWarning(lcJobs).noquote() << "cannot read the training queue:" << next.error().toString();
        return;
    }
    if (*next)
        launch(**next);
}

void JobRunner::launch(const Job &job)
{
    m_current = job;
    m_jobDir = jobDirectory(m_config, job.id);
    m_stdoutBuffer.clear();
    m_stderr.clear();
    m_workerError.reset();
    m_stopReason = StopReason::None;
    m_stopDetail.clear();
    m_stateFile = std::make_unique<JobStateFile>(m_jobDir);
    m_elapsed.start();
    m_lastWrite.start();

    JobSpec spec;
    spec.jobId = job.id;
    spec.attempt = job.attempts;
    spec.asOf = job.asOf;
    spec.requestedBy = job.requestedBy;
    spec.reason = job.reason;
    // Without knowing the live model a candidate could not be compared with it: no training then.
    const auto pointer = m_registry.pointer();
    if (!pointer) {
        finish({JobState::Failed, pointer.error().message, pointer.error(), {}, {}, {}, {}, {}});
        return;
    }
    if (!pointer->active.isEmpty()) {
        spec.liveVersion = pointer->active;
        spec.liveDir = m_registry.versionDir(pointer->active);
    }
    QFile::remove(QDir(m_jobDir).filePath(QString::fromLatin1(kResultFile)));
    if (!QDir().mkpath(m_jobDir)) {
        finish({JobState::Failed,
                QStringLiteral("cannot create %1").arg(m_jobDir),
                Error{ErrorCode::Io,
                      QStringLiteral("cannot create the job directory %1").arg(m_jobDir)},
                {},
                {},
                {},
                {},
                {}});
        return;
    }
    if (auto s = spec.write(m_jobDir); !s) {
        finish({JobState::Failed, s.error().message, s.error(), {}, {}, {}, {}, {}});
        return;
    }
    m_stateFile->addLog(
        QStringLiteral("attempt %1 started (live model: %2)")
            .arg(job.attempts)
            .arg(spec.liveVersion.isEmpty() ? QStringLiteral("none") : spec.liveVersion));
    writeState();

    m_process = new QProcess(this);
    m_process->setProgram(m_options.program);
    m_process->setArguments(m_options.programArguments +
                            QStringList{QStringLiteral("worker"), QStringLiteral("--job"), m_jobDir,
                                        QStringLiteral("--watch-stdin")});
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    // Training takes every core it is given; the console (window, HTTP endpoint, scheduler) must
    // stay responsive while it runs: the worker runs at a lower scheduling priority.
#if defined(Q_OS_UNIX)
    m_process->setChildProcessModifier([] { errno = 0; (void)::nice(10); });
#elif defined(Q_OS_WIN)
    m_process->setCreateProcessArgumentsModifier([](QProcess::CreateProcessArguments *args) {
        args->flags |= BELOW_NORMAL_PRIORITY_CLASS;
    });
#endif
    connect(m_process, &QProcess::readyReadStandardOutput, this, &JobRunner::onStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &JobRunner::onStderr);
    connect(m_process, &QProcess::finished, this, &JobRunner::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onStartFailed();
    });
    qCInfo(lcJobs).noquote() << "job" << job.id << "attempt" << job.attempts << "starting"
                             << m_process->program() << m_process->arguments().join(u' ');
    m_process->start();
    if (m_process && m_process->state() != QProcess::NotRunning) {
        if (auto s = m_queue.setWorkerPid(job.id, m_process->processId()); !s)
            qCWarning(lcJobs).noquote() << s.error().toString();
        m_current.workerPid = m_process->processId();
        emit jobStarted(m_current);
    }
}

void JobRunner::onStartFailed()
{
    if (!m_process)
        return;
    const QString why = m_process->errorString();
    m_process->deleteLater();
    m_process = nullptr;
    finish(
        {JobState::Failed,
         QString(),
         Error{
             ErrorCode::TrainingFailed,
             QStringLiteral("the worker %1 could not be started: %2").arg(m_options.program, why)},
         {},
         {},
         {},
         {},
         {}});
}

void JobRunner::onStdout()
{
    if (!m_process)
        return;
    m_stdoutBuffer += m_process->readAllStandardOutput();
    qsizetype eol;
    while ((eol = m_stdoutBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_stdoutBuffer.left(eol);
        m_stdoutBuffer.remove(0, eol + 1);
        if (!line.trimmed().isEmpty())
            handleLine(line);
    }
}

void JobRunner::handleLine(const QByteArray &line)
{
    const WorkerMessage m = WorkerMessage::parse(line);
    switch (m.type) {
    case WorkerMessage::Type::Progress: {
        const bool newStep = m.step != m_current.step;
        m_current.progress = std::clamp(m.percent, 0, 100);
        m_current.step = m.step;
        m_current.message = m.message;
        emit jobProgress(m_current.id, m_current.progress, m.step, m.message);
        if (newStep)
            m_stateFile->addLog(
                QStringLiteral("%1%: %2 — %3").arg(m.percent).arg(m.step, m.message));
        // Boosting rounds report many times a second: the database and the file get at most four
        // writes a second.
        if (newStep || m_lastWrite.elapsed() >= 250) {
            if (auto s =
                    m_queue.updateProgress(m_current.id, m_current.progress, m.step, m.message);
                !s)
                qCWarning(lcJobs).noquote() << s.error().toString();
            writeState();
            m_lastWrite.restart();
        }
        break;
    }
    case WorkerMessage::Type::Error:
        m_workerError = m.error;
        m_stateFile->addLog(QStringLiteral("error: %1").arg(m.error.toString()));
        break;
    case WorkerMessage::Type::Result:
        m_stateFile->addLog(QStringLiteral("trained: %1 — %2").arg(m.step, m.message));
        break;
    case WorkerMessage::Type::Unknown:
        m_stateFile->addLog(m.message);
        break;
    }
}

void JobRunner::onStderr()
{
    if (!m_process)
        return;
    m_stderr += m_process->readAllStandardError();
    if (m_stderr.size() > kStderrKeep)
        m_stderr.remove(0, m_stderr.size() - kStderrKeep);
}

QString JobRunner::stderrTail() const
{
    QStringList lines = QString::fromUtf8(m_stderr).split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() > kStderrTailLines)
        lines = lines.mid(lines.size() - kStderrTailLines);
    return lines.join(u'\n');
}

void JobRunner::stopWorker(StopReason reason, const QString &detail)
{
    if (!m_process || m_stopReason != StopReason::None)
        return;
    m_stopReason = reason;
    m_stopDetail = detail;
    qCInfo(lcJobs).noquote() << "job" << m_current.id << ":" << detail
                             << "- terminating the worker";
    m_stateFile->addLog(detail);
    m_process->terminate();
    m_process->closeWriteChannel(); // the worker also ends when its stdin closes (Windows has no
                                    // SIGTERM)
    QPointer<QProcess> process = m_process;
    QTimer::singleShot(m_options.graceMs, this, [this, process] {
        if (process && process->state() != QProcess::NotRunning) {
            qCWarning(lcJobs) << "job" << m_current.id << "worker did not stop within"
                              << m_options.graceMs << "ms; killing it";
            process->kill();
        }
    });
}

void JobRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    onStdout();
    onStderr();
    if (!m_stdoutBuffer.trimmed().isEmpty())
        handleLine(m_stdoutBuffer);
    m_process->deleteLater();
    m_process = nullptr;

    AttemptOutcome o;
    o.exitCode = status == QProcess::NormalExit ? exitCode : -1;
    o.stderrTail = stderrTail();
    const QString exitText =
        status == QProcess::CrashExit
            ? QStringLiteral("the worker crashed or was killed (signal %1)").arg(exitCode)
            : QStringLiteral("the worker exited with status %1").arg(exitCode);
    if (m_stopReason == StopReason::Cancel) {
        o.state = JobState::Cancelled;
        o.message = m_stopDetail;
    } else if (m_stopReason == StopReason::Timeout) {
        o.state = JobState::Failed;
        o.error = Error{ErrorCode::TrainingFailed, m_stopDetail};
        o.message = m_stopDetail;
    } else if (status == QProcess::CrashExit || exitCode != 0) {
        o.state = JobState::Failed;
        const QString cause = m_workerError
                                  ? QStringLiteral("%1: %2").arg(exitText, m_workerError->message)
                                  : exitText;
        const QString tail = o.stderrTail.isEmpty()
                                 ? QString()
                                 : QStringLiteral("; stderr: %1").arg(o.stderrTail.right(600));
        o.error = Error{m_workerError && m_workerError->code != ErrorCode::Internal
                            ? m_workerError->code
                            : ErrorCode::TrainingFailed,
                        cause + tail};
        o.message = cause;
    } else {
        m_stateFile->addLog(QStringLiteral("registering the result"));
        writeState();
        const AttemptOutcome done = completeTrainedJob(m_current, m_jobDir, m_registry);
        o.state = done.state;
        o.message = done.message;
        o.error = done.error;
        o.version = done.version;
        o.decision = done.decision;
        o.result = done.result;
    }
    finish(o);
}

void JobRunner::finish(const AttemptOutcome &outcome)
{
    const auto job = m_queue.finishAttempt(m_current.id, outcome);
    if (job) {
        m_current = *job;
    } else {
        qCCritical(lcJobs).noquote()
            << "cannot record the end of job" << m_current.id << ":" << job.error().toString();
        m_current.state = outcome.state;
    }
    m_stateFile->addLog(
        QStringLiteral("%1: %2").arg(jobStateName(m_current.state),
                                     outcome.error ? outcome.error->toString() : outcome.message));
    writeState();
    qCInfo(lcJobs).noquote() << "job" << m_current.id << jobStateName(m_current.state) << "-"
                             << (outcome.error ? outcome.error->toString() : outcome.message);
    // A worker killed while writing leaves the trainer's hidden temporary directory behind.
    const QDir dir(m_jobDir);
    for (const QString &leftover : dir.entryList({QStringLiteral(".*.tmp-*")},
                                                 QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        files::removeTree(dir.filePath(leftover));
    const Job finished = m_current;
    m_current = Job{};
    m_stateFile.reset();
    emit jobFinished(finished);
    if (m_stopping) {
        stop();
        return;
    }
    QTimer::singleShot(0, this, &JobRunner::tick);
}

void JobRunner::writeState()
{
    if (!m_stateFile)
        return;
    Job snapshot = m_current;
    if (const auto fresh = m_queue.job(m_current.id); fresh && *fresh)
        snapshot = **fresh;
    if (auto s = m_stateFile->write(snapshot); !s)
        qCWarning(lcJobs).noquote() << s.error().toString();
}

} // namespace routing::jobs
