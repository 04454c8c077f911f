// The model registry after interruptions: what a crash at each step leaves behind and how open()
// recovers it, the registry file and the state database reconciling, a full disk while a version is
// written (a real size-limited tmpfs, when run as root), and probation with automatic rollback.

#include "tests/core/registry_test_fixture.h"

#include "core/registry/registry_file.h"

#include <QProcess>
#include <QScopeGuard>

using namespace registrytest;

class TestModelRegistryRecovery final : public QObject
{
    Q_OBJECT

private slots:
    void interruptedChangesAreRecoveredAtOpen()
    {
        Fixture fx;
        QString v1, v2;
        {
            ModelRegistry r(fx.options(), fx.state, &fx.audit);
            QVERIFY(r.open().has_value());
            v1 = fx.add(r);
            QVERIFY(r.activate(v1, QStringLiteral("op"), QStringLiteral("live")).has_value());
            // "Died" between writing a version and switching the pointer: v2 is complete, not
            // active.
            v2 = fx.add(r);
        }
        // What other interruptions leave: a half-copied staging directory, a half-deleted version,
        // and a version-like directory without a manifest (a hand copy).
        makeArtifact(
            fx.dir.filePath(QStringLiteral("models/.staging-version_20250630_150000-deadbeef")),
            "ok");
        makeArtifact(
            fx.dir.filePath(QStringLiteral("models/.deleting-version_20250101_000000-cafebabe")),
            "ok");
        makeArtifact(fx.dir.filePath(QStringLiteral("models/version_20240101_000000")), "ok");

        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        QVERIFY(!QFileInfo::exists(
            fx.dir.filePath(QStringLiteral("models/.staging-version_20250630_150000-deadbeef"))));
        QVERIFY(!QFileInfo::exists(
            fx.dir.filePath(QStringLiteral("models/.deleting-version_20250101_000000-cafebabe"))));
        QStringList listed;
        const QList<VersionInfo> all = r.versions().value();
        for (const VersionInfo &i : all)
            listed << i.version;
        QCOMPARE(listed, (QStringList{v2, v1})); // the manifest-less directory is invisible
        QCOMPARE(r.pointer()->active, v1);       // the pointer names the complete, verified v1
        QVERIFY(r.verify(v1).has_value());
        QVERIFY(
            r.activate(v2, QStringLiteral("op"), QStringLiteral("finish the deploy")).has_value());
    }

    void registryFileAndDatabaseReconcile()
    {
        Fixture fx;
        QString v1, v2;
        {
            ModelRegistry r(fx.options(), fx.state, &fx.audit);
            QVERIFY(r.open().has_value());
            v1 = fx.add(r);
            v2 = fx.add(r);
            QVERIFY(r.activate(v1, QStringLiteral("op"), QStringLiteral("1")).has_value());
        }
        // "Died" after the registry file (the commit point) was written, before the database
        // mirror.
        const QString path = fx.dir.filePath(QStringLiteral("models/manifest.json"));
        auto doc = RegistryDocument::read(path).value().value();
        ActivationRecord rec{
            2, fx.now, v1, v2, QStringLiteral("op"), QStringLiteral("2"), ActivationKind::Manual};
        doc.history << rec;
        doc.pointer = RegistryDocument::pointerFromHistory(doc.history);
        QVERIFY(doc.write(path).has_value());
        {
            ModelRegistry r(fx.options(), fx.state, &fx.audit);
            QVERIFY(r.open().has_value());
            QCOMPARE(fx.countRows(QStringLiteral("SELECT COUNT(*) FROM model_activations")), 2);
            QCOMPARE(fx.state.value(QStringLiteral("registry.active_version")).value(), v2);
        }
        // The file lost (or damaged from outside): rebuilt from the database.
        writeFile(path, "{ not json");
        {
            ModelRegistry r(fx.options(), fx.state, &fx.audit);
            QVERIFY(r.open().has_value());
            QCOMPARE(r.pointer()->active, v2);
            QCOMPARE(r.pointer()->previous, v1);
            QCOMPARE(r.history()->size(), 2);
            QCOMPARE(QDir(fx.modelsDir())
                         .entryList({QStringLiteral("manifest.json.damaged-*")}, QDir::Files)
                         .size(),
                     1);
        }
    }

    void fullDiskWhileWritingAVersion()
    {
        if (!runsAsRoot())
            QSKIP("mounting a size-limited tmpfs needs root; run the test as root to exercise a "
                  "full disk");
        Fixture fx;
        QDir().mkpath(fx.modelsDir());
        QProcess mount;
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=256k"), QStringLiteral("tmpfs"), fx.modelsDir()});
        QVERIFY(mount.waitForFinished(10000));
        if (mount.exitCode() != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs here: %1")
                                 .arg(QString::fromUtf8(mount.readAllStandardError()))));
        const auto unmount =
            qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {fx.modelsDir()}); });

        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        const QString live = fx.add(r);
        QVERIFY(!live.isEmpty());
        QVERIFY(r.activate(live, QStringLiteral("op"), QStringLiteral("live")).has_value());

        const QString big = makeArtifact(fx.dir.filePath(QStringLiteral("big")), "ok", 600 * 1024);
        NewVersion v;
        v.sourceDir = big;
        v.moveSource = true; // another file system: copied, and the source stays on failure
        v.creator = QStringLiteral("op");
        v.reason = QStringLiteral("too big");
        const auto added = r.addVersion(v);
        QVERIFY(!added.has_value());
        QCOMPARE(added.error().code, ErrorCode::Io);
        QVERIFY2(added.error().message.contains(QStringLiteral("No space left on device")),
                 qPrintable(added.error().message));
        // Nothing partial, the live model untouched and intact, the source kept.
        QCOMPARE(QDir(fx.modelsDir()).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{live});
        QCOMPARE(r.versions()->size(), 1);
        QCOMPARE(r.pointer()->active, live);
        QVERIFY(r.verify(live).has_value());
        QVERIFY(QFile::exists(QDir(big).filePath(QStringLiteral("weights/w.bin"))));
    }

    void probationRollsBackOnCriticalCycle()
    {
        Fixture fx;
        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        const QString v1 = fx.add(r), v2 = fx.add(r), v3 = fx.add(r);
        QVERIFY(r.activate(v1, QStringLiteral("op"), QStringLiteral("1"), ActivationKind::Deploy)
                    .has_value());
        // The first version ever activated has nothing to roll back to: no probation.
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c1"), v1, true, {})->kind,
                 ProbationVerdict::Kind::NoProbation);
        QVERIFY(!r.probation()->has_value());

        QVERIFY(r.activate(v2, QStringLiteral("job"), QStringLiteral("2"), ActivationKind::Deploy)
                    .has_value());
        // v2 passes: two quiet cycles.
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c2"), v2, false, {})->kind,
                 ProbationVerdict::Kind::Watching);
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c3"), QString(), false, {})->kind,
                 ProbationVerdict::Kind::Passed);
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c3b"), v2, true, {})->kind,
                 ProbationVerdict::Kind::NoProbation);

        QVERIFY(r.activate(v3, QStringLiteral("job"), QStringLiteral("3"), ActivationKind::Deploy)
                    .has_value());
        // A cycle that evaluated the old model (before the hot swap) does not count.
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c4"), v2, true, {})->kind,
                 ProbationVerdict::Kind::OtherModel);
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c5"), v3, false, {})->kind,
                 ProbationVerdict::Kind::Watching);
        const auto verdict = r.recordEvaluationCycle(QStringLiteral("c6"), v3, true,
                                                     QStringLiteral("MAE 12.3 >= 10"));
        QVERIFY(verdict.has_value());
        QCOMPARE(verdict->kind, ProbationVerdict::Kind::RolledBack);
        QVERIFY(verdict->rollback.has_value());
        QCOMPARE(verdict->rollback->kind, ActivationKind::AutoRollback);
        QCOMPARE(verdict->rollback->actor, QStringLiteral("system"));
        QVERIFY(verdict->rollback->reason.contains(QStringLiteral("MAE 12.3 >= 10")));
        QVERIFY(verdict->rollback->reason.contains(QStringLiteral("c6")));
        QCOMPARE(r.pointer()->active, v2);
        QCOMPARE(r.probation()->value().state, ProbationState::State::RolledBack);
        // A rollback starts no probation; the next deploy does.
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c7"), v2, true, {})->kind,
                 ProbationVerdict::Kind::NoProbation);

        // With auto_rollback off the critical cycle is reported, the pointer stays.
        auto o = fx.options();
        o.autoRollback = false;
        ModelRegistry manual(o, fx.state, &fx.audit);
        QVERIFY(
            manual.activate(v1, QStringLiteral("job"), QStringLiteral("4"), ActivationKind::Deploy)
                .has_value());
        const auto failed =
            manual.recordEvaluationCycle(QStringLiteral("c8"), v1, true, QStringLiteral("bad"));
        QCOMPARE(failed->kind, ProbationVerdict::Kind::Failed);
        QVERIFY(failed->detail.contains(QStringLiteral("auto_rollback")));
        QCOMPARE(manual.pointer()->active, v1);
    }
};

QTEST_GUILESS_MAIN(TestModelRegistryRecovery)
#include "test_model_registry_recovery.moc"
