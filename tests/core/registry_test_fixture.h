#pragma once

// Shared by the registry tests: hand-made artifact directories on real files, a loader that stands
// in for the ML engine (a model "loads" when model.txt starts with "ok"), and a fixture with a real
// state database and audit log in a temporary directory.

#include "core/audit/audit_log.h"
#include "core/registry/model_registry.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace registrytest {

using namespace routing;
using namespace routing::registry;

inline void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

/// A hand-made artifact directory: model.txt says whether it "loads", weights/w.bin is filler.
inline QString makeArtifact(const QString &dir, const QByteArray &modelText, int fillerBytes = 4096)
{
    writeFile(QDir(dir).filePath(QStringLiteral("model.txt")), modelText);
    QByteArray filler(fillerBytes, '\0');
    for (int i = 0; i < fillerBytes; ++i)
        filler[i] = char((i * 7919 + modelText.size()) & 0xff);
    writeFile(QDir(dir).filePath(QStringLiteral("weights/w.bin")), filler);
    return dir;
}

/// Stands in for the ML loader: a model "loads" when model.txt starts with "ok".
inline ModelLoader fakeLoader()
{
    return [](const QString &dir) -> Result<std::shared_ptr<const ml::RoutingModel>> {
        QFile f(QDir(dir).filePath(QStringLiteral("model.txt")));
        if (!f.open(QIODevice::ReadOnly))
            return fail(ErrorCode::ModelNotFound, QStringLiteral("model.txt is missing"));
        const QByteArray text = f.readAll();
        if (!text.startsWith("ok"))
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("the model does not load: model.txt says '%1'")
                            .arg(QString::fromUtf8(text)));
        return std::shared_ptr<const ml::RoutingModel>();
    };
}

inline void flipByte(const QString &path, qint64 offset)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(offset));
    char c = 0;
    QVERIFY(f.getChar(&c));
    QVERIFY(f.seek(offset));
    QVERIFY(f.putChar(char(c ^ 0x5a)));
}

/// Everything a registry needs, in one temporary directory.
struct Fixture
{
    QTemporaryDir dir;
    StateStore state{dir.filePath(QStringLiteral("state.db"))};
    AuditLog audit{dir.filePath(QStringLiteral("audit.jsonl"))};
    QDateTime now{QDate(2025, 6, 30), QTime(14, 30, 0)};
    int artifacts = 0;

    Fixture() { QVERIFY(state.open().has_value()); }

    QString modelsDir() const { return dir.filePath(QStringLiteral("models")); }

    ModelRegistry::Options options(ModelLoader loader = fakeLoader())
    {
        ModelRegistry::Options o;
        o.modelsDir = modelsDir();
        o.keepVersions = 10;
        o.probationCycles = 2;
        o.autoRollback = true;
        o.loader = std::move(loader);
        o.clock = [this] { return now; };
        return o;
    }

    /// Registers a fresh artifact; the clock moves on a second unless `sameSecond`.
    QString add(ModelRegistry &r, const QByteArray &modelText = "ok", bool sameSecond = false)
    {
        if (!sameSecond)
            now = now.addSecs(1);
        ++artifacts;
        const QString src = makeArtifact(dir.filePath(QStringLiteral("src%1").arg(artifacts)),
                                         modelText + ' ' + QByteArray::number(artifacts));
        NewVersion v;
        v.sourceDir = src;
        v.creator = QStringLiteral("tester");
        v.reason = QStringLiteral("artifact %1").arg(artifacts);
        v.jobId = QStringLiteral("job_%1").arg(artifacts);
        v.metrics = QJsonObject{{QStringLiteral("selected"), QStringLiteral("baseline")}};
        v.trainingSummary = QJsonObject{{QStringLiteral("rows"), artifacts * 100}};
        const auto name = r.addVersion(v);
        if (!name) {
            qWarning().noquote() << name.error().toString();
            return {};
        }
        return *name;
    }

    int countRows(const QString &sql)
    {
        auto db = state.connectionForThread();
        QSqlQuery q(*db);
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toInt();
    }
};

inline bool runsAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

} // namespace registrytest
