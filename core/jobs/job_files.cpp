#include "core/jobs/job_files.h"

#include "core/common/atomic_file.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

namespace routing::jobs {

QString jobsRoot(const AppConfig &config)
{
    return QDir(config.dataDir()).filePath(QStringLiteral("training_jobs"));
}

QString jobDirectory(const AppConfig &config, const QString &jobId)
{
    return QDir(jobsRoot(config)).filePath(jobId);
}

QJsonObject JobSpec::toJson() const
{
    return QJsonObject{{QStringLiteral("schema_version"), 1},
                       {QStringLiteral("job_id"), jobId},
                       {QStringLiteral("attempt"), attempt},
                       {QStringLiteral("as_of"),
                        asOf.isValid() ? QJsonValue(asOf.toString(Qt::ISODate)) : QJsonValue()},
                       {QStringLiteral("live_version"), liveVersion},
                       {QStringLiteral("live_dir"), liveDir},
                       {QStringLiteral("requested_by"), requestedBy},
                       {QStringLiteral("reason"), reason}};
}

Result<JobSpec> JobSpec::read(const QString &jobDir)
{
    const QString path = QDir(jobDir).filePath(QString::fromLatin1(kFileName));
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(*bytes, &error).object();
    if (error.error != QJsonParseError::NoError ||
        o.value(QStringLiteral("schema_version")).toInt() != 1)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("%1 is not a job specification (schema_version 1)").arg(path));
    JobSpec s;
    s.jobId = o.value(QStringLiteral("job_id")).toString();
    s.attempt = o.value(QStringLiteral("attempt")).toInt(1);
    s.asOf = QDateTime::fromString(o.value(QStringLiteral("as_of")).toString(), Qt::ISODate);
    s.liveVersion = o.value(QStringLiteral("live_version")).toString();
    s.liveDir = o.value(QStringLiteral("live_dir")).toString();
    s.requestedBy = o.value(QStringLiteral("requested_by")).toString();
    s.reason = o.value(QStringLiteral("reason")).toString();
    if (s.jobId.isEmpty())
        return fail(ErrorCode::InvalidData, QStringLiteral("%1 names no job_id").arg(path));
    return s;
}

Status JobSpec::write(const QString &jobDir) const
{
    return writeFileAtomically(QDir(jobDir).filePath(QString::fromLatin1(kFileName)),
                               QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
}

WorkerMessage WorkerMessage::parse(const QByteArray &line)
{
    WorkerMessage m;
    const QJsonDocument doc = QJsonDocument::fromJson(line.trimmed());
    if (!doc.isObject()) {
        m.message = QString::fromUtf8(line.trimmed());
        return m;
    }
    const QJsonObject o = doc.object();
    const QString type = o.value(QStringLiteral("type")).toString();
    m.percent = o.value(QStringLiteral("percent")).toInt();
    m.step = o.value(QStringLiteral("step")).toString();
    m.message = o.value(QStringLiteral("message")).toString();
    if (type == QLatin1String("progress")) {
        m.type = Type::Progress;
    } else if (type == QLatin1String("result")) {
        m.type = Type::Result;
        m.step = o.value(QStringLiteral("decision")).toString();
    } else if (type == QLatin1String("error")) {
        m.type = Type::Error;
        m.error = Error{static_cast<ErrorCode>(
                            o.value(QStringLiteral("code")).toInt(int(ErrorCode::TrainingFailed))),
                        m.message};
    }
    return m;
}

QByteArray WorkerMessage::progressLine(int percent, const QString &step, const QString &message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("progress")},
                                     {QStringLiteral("percent"), percent},
                                     {QStringLiteral("step"), step},
                                     {QStringLiteral("message"), message}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

QByteArray WorkerMessage::resultLine(const QString &decision, const QString &message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("result")},
                                     {QStringLiteral("decision"), decision},
                                     {QStringLiteral("message"), message}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

QByteArray WorkerMessage::errorLine(const Error &error)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                     {QStringLiteral("code"), int(error.code)},
                                     {QStringLiteral("message"), error.message}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

void JobStateFile::addLog(const QString &message)
{
    m_logs.append({QDateTime::currentDateTimeUtc(), message});
    if (m_logs.size() > 200)
        m_logs.removeFirst();
}

Status JobStateFile::write(const Job &job) const
{
    QJsonArray logs;
    for (const auto &[time, message] : m_logs)
        logs.append(QJsonObject{{QStringLiteral("timestamp"), time.toString(Qt::ISODateWithMs)},
                                {QStringLiteral("message"), message}});
    QJsonObject o = job.toJson();
    // The original's field names (operator manual §4.2), next to ours.
    o.insert(QStringLiteral("job_id"), job.id);
    o.insert(QStringLiteral("status"), jobStateName(job.state));
    o.insert(QStringLiteral("current_step"), job.step);
    o.insert(QStringLiteral("completed_at"),
             job.finishedAt.isValid() ? QJsonValue(job.finishedAt.toString(Qt::ISODateWithMs))
                                      : QJsonValue());
    o.insert(QStringLiteral("error_message"),
             job.error ? QJsonValue(job.error->message) : QJsonValue());
    o.insert(QStringLiteral("logs"), logs);
    return writeFileAtomically(QDir(m_dir).filePath(QStringLiteral("state.json")),
                               QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace routing::jobs
