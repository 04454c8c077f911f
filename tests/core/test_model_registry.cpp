// The model registry on real files and a real state database: manifests and checksums, the
// activation history, verify-before-activate, rollback to the previously active version,
// retention, and the real ML loader's smoke test on a trained model. Recovery, a full disk and
// probation: test_model_registry_recovery.cpp.

#include "tests/core/registry_test_fixture.h"

#include "core/data/demo_plant_generator.h"
#include "core/data/erp_database.h"
#include "core/ml/erp_training_source.h"
#include "core/ml/routing_model.h"
#include "core/ml/trainer.h"
#include "core/registry/golden_items.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace registrytest;

class TestModelRegistry final : public QObject
{
    Q_OBJECT

private slots:
    void versionDirectoriesAndManifest()
    {
        Fixture fx;
        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        const QString a = fx.add(r);
        const QString b = fx.add(r, "ok", true); // same second: suffixed
        const QString c = fx.add(r, "ok", true);
        QCOMPARE(a, QStringLiteral("version_20250630_143001"));
        QCOMPARE(b, QStringLiteral("version_20250630_143001_2"));
        QCOMPARE(c, QStringLiteral("version_20250630_143001_3"));

        // Every file is listed with its own sha256 and size; manifest.json says who, why, parent.
        const auto m = VersionManifest::read(r.versionDir(a));
        QVERIFY2(m.has_value(), qPrintable(m ? QString() : m.error().message));
        QCOMPARE(m->schemaVersion, 1);
        QCOMPARE(m->version, a);
        QCOMPARE(m->creator, QStringLiteral("tester"));
        QCOMPARE(m->reason, QStringLiteral("artifact 1"));
        QCOMPARE(m->jobId, QStringLiteral("job_1"));
        QCOMPARE(m->parent, QString()); // nothing was live
        QCOMPARE(m->trainingSummary.value(QStringLiteral("rows")).toInt(), 100);
        QCOMPARE(m->artifacts.size(), 2);
        for (const ArtifactEntry &e : m->artifacts) {
            QFile f(QDir(r.versionDir(a)).filePath(e.path));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QCOMPARE(e.bytes, bytes.size());
            QCOMPARE(e.sha256,
                     QString::fromLatin1(
                         QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        }
        // The source was copied (moveSource false), so it is still there.
        QVERIFY(QFile::exists(fx.dir.filePath(QStringLiteral("src1/model.txt"))));

        QVERIFY(r.activate(a, QStringLiteral("tester"), QStringLiteral("first")).has_value());
        const QString d = fx.add(r);
        QCOMPARE(VersionManifest::read(r.versionDir(d))->parent,
                 a); // the version live when it was made

        const auto list = r.versions();
        QVERIFY(list.has_value());
        QCOMPARE(list->size(), 4);
        QCOMPARE(list->first().version, d); // newest first
        QCOMPARE(fx.countRows(QStringLiteral("SELECT COUNT(*) FROM model_versions")), 4);
    }

    void selectedCandidateFigureFromTheMetrics()
    {
        VersionManifest m;
        QCOMPARE(m.selectedTrimmedMae(), (std::pair<QString, std::optional<double>>{}));
        m.metrics = QJsonObject{
            {QStringLiteral("selected"), QStringLiteral("xgboost")},
            {QStringLiteral("candidates"),
             QJsonObject{{QStringLiteral("xgboost"),
                          QJsonObject{{QStringLiteral("validation"),
                                       QJsonObject{{QStringLiteral("trimmed_mae"), 7.29}}}}},
                         {QStringLiteral("baseline"),
                          QJsonObject{{QStringLiteral("validation"),
                                       QJsonObject{{QStringLiteral("trimmed_mae"), 9.5}}}}}}}};
        QCOMPARE(m.selectedTrimmedMae(),
                 (std::pair<QString, std::optional<double>>{QStringLiteral("xgboost"), 7.29}));
        m.metrics.insert(QStringLiteral("selected"), QStringLiteral("mlp")); // no figures for it
        QCOMPARE(m.selectedTrimmedMae(),
                 (std::pair<QString, std::optional<double>>{QStringLiteral("mlp"), std::nullopt}));
    }

    void activationHistoryAndRollbackToPreviouslyActive()
    {
        Fixture fx;
        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        const QString v1 = fx.add(r), v2 = fx.add(r), v3 = fx.add(r);
        QVERIFY(!r.rollback(QStringLiteral("op"), QStringLiteral("nothing yet")).has_value());
        QVERIFY(r.activate(v1, QStringLiteral("job-owner"), QStringLiteral("deploy 1"),
                           ActivationKind::Deploy)
                    .has_value());
        QVERIFY(
            r.activate(v3, QStringLiteral("alice"), QStringLiteral("try 3"), ActivationKind::Manual)
                .has_value());
        QVERIFY(r.activate(v1, QStringLiteral("bob"), QStringLiteral("back to 1"),
                           ActivationKind::Manual)
                    .has_value());
        QCOMPARE(r.activate(v1, QStringLiteral("bob"), QStringLiteral("again")).error().code,
                 ErrorCode::InvalidData);

        // By name the version before v1 would be none and the newest v3 would be "latest"; the
        // history says v3 was live before v1.
        const auto rolled = r.rollback(QStringLiteral("carol"), QStringLiteral("v1 is bad"));
        QVERIFY2(rolled.has_value(), qPrintable(rolled ? QString() : rolled.error().message));
        QCOMPARE(rolled->record.from, v1);
        QCOMPARE(rolled->record.to, v3);
        QCOMPARE(rolled->record.kind, ActivationKind::Rollback);
        Q_UNUSED(v2);

        const auto history = r.history();
        QVERIFY(history.has_value());
        QCOMPARE(history->size(), 4);
        QCOMPARE(history->at(0).kind, ActivationKind::Deploy);
        QCOMPARE(history->at(0).from, QString());
        QCOMPARE(history->at(1).actor, QStringLiteral("alice"));
        QCOMPARE(history->at(3).reason, QStringLiteral("v1 is bad"));
        for (int i = 0; i < history->size(); ++i)
            QCOMPARE(history->at(i).seq, i + 1);

        // The registry file is what the manual reads: active_version and previous_version.
        QFile file(fx.dir.filePath(QStringLiteral("models/manifest.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("active_version")).toString(), v3);
        QCOMPARE(json.value(QStringLiteral("previous_version")).toString(), v1);
        QCOMPARE(json.value(QStringLiteral("history")).toArray().size(), 4);

        // Mirrored into the state database, where the history is append-only.
        QCOMPARE(fx.state.value(QStringLiteral("registry.active_version")).value(), v3);
        QCOMPARE(fx.countRows(QStringLiteral("SELECT COUNT(*) FROM model_activations")), 4);
        auto db = fx.state.connectionForThread();
        QSqlQuery q(*db);
        QVERIFY(!q.exec(QStringLiteral("UPDATE model_activations SET actor = 'mallory'")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM model_activations")));
        QCOMPARE(fx.countRows(QStringLiteral(
                     "SELECT COUNT(*) FROM model_activations WHERE actor = 'carol'")),
                 1);

        // Every change is in the audit log.
        const auto entries = fx.audit.readAll();
        QVERIFY(entries.has_value());
        QStringList actions;
        for (const AuditEntry &e : *entries)
            actions << e.action;
        QCOMPARE(actions.count(QStringLiteral("model.register")), 3);
        QCOMPARE(actions.count(QStringLiteral("model.deploy")), 1);
        QCOMPARE(actions.count(QStringLiteral("model.activate")), 2);
        QCOMPARE(actions.count(QStringLiteral("model.rollback")), 1);
    }

    void corruptVersionIsRefusedAndLiveModelStays_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("byte flipped") << "flip"
                                      << "checksum mismatch in weights/w.bin";
        QTest::newRow("file truncated") << "truncate"
                                        << "checksum mismatch in model.txt";
        QTest::newRow("file removed") << "remove"
                                      << "weights/w.bin is missing";
        QTest::newRow("file added") << "add"
                                    << "extra.bin is not in the manifest";
        QTest::newRow("manifest edited") << "manifest"
                                         << "checksum mismatch in manifest.json";
        QTest::newRow("does not load") << "noload"
                                       << "the model does not load";
    }

    void corruptVersionIsRefusedAndLiveModelStays()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        Fixture fx;
        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        const QString good = fx.add(r);
        const QString bad = fx.add(r, damage == QLatin1String("noload") ? "broken" : "ok");
        const QDir badDir(r.versionDir(bad));
        if (damage == QLatin1String("flip"))
            flipByte(badDir.filePath(QStringLiteral("weights/w.bin")), 100);
        else if (damage == QLatin1String("truncate"))
            QVERIFY(QFile(badDir.filePath(QStringLiteral("model.txt"))).resize(1));
        else if (damage == QLatin1String("remove"))
            QVERIFY(QFile::remove(badDir.filePath(QStringLiteral("weights/w.bin"))));
        else if (damage == QLatin1String("add"))
            writeFile(badDir.filePath(QStringLiteral("extra.bin")), "x");
        else if (damage == QLatin1String("manifest"))
            writeFile(badDir.filePath(QStringLiteral("manifest.json")),
                      QJsonDocument(VersionManifest::read(badDir.path())->toJson())
                          .toJson(QJsonDocument::Compact));

        QVERIFY(r.activate(good, QStringLiteral("op"), QStringLiteral("live")).has_value());
        const auto refused = r.activate(bad, QStringLiteral("op"), QStringLiteral("try"));
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, ErrorCode::ModelNotFound);
        QVERIFY2(refused.error().message.contains(expected), qPrintable(refused.error().message));
        QCOMPARE(r.pointer()->active, good);
        QCOMPARE(r.history()->size(), 1);
        const auto info = r.version(bad);
        QVERIFY(info.has_value());
        QVERIFY(info->lastVerification.contains(expected));
    }

    void rollbackToCorruptPreviousIsRefused()
    {
        Fixture fx;
        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        const QString v1 = fx.add(r), v2 = fx.add(r);
        QVERIFY(r.activate(v1, QStringLiteral("op"), QStringLiteral("1"), ActivationKind::Deploy)
                    .has_value());
        QVERIFY(r.activate(v2, QStringLiteral("op"), QStringLiteral("2"), ActivationKind::Deploy)
                    .has_value());
        flipByte(QDir(r.versionDir(v1)).filePath(QStringLiteral("model.txt")), 0);
        const auto refused = r.rollback(QStringLiteral("op"), QStringLiteral("back"));
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, ErrorCode::ModelNotFound);
        QVERIFY2(refused.error().message.contains(QStringLiteral("checksum mismatch in model.txt")),
                 qPrintable(refused.error().message));
        QCOMPARE(r.pointer()->active, v2);
        QCOMPARE(r.pointer()->previous, v1);
        // The refusal is audited.
        bool audited = false;
        const QList<AuditEntry> entries = fx.audit.readAll().value();
        for (const AuditEntry &e : entries)
            audited =
                audited || (e.action == QLatin1String("model.rollback.refused") && e.target == v1);
        QVERIFY(audited);
    }

    void retentionNeverDeletesActiveOrPrevious()
    {
        Fixture fx;
        ModelRegistry r(fx.options(), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        QStringList v;
        for (int i = 0; i < 6; ++i)
            v << fx.add(r);
        QVERIFY(r.activate(v[0], QStringLiteral("op"), QStringLiteral("a")).has_value());
        QVERIFY(r.activate(v[1], QStringLiteral("op"), QStringLiteral("b"))
                    .has_value()); // active v1, previous v0
        const auto removed = r.cleanup(2, QStringLiteral("op"));
        QVERIFY(removed.has_value());
        QCOMPARE(*removed, (QStringList{v[3], v[2]}));
        QStringList left;
        const QList<VersionInfo> remaining = r.versions().value();
        for (const VersionInfo &i : remaining)
            left << i.version;
        QCOMPARE(left, (QStringList{v[5], v[4], v[1], v[0]}));
        QVERIFY(!QFileInfo::exists(r.versionDir(v[2])));
        QCOMPARE(fx.countRows(QStringLiteral(
                     "SELECT COUNT(*) FROM model_versions WHERE deleted_at IS NOT NULL")),
                 2);
        // Deleted names are never handed out again.
        fx.now = fx.now.addSecs(-3); // the second v[2] was made in
        const QString again = fx.add(r, "ok", true);
        QVERIFY2(again != v[2] && again.startsWith(v[2]), qPrintable(again));
        // keep 1 still keeps active and previous: v5 (newest), v1, v0 stay.
        QCOMPARE(*r.cleanup(1, QStringLiteral("op")), (QStringList{v[4], again}));
        QCOMPARE(r.versions()->size(), 3);
    }

    void realModelPassesSmokeTestAndWrongGoldenFails()
    {
        // A real (small) model from the real trainer, loaded and smoke-tested by the real loader.
        QTemporaryDir tmp;
        DemoPlantOptions plant;
        plant.items = 250;
        plant.seed = 11;
        plant.endDate = QDate(2025, 6, 30);
        plant.historyDays = 300;
        plant.outFile = tmp.filePath(QStringLiteral("plant.db"));
        QVERIFY(generateDemoPlant(plant).has_value());
        DatabaseConfig db;
        db.path = plant.outFile;
        ErpDatabase erp(db, QStringLiteral("registry-test"));
        const QDateTime asOf(QDate(2025, 6, 1), QTime(0, 0));
        auto data = ml::ErpTrainingSource(erp).load(asOf.addDays(-300), asOf);
        QVERIFY2(data.has_value(), qPrintable(data ? QString() : data.error().message));
        AppConfig config;
        config.training.modelCandidates = {QStringLiteral("baseline")};
        config.training.historyDays = 300;
        const QString artifact = tmp.filePath(QStringLiteral("candidate"));
        auto trained =
            ml::Trainer::train(*data, ml::TrainingOptions::fromConfig(config, asOf, artifact));
        QVERIFY2(trained.has_value(), qPrintable(trained ? QString() : trained.error().message));
        auto model = ml::RoutingModel::load(artifact);
        QVERIFY(model.has_value());
        QList<ml::PredictRequest> requests;
        for (int i = 0; i < 8; ++i) {
            const int index = data->routedItems()[size_t(i * 7)];
            requests << ml::PredictRequest{data->items()[size_t(index)].code,
                                           data->items()[size_t(index)], *data->routingOf(index), std::nullopt};
        }
        const auto golden = GoldenSet::record(*model, requests);
        QVERIFY(golden.has_value());
        QCOMPARE(golden->items.size(), 8);
        QVERIFY(golden->write(artifact).has_value());

        Fixture fx;
        ModelRegistry r(fx.options(mlModelLoader()), fx.state, &fx.audit);
        QVERIFY(r.open().has_value());
        NewVersion v;
        v.sourceDir = artifact;
        v.creator = QStringLiteral("test");
        v.reason = QStringLiteral("real model");
        const auto good = r.addVersion(v);
        QVERIFY(good.has_value());
        const auto activated = r.activate(*good, QStringLiteral("test"), QStringLiteral("real"));
        QVERIFY2(activated.has_value(),
                 qPrintable(activated ? QString() : activated.error().message));
        QVERIFY(activated->model); // the loaded model, ready for Predictor::setModel (hot swap)
        // Evaluation cycles report the engine's model id; the registry knows which version has it.
        const QString modelId = activated->model->modelId();
        QCOMPARE(r.version(*good)->modelId, modelId);
        // The first version has nothing to roll back to, so no probation; a second deploy (the
        // same artifact again) is watched, and cycles name it by the engine's model id.
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c0"), modelId, true, {})->kind,
                 ProbationVerdict::Kind::NoProbation);
        fx.now = fx.now.addSecs(1);
        const auto again = r.addVersion(v);
        QVERIFY(again.has_value());
        QVERIFY(r.activate(*again, QStringLiteral("test"), QStringLiteral("again"),
                           ActivationKind::Deploy)
                    .has_value());
        QCOMPARE(r.version(*again)->modelId, modelId);
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c1"), QStringLiteral("0123456789abcdef"),
                                         false, {})
                     ->kind,
                 ProbationVerdict::Kind::OtherModel);
        QCOMPARE(r.recordEvaluationCycle(QStringLiteral("c2"), modelId, false, {})->kind,
                 ProbationVerdict::Kind::Watching);

        // The same model with golden items that say something else: refused by the smoke test.
        GoldenSet wrong = *golden;
        wrong.items[3].expected[0].runMinutesPerUnit += 1.0;
        QVERIFY(wrong.write(artifact).has_value());
        fx.now = fx.now.addSecs(1);
        const auto bad = r.addVersion(v);
        QVERIFY(bad.has_value());
        const auto refused =
            r.activate(*bad, QStringLiteral("test"), QStringLiteral("wrong golden"));
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, ErrorCode::ModelNotFound);
        QVERIFY2(refused.error().message.contains(
                     QStringLiteral("smoke test: golden item %1").arg(wrong.items[3].request.code)),
                 qPrintable(refused.error().message));
        QCOMPARE(r.pointer()->active, *again);
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "test_model_registry.moc"
