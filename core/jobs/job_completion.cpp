#include "core/jobs/job_completion.h"

#include "core/common/atomic_file.h"
#include "core/jobs/job_files.h"
#include "core/jobs/jobs_logging.h"
#include "core/registry/file_tree.h"
#include "core/registry/model_registry.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace routing::jobs {

AttemptOutcome completeTrainedJob(const Job &job, const QString &jobDir,
                                  registry::ModelRegistry &registry)
{
    AttemptOutcome o;
    o.state = JobState::Failed;
    const auto failed = [&](const Error &error) {
        o.state = JobState::Failed;
        o.error = error;
        o.message = error.message;
        return o;
    };
    const QString resultPath = QDir(jobDir).filePath(QString::fromLatin1(kResultFile));
    const auto bytes = readWholeFile(resultPath);
    if (!bytes)
        return failed(
            {ErrorCode::TrainingFailed,
             QStringLiteral("the worker ended without a result: %1").arg(bytes.error().message)});
    const QJsonObject result = QJsonDocument::fromJson(*bytes).object();
    if (result.value(QStringLiteral("job_id")).toString() != job.id)
        return failed({ErrorCode::TrainingFailed,
                       QStringLiteral("%1 does not belong to job %2").arg(resultPath, job.id)});
    // The text table is for the job's file, not for the database row.
    o.result = result;
    o.result.remove(QStringLiteral("text"));
    o.decision = result.value(QStringLiteral("decision")).toString();
    const QString reason = result.value(QStringLiteral("reason")).toString();
    const QString candidate = QDir(jobDir).filePath(QString::fromLatin1(kCandidateDir));

    if (!result.value(QStringLiteral("proposed")).toBool()) {
        files::removeTree(candidate);
        o.state = JobState::Skipped;
        o.message = reason.isEmpty() ? QStringLiteral("kept the live model") : reason;
        return o;
    }
    if (result.value(QStringLiteral("candidate")).toString().isEmpty() ||
        !QFileInfo(candidate).isDir())
        return failed({ErrorCode::TrainingFailed,
                       QStringLiteral("the worker proposed a model but wrote no candidate in %1")
                           .arg(candidate)});

    registry::NewVersion spec;
    spec.sourceDir = candidate;
    spec.moveSource = true;
    spec.creator = job.requestedBy;
    spec.reason = job.reason.isEmpty() ? reason : QStringLiteral("%1 — %2").arg(job.reason, reason);
    spec.jobId = job.id;
    spec.parent = result.value(QStringLiteral("live_version")).toString();
    spec.metrics = result.value(QStringLiteral("metrics")).toObject();
    QJsonObject summary = result.value(QStringLiteral("summary")).toObject();
    summary.insert(QStringLiteral("job"),
                   QJsonObject{{QStringLiteral("id"), job.id},
                               {QStringLiteral("attempt"), job.attempts},
                               {QStringLiteral("source"), jobSourceName(job.source)},
                               {QStringLiteral("cycle_id"), job.cycleId},
                               {QStringLiteral("decision"), o.decision},
                               {QStringLiteral("improvement_pct"),
                                result.value(QStringLiteral("improvement_pct"))}});
    spec.trainingSummary = summary;
    const auto version = registry.addVersion(spec);
    if (!version)
        return failed({version.error().code,
                       QStringLiteral("the new model could not be stored, the live model stays: %1")
                           .arg(version.error().message)});
    const auto activated =
        registry.activate(*version, job.requestedBy, spec.reason, registry::ActivationKind::Deploy);
    if (!activated)
        return failed({activated.error().code,
                       QStringLiteral("version %1 was stored but not activated, the live model "
                                      "stays: %2")
                           .arg(*version, activated.error().message)});
    if (const auto removed = registry.cleanup(0, QStringLiteral("system")); !removed)
        qCWarning(lcJobs).noquote()
            << "retention after deploying" << *version << "failed:" << removed.error().toString();
    o.version = *version;
    o.state = JobState::Succeeded;
    o.message = QStringLiteral("deployed %1: %2").arg(*version, reason);
    return o;
}

} // namespace routing::jobs
