#pragma once

// The files of a job under data/training_jobs/<id>/:
//   job.json      what the worker is to do (written by the runner before it starts the worker)
//   state.json    the job's state as the runner sees it, rewritten atomically on every change
//   result.json   what the worker produced (written atomically by the worker at the end)
//   candidate/    the trained artifact directory (appears complete or not at all)
// and the JSON Lines the worker writes to its stdout.

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/jobs/job_types.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace routing::jobs {

/// data/training_jobs
QString jobsRoot(const AppConfig &config);
/// data/training_jobs/<id>
QString jobDirectory(const AppConfig &config, const QString &jobId);

inline constexpr const char *kCandidateDir = "candidate";
inline constexpr const char *kResultFile = "result.json";

/// job.json: the worker's instructions.
struct JobSpec
{
    static constexpr const char *kFileName = "job.json";
    QString jobId;
    int attempt = 1;
    QDateTime asOf;      ///< invalid: now
    QString liveVersion; ///< the version live when the job started ("" = none)
    QString liveDir;     ///< its directory, to compare the candidate with
    QString requestedBy;
    QString reason;

    QJsonObject toJson() const;
    static Result<JobSpec> read(const QString &jobDir);
    Status write(const QString &jobDir) const;
};

/// One line of the worker's stdout.
struct WorkerMessage
{
    enum class Type { Progress, Result, Error, Unknown };
    Type type = Type::Unknown;
    int percent = 0;
    QString step;
    QString message;
    Error error;

    static WorkerMessage parse(const QByteArray &line);
    static QByteArray progressLine(int percent, const QString &step, const QString &message);
    static QByteArray resultLine(const QString &decision, const QString &message);
    static QByteArray errorLine(const Error &error);
};

/// state.json, for operators (operator manual §4.2: `tail data/training_jobs/<id>/state.json`).
class JobStateFile final
{
public:
    explicit JobStateFile(QString jobDir) : m_dir(std::move(jobDir)) {}
    void addLog(const QString &message);
    Status write(const Job &job) const;

private:
    QString m_dir;
    QList<std::pair<QDateTime, QString>> m_logs; ///< the last 200
};

} // namespace routing::jobs
