#pragma once

// Shared by the command-line tests of training jobs and the registry: a console's world (its own
// state database, models and job folders on a shared demo plant) driven through the real
// routing-console executable.

#include "tests/support/test_paths.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace clitest {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline QProcessEnvironment baseEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ROUTING_CONSOLE_CONFIG"));
    env.remove(QStringLiteral("ROUTING_CONSOLE_TEST_CRASH_AT"));
    env.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("PASSIVE"));
    return env;
}

/// A console's world: its own state database, models and job folders, on the shared demo plant.
class Console
{
public:
    explicit Console(const QString &plant, const QString &modelsDir = {})
    {
        // Fast and strict: the baseline candidate only (seconds). Slow: XGBoost with enough rounds
        // that a job is still training when a test reaches for it.
        const QByteArray paths =
            modelsDir.isEmpty() ? QByteArray("paths: {base_dir: ..}\n")
                                : "paths: {base_dir: .., models: \"" + modelsDir.toUtf8() + "\"}\n";
        const QByteArray common = paths + "database: {path: \"" + plant.toUtf8() +
                                  "\"}\n"
                                  "queue: {max_retries: 0, retry_backoff_seconds: 1}\n";
        // Fast deploys what is at least 1 % better (the drift makes the new model far better);
        // strict wants 50 %, so a retraining on the same data is kept out on purpose.
        write(QStringLiteral("config/fast.yaml"),
              common + "training: {model_candidates: [baseline], history_days: 365, "
                       "min_improvement_pct: 1.0}\n");
        write(QStringLiteral("config/strict.yaml"),
              common + "training: {model_candidates: [baseline], history_days: 365, "
                       "min_improvement_pct: 50.0}\n");
        write(QStringLiteral("config/slow.yaml"),
              common + "training:\n  model_candidates: [baseline, xgboost]\n  history_days: 365\n"
                       "  xgboost: {max_depth: 6, num_rounds: 2000, early_stopping_rounds: 2000, "
                       "nthread: 1}\n");
    }

    QString path(const QString &rel) const { return m_dir.filePath(rel); }

    enum Config { Fast, Slow, Strict };

    Run run(const QStringList &args, Config cfg = Fast, const QString &crashAt = {}) const
    {
        QProcess p;
        QProcessEnvironment env = baseEnvironment();
        if (!crashAt.isEmpty())
            env.insert(QStringLiteral("ROUTING_CONSOLE_TEST_CRASH_AT"), crashAt);
        p.setProcessEnvironment(env);
        p.start(routing::test::consoleBinary(),
                QStringList{QStringLiteral("--config"), config(cfg)} + args);
        if (!p.waitForFinished(120000))
            return {};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    /// Starts a long command and leaves it running.
    std::unique_ptr<QProcess> start(const QStringList &args, Config cfg = Slow) const
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(baseEnvironment());
        p->start(routing::test::consoleBinary(),
                 QStringList{QStringLiteral("--config"), config(cfg)} + args);
        return p;
    }

    QJsonObject versions() const
    {
        return QJsonDocument::fromJson(
                   run({QStringLiteral("versions"), QStringLiteral("--json")}).out.toUtf8())
            .object();
    }
    QJsonArray jobs() const
    {
        return QJsonDocument::fromJson(
                   run({QStringLiteral("jobs"), QStringLiteral("--json")}).out.toUtf8())
            .array();
    }
    QString active() const { return versions().value(QStringLiteral("active_version")).toString(); }
    QStringList versionNames() const
    {
        QStringList names;
        for (const QJsonValue &v : versions().value(QStringLiteral("versions")).toArray())
            names << v.toObject().value(QStringLiteral("version")).toString();
        return names;
    }
    /// Waits until the only job is RUNNING and `ready` says it is far enough.
    QJsonObject waitForRunningJob(const std::function<bool(const QJsonObject &)> &ready,
                                  int timeoutMs = 60000) const
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            for (const QJsonValue &v : jobs()) {
                const QJsonObject j = v.toObject();
                if (j.value(QStringLiteral("state")).toString() == QLatin1String("RUNNING") &&
                    ready(j))
                    return j;
            }
            QTest::qWait(100);
        }
        return {};
    }

private:
    QString config(Config cfg) const
    {
        return path(cfg == Slow     ? QStringLiteral("config/slow.yaml")
                    : cfg == Strict ? QStringLiteral("config/strict.yaml")
                                    : QStringLiteral("config/fast.yaml"));
    }
    void write(const QString &rel, const QByteArray &text)
    {
        QDir().mkpath(QFileInfo(path(rel)).absolutePath());
        QFile f(path(rel));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
    }

    QTemporaryDir m_dir;
};

inline QStringList hiddenEntries(const QString &dir)
{
    return QDir(dir).entryList(
        {QStringLiteral(".staging-*"), QStringLiteral(".deleting-*"), QStringLiteral(".*.tmp-*")},
        QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
}

inline QStringList train(const QString &asOf, const QString &reason)
{
    return {QStringLiteral("train"),    QStringLiteral("--wait"),
            QStringLiteral("--as-of"),  asOf,
            QStringLiteral("--reason"), reason};
}

inline const QString kBeforeDrift = QStringLiteral("2025-05-01");
inline const QString kAfterDrift = QStringLiteral("2025-06-30");

/// The plant every test trains on: 400 items, two years up to 2025-06-30, the drift from
/// 2025-05-16. Returns its path, "" when it could not be generated.
inline QString makeDemoPlant(const QTemporaryDir &root)
{
    const QString plant = root.filePath(QStringLiteral("plant.db"));
    const QString cfg = root.filePath(QStringLiteral("config/init.yaml"));
    QDir().mkpath(QFileInfo(cfg).absolutePath());
    QFile f(cfg);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write("paths: {base_dir: ..}\n");
    f.close();
    QProcess p;
    p.setProcessEnvironment(baseEnvironment());
    p.start(routing::test::consoleBinary(),
            {QStringLiteral("--config"), cfg, QStringLiteral("init-demo"),
             QStringLiteral("--items"), QStringLiteral("400"), QStringLiteral("--seed"),
             QStringLiteral("7"), QStringLiteral("--end-date"), kAfterDrift,
             QStringLiteral("--out"), plant});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return plant;
}

} // namespace clitest
