// train, jobs, cancel and the internal worker: the training queue from the command line.

#include "app/cmd_jobs_support.h"
#include "core/common/time_text.h"
#include "app/command_registry.h"
#include "core/common/atomic_file.h"
#include "core/jobs/job_files.h"
#include "core/jobs/job_lock.h"
#include "core/jobs/job_runner.h"
#include "core/jobs/training_worker.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <QTimer>

namespace routing::app {

std::unique_ptr<JobsEnvironment> JobsEnvironment::open(const QString &command,
                                                       const AppConfig &config)
{
    auto env = std::make_unique<JobsEnvironment>();
    env->state = std::make_unique<StateStore>(config.stateDbPath());
    if (auto s = env->state->open(); !s) {
        failure(command, s.error());
        return nullptr;
    }
    env->audit = std::make_unique<AuditLog>(auditLogPath(config));
    env->registry = std::make_unique<registry::ModelRegistry>(
        registry::ModelRegistry::optionsFromConfig(config), *env->state, env->audit.get());
    if (auto s = env->registry->open(); !s) {
        failure(command, s.error());
        return nullptr;
    }
    env->queue = std::make_unique<jobs::JobQueue>(
        *env->state, jobs::JobQueue::policyFromConfig(config), env->audit.get());
    return env;
}

int failure(const QString &command, const Error &error)
{
    printErr(QStringLiteral("routing-console %1: %2\n").arg(command, error.toString()));
    return ExitFailure;
}

namespace {

/// A running job's step (the queue's on claiming it, then the training worker's: core/ml,
/// core/jobs) in the operator's language; unknown steps as they are. The detail after it stays as the worker wrote
/// it (English, with its figures), as in the job's record and the HTTP API.
QString trainingStepLabel(const QString &step)
{
    static constexpr struct
    {
        const char *step, *label;
    } labels[] = {
        {"starting", QT_TRANSLATE_NOOP("routing::app", "starting")}, // the queue, on claiming it
        {"start", QT_TRANSLATE_NOOP("routing::app", "starting")},    // the worker
        {"load", QT_TRANSLATE_NOOP("routing::app", "reading the ERP")},
        {"prepare", QT_TRANSLATE_NOOP("routing::app", "preparing the training data")},
        {"baseline", QT_TRANSLATE_NOOP("routing::app", "training the similar-item baseline")},
        {"xgboost", QT_TRANSLATE_NOOP("routing::app", "training XGBoost")},
        {"mlp", QT_TRANSLATE_NOOP("routing::app", "training the MLP")},
        {"stacking", QT_TRANSLATE_NOOP("routing::app", "training the stacking blend")},
        {"candidates", QT_TRANSLATE_NOOP("routing::app", "candidates trained")},
        {"similar_items", QT_TRANSLATE_NOOP("routing::app", "building the similar-item index")},
        {"validate", QT_TRANSLATE_NOOP("routing::app", "validating on held-out data")},
        {"process_match", QT_TRANSLATE_NOOP("routing::app", "checking the process match")},
        {"live", QT_TRANSLATE_NOOP("routing::app", "comparing with the live model")},
        {"finalise", QT_TRANSLATE_NOOP("routing::app", "finalising the model")},
        {"write", QT_TRANSLATE_NOOP("routing::app", "writing the model")},
        {"golden", QT_TRANSLATE_NOOP("routing::app", "recording the smoke-test items")},
        {"done", QT_TRANSLATE_NOOP("routing::app", "done")},
    };
    for (const auto &l : labels)
        if (step == QLatin1String(l.step))
            return QCoreApplication::translate("routing::app", l.label);
    return step;
}

using namespace routing::jobs;

QString describe(const Job &j)
{
    QString text = QStringLiteral("%1 %2").arg(j.id, jobStateName(j.state));
    if (j.state == JobState::Running)
        text += QStringLiteral(" %1% %2").arg(j.progress).arg(j.step);
    if (!j.version.isEmpty())
        text += QStringLiteral(" -> %1").arg(j.version);
    if (j.error)
        text += QStringLiteral("\n  %1").arg(j.error->toString());
    else if (!j.message.isEmpty())
        text += QStringLiteral("\n  %1").arg(j.message);
    return text;
}

/// With nobody holding the job lock, RUNNING rows belong to a console that died: settle them now
/// so that what is listed is true.
void recoverIfUnattended(const AppConfig &config, JobQueue &queue)
{
    JobLock lock(config.stateDbPath());
    if (!lock.tryLock())
        return;
    if (const auto r = queue.recoverInterrupted(); !r)
        printErr(
            QCoreApplication::translate("routing::app", "warning: %1\n").arg(r.error().toString()));
}

int runTrain(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("train");
    const QCommandLineParser &o = ctx.options;
    if (!o.positionalArguments().isEmpty())
        return usageError(
            cmd, QCoreApplication::translate("routing::app", "takes no positional argument"));
    JobRequest request;
    request.source = JobSource::Operator;
    request.requestedBy = AuditLog::currentOsUser();
    request.reason = o.isSet(QStringLiteral("reason"))
                         ? o.value(QStringLiteral("reason"))
                         : QStringLiteral("manual training from the command line");
    if (o.isSet(QStringLiteral("as-of"))) {
        request.asOf = QDateTime::fromString(o.value(QStringLiteral("as-of")), Qt::ISODate);
        if (!request.asOf.isValid())
            return usageError(
                cmd,
                QCoreApplication::translate(
                    "routing::app", "--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '%1'")
                    .arg(o.value(QStringLiteral("as-of"))));
    }
    const bool json = o.isSet(QStringLiteral("json"));
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    auto job = env->queue->enqueue(request);
    if (!job)
        return failure(cmd, job.error());
    if (job->state == JobState::Deferred) {
        if (json)
            printOut(
                QString::fromUtf8(QJsonDocument(job->toJson()).toJson(QJsonDocument::Indented)));
        return failure(cmd, job->error.value_or(Error{ErrorCode::QueueFull, job->message}));
    }
    if (!o.isSet(QStringLiteral("wait"))) {
        if (json)
            printOut(
                QString::fromUtf8(QJsonDocument(job->toJson()).toJson(QJsonDocument::Indented)));
        else
            printOut(QCoreApplication::translate("routing::app", "queued %1\n").arg(job->id));
        if (!JobLock::isHeld(ctx.config->stateDbPath()))
            printErr(
                QStringLiteral("train: %1\n")
                    .arg(QCoreApplication::translate(
                        "routing::app",
                        "no console is running the jobs of this state directory; it runs when one "
                        "does (the window, or `train --wait`)")));
        return ExitOk;
    }

    // Run the queue here, or follow the console that runs it.
    JobRunner runner(*ctx.config, *env->state, *env->queue, *env->registry, env->audit.get());
    const Status started = runner.start();
    if (!started)
        printErr(
            QStringLiteral("train: %1\ntrain: %2\n")
                .arg(started.error().message,
                     QCoreApplication::translate("routing::app", "%1 is queued; following it there")
                         .arg(job->id)));
    else
        printErr(QStringLiteral("train: %1\n")
                     .arg(QCoreApplication::translate("routing::app",
                                                      "%1 queued; running it in a worker process")
                              .arg(job->id)));

    QEventLoop loop;
    // Stop taking jobs the moment ours has ended, before the runner claims the next one.
    QObject::connect(&runner, &JobRunner::jobFinished, &loop, [&](const Job &finished) {
        if (finished.id == job->id && isFinal(finished.state)) {
            runner.stop();
            loop.quit();
        }
    });
    int lastShown = -10;
    QString lastStep;
    const QString id = job->id;
    QTimer poll;
    poll.setInterval(500);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        const auto current = env->queue->job(id);
        if (!current || !*current) {
            loop.quit();
            return;
        }
        const Job &j = **current;
        // Following another console that went away: its lock is free now, so run the queue here
        // (start() settles the job it left as interrupted).
        if (!runner.isStarted() && !JobLock::isHeld(ctx.config->stateDbPath())) {
            if (runner.start())
                printErr(QStringLiteral("train: %1\n")
                             .arg(QCoreApplication::translate(
                                 "routing::app",
                                 "the console running the jobs ended; running them here")));
        }
        if (isFinal(j.state)) {
            loop.quit();
            return;
        }
        if (j.state == JobState::Running && (j.progress >= lastShown + 5 || j.step != lastStep)) {
            printErr(QStringLiteral("train: %1% %2 — %3\n")
                         .arg(j.progress)
                         .arg(trainingStepLabel(j.step), j.message));
            lastShown = j.progress;
            lastStep = j.step;
        }
    });
    poll.start();
    loop.exec();
    runner.stop();

    const auto final = env->queue->job(id);
    if (!final || !*final)
        return failure(
            cmd, final
                     ? Error{ErrorCode::Internal,
                             QCoreApplication::translate("routing::app", "job %1 vanished").arg(id)}
                     : final.error());
    const Job &j = **final;
    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(j.toJson()).toJson(QJsonDocument::Indented)));
    } else {
        const auto text = readWholeFile(
            QDir(jobDirectory(*ctx.config, id)).filePath(QString::fromLatin1(kResultFile)));
        if (text)
            printOut(
                QJsonDocument::fromJson(*text).object().value(QStringLiteral("text")).toString() +
                u'\n');
        printOut(describe(j) + u'\n');
    }
    // Kept the live model on purpose (SKIPPED) is a success, like a deploy.
    return j.state == JobState::Succeeded || j.state == JobState::Skipped ? ExitOk : ExitFailure;
}

int runJobs(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("jobs");
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    recoverIfUnattended(*ctx.config, *env->queue);
    bool ok = true;
    const int limit = ctx.options.isSet(QStringLiteral("limit"))
                          ? ctx.options.value(QStringLiteral("limit")).toInt(&ok)
                          : 50;
    if (!ok || limit < 1)
        return usageError(
            cmd, QCoreApplication::translate("routing::app", "--limit must be a positive integer"));
    const auto list = env->queue->list(limit);
    if (!list)
        return failure(cmd, list.error());
    if (ctx.options.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const Job &j : *list)
            array.append(j.toJson());
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    const auto counts = env->queue->counts();
    if (counts)
        printOut(QCoreApplication::translate("routing::app",
                                             "queue: %1 pending, %2 running, capacity %3\n")
                     .arg(counts->pending)
                     .arg(counts->running)
                     .arg(env->queue->policy().maxSize));
    //: Column headers of the job list; the rows below keep the English state names.
    printOut(QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                 .arg(column(QCoreApplication::translate("routing::app", "JOB"), -33),
                      column(QCoreApplication::translate("routing::app", "STATE"), -10),
                      column(QCoreApplication::translate("routing::app", "PROG"), 4),
                      column(QCoreApplication::translate("routing::app", "CREATED"), -19),
                      column(QCoreApplication::translate("routing::app", "BY"), -14),
                      QCoreApplication::translate("routing::app", "OUTCOME")));
    for (const Job &j : *list) {
        const QString outcome = !j.version.isEmpty() ? j.version
                                : j.error            ? j.error->toString()
                                                     : j.message;
        printOut(
            QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                .arg(j.id, -33)
                .arg(jobStateName(j.state), -10)
                .arg(QStringLiteral("%1%").arg(j.progress), 4)
                .arg(localTimeText(j.createdAt), -19)
                .arg(QStringLiteral("%1/%2").arg(jobSourceName(j.source), j.requestedBy).left(14),
                     -14)
                .arg(outcome.left(120)));
    }
    return ExitOk;
}

int runCancel(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("cancel");
    const QStringList args = ctx.options.positionalArguments();
    if (args.size() != 1)
        return usageError(cmd, QCoreApplication::translate(
                                   "routing::app", "takes exactly one JOB_ID (see `jobs`)"));
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    const auto job = env->queue->requestCancel(args.first(), AuditLog::currentOsUser());
    if (!job)
        return failure(cmd, job.error());
    if (job->state == JobState::Running) {
        qint64 pid = 0;
        if (JobLock::isHeld(ctx.config->stateDbPath(), &pid)) {
            printOut(
                QCoreApplication::translate(
                    "routing::app",
                    "cancel requested for %1; the console running it (pid %2) stops its worker\n")
                    .arg(job->id)
                    .arg(pid));
            return ExitOk;
        }
        recoverIfUnattended(*ctx.config, *env->queue);
        const auto after = env->queue->job(job->id);
        printOut(QStringLiteral("%1\n").arg(after && *after ? describe(**after) : job->id));
        return ExitOk;
    }
    printOut(describe(*job) + u'\n');
    return ExitOk;
}

int runWorker(const CommandContext &ctx)
{
    const QString dir = ctx.options.value(QStringLiteral("job"));
    if (dir.isEmpty())
        return usageError(QStringLiteral("worker"),
                          QCoreApplication::translate("routing::app", "--job DIR is required"));
    WorkerOptions options;
    options.watchStdin = ctx.options.isSet(QStringLiteral("watch-stdin"));
    return runTrainingWorker(*ctx.config, QDir(dir).absolutePath(), options);
}

} // namespace

QList<CommandSpec> jobCommands()
{
    CommandSpec train;
    train.name = QStringLiteral("train");
    train.summary = QT_TRANSLATE_NOOP(
        "routing::app",
        "Queue a training job; --wait runs it and exits 0 when deployed or kept, 3 when failed.");
    train.addOptions = [](QCommandLineParser &p) {
        p.addOption(
            {QStringLiteral("wait"),
             QCoreApplication::translate(
                 "routing::app",
                 "Run the queue here (or follow the console that runs it) until the job ends.")});
        p.addOption({QStringLiteral("reason"),
                     QCoreApplication::translate("routing::app",
                                                 "Why (recorded with the job and the version)."),
                     QStringLiteral("TEXT")});
        p.addOption(
            {QStringLiteral("as-of"),
             QCoreApplication::translate(
                 "routing::app", "Training time, YYYY-MM-DD[THH:MM:SS] (default: when it starts)."),
             QStringLiteral("TIME")});
        p.addOption({QStringLiteral("json"),
                     QCoreApplication::translate("routing::app", "Print the job as JSON.")});
    };
    train.run = runTrain;

    CommandSpec list;
    list.name = QStringLiteral("jobs");
    list.summary = QT_TRANSLATE_NOOP("routing::app", "List the training jobs (newest first).");
    list.addOptions = [](QCommandLineParser &p) {
        p.addOption(
            {QStringLiteral("json"), QCoreApplication::translate("routing::app", "Print JSON.")});
        p.addOption({QStringLiteral("limit"),
                     QCoreApplication::translate("routing::app", "At most N jobs (default 50)."),
                     QStringLiteral("N")});
    };
    list.run = runJobs;

    CommandSpec cancel;
    cancel.name = QStringLiteral("cancel");
    cancel.summary = QT_TRANSLATE_NOOP("routing::app", "Cancel a queued or running training job.");
    cancel.synopsis = QStringLiteral("JOB_ID");
    cancel.addOptions = [](QCommandLineParser &p) {
        p.addPositionalArgument(
            QStringLiteral("JOB_ID"),
            QCoreApplication::translate("routing::app", "The job (see `jobs`)."));
    };
    cancel.run = runCancel;

    CommandSpec worker;
    worker.name = QStringLiteral("worker");
    worker.summary = QT_TRANSLATE_NOOP("routing::app",
                                       "Internal: the training worker process the console starts.");
    worker.synopsis = QStringLiteral("--job DIR");
    worker.hidden = true;
    worker.addOptions = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("job"),
                     QCoreApplication::translate("routing::app",
                                                 "The job directory (data/training_jobs/<id>)."),
                     QStringLiteral("DIR")});
        p.addOption({QStringLiteral("watch-stdin"),
                     QCoreApplication::translate(
                         "routing::app", "End when stdin closes (the console went away).")});
    };
    worker.run = runWorker;

    return QList<CommandSpec>{train, list, cancel} + versionCommands() + QList<CommandSpec>{worker};
}

} // namespace routing::app
