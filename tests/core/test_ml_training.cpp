// Training end to end on the fixture plant: figures, selection against a live model, cancellation,
// the artifact directory (round trip, damaged files refused with 1002).

#include "core/common/atomic_file.h"
#include "core/ml/model_evaluator.h"
#include "core/ml/outlier_filter.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"
#include "core/ml/sample_set_builder.h"
#include "core/ml/trainer.h"
#include "ml_test_fixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace routing;
using namespace routing::ml;

namespace {

TrainingOptions fastOptions(const QString &outputDir)
{
    TrainingOptions o;
    o.asOf = test::fixtureAsOf();
    o.features = defaultFeatures();
    o.outputDir = outputDir;
    o.training.xgboost.numRounds = 150;
    o.training.xgboost.nthread = 2;
    o.training.mlp.maxIter = 30;
    o.mlpMaxRows = 2000;
    o.mlpMaxSeconds = 5;
    o.processMatchItems = 0;
    return o;
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void writeJson(const QString &path, const QJsonObject &json)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(json).toJson());
}

/// Makes the manifest agree with a file as it is now (a consistent but wrong artifact), so that
/// the loader's own checks of that file are what is tested, not only the checksum.
void refreshManifestEntry(const QString &dir, const QString &name)
{
    QFile f(QDir(dir).filePath(name));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QJsonObject manifest = readJson(QDir(dir).filePath(QStringLiteral("model.json")));
    QJsonObject files = manifest.value(QStringLiteral("files")).toObject();
    files.insert(name, QJsonObject{{QStringLiteral("sha256"),
                                    QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())},
                                   {QStringLiteral("bytes"), double(bytes.size())}});
    manifest.insert(QStringLiteral("files"), files);
    writeJson(QDir(dir).filePath(QStringLiteral("model.json")), manifest);
}

bool copyDir(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QString &name : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name)))
            return false;
    return true;
}

void expectRefused(const QString &dir, const QString &needle, bool verifyChecksums = true)
{
    const auto model = RoutingModel::load(dir, RoutingModel::LoadOptions{verifyChecksums});
    QVERIFY2(!model, "a damaged model was accepted");
    QCOMPARE(model.error().code, ErrorCode::ModelNotFound);
    QVERIFY2(model.error().message.contains(needle, Qt::CaseInsensitive),
             qPrintable(QStringLiteral("'%1' does not mention '%2'").arg(model.error().message, needle)));
}

} // namespace

class TestMlTraining final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TrainingData m_data;
    QString m_model;
    std::optional<TrainingResult> m_result;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_data = test::fixtureData(60, 5);
        m_model = m_dir.filePath(QStringLiteral("models/v1"));
        TrainingOptions o = fastOptions(m_model);
        o.refreshCorrections = false; // so that the artifact reproduces the validation figures
        QList<int> percents;
        auto result = Trainer::train(m_data, o, [&](int percent, const QString &, const QString &) {
            percents << percent;
        });
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        m_result = *result;
        QVERIFY(std::is_sorted(percents.begin(), percents.end()));
        QCOMPARE(percents.last(), 100);
    }

    void reportsEveryCandidateAndBeatsTheStandardTimes()
    {
        const TrainingResult &r = *m_result;
        QCOMPARE(r.artifactDir, QFileInfo(m_model).absoluteFilePath());
        QCOMPARE(r.candidates.size(), 4);
        for (const CandidateResult &c : r.candidates) {
            QVERIFY2(c.validation.count > 50, qPrintable(c.name));
            QVERIFY(c.validation.mae > 0 && std::isfinite(c.validation.rmse));
            QVERIFY(c.trainingSeconds > 0);
            QVERIFY(c.inferenceMicrosPerRow > 0);
            QVERIFY(c.singleItemMillis > 0);
        }
        // The fixture's standards are wrong by design; the actuals follow exact formulas.
        const CandidateResult *selected = r.candidate(r.selected);
        QVERIFY(selected);
        QVERIFY2(selected->validation.mae < 0.3 * r.standardTime.validation.mae,
                 qPrintable(QStringLiteral("%1 vs %2").arg(selected->validation.mae).arg(r.standardTime.validation.mae)));
        for (const CandidateResult &c : r.candidates)
            QVERIFY(selected->validation.trimmedMae <= c.validation.trimmedMae);
        // ×60 entries are in the validation window but not in the clean figures.
        QVERIFY(r.validationCleanRows < r.validationRows);
        QVERIFY(r.standardTime.validationAllRows.mae > r.standardTime.validation.mae);
        // Deterministic templates: leave-one-out synthesis finds them.
        QCOMPARE(r.processMatch.items, 120);
        QVERIFY2(r.processMatch.match() >= 0.95, qPrintable(QString::number(r.processMatch.match())));
        QVERIFY(r.processMatch.precision() >= 0.95);
        QVERIFY(r.proposed);
        QCOMPARE(r.decision, QStringLiteral("propose"));
    }

    void writesACompleteArtifactDirectory()
    {
        for (const char *name : {"model.json", "feature_transform.json", "xgb_setup.ubj", "xgb_run.ubj", "mlp.yml",
                                 "mlp_inputs.json", "baseline.json", "stacking.json", "level_correction.json",
                                 "routing_library.bin", "similar_items.bin", "item_stats.json", "metrics.json",
                                 "training_summary.json"})
            QVERIFY2(QFile::exists(QDir(m_model).filePath(QLatin1String(name))), name);
        // No temporary directory is left beside it.
        QCOMPARE(QDir(m_dir.filePath(QStringLiteral("models"))).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("v1")});
        const QJsonObject summary = readJson(QDir(m_model).filePath(QStringLiteral("training_summary.json")));
        QCOMPARE(summary.value(QStringLiteral("data_hash")).toString(), m_data.dataHash());
        QVERIFY(summary.value(QStringLiteral("versions")).toObject().value(QStringLiteral("xgboost")).toString().startsWith(QLatin1String("1.")));
        QVERIFY(!summary.value(QStringLiteral("versions")).toObject().value(QStringLiteral("opencv")).toString().isEmpty());
        QVERIFY(summary.value(QStringLiteral("rows")).toObject().value(QStringLiteral("training")).toDouble() > 1000);
        const QJsonObject metrics = readJson(QDir(m_model).filePath(QStringLiteral("metrics.json")));
        QCOMPARE(metrics.value(QStringLiteral("candidates")).toObject().size(), 4);
        QVERIFY(metrics.contains(QStringLiteral("standard_time")));
    }

    void loadedModelReproducesTheValidationFigures()
    {
        const auto model = RoutingModel::load(m_model);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));
        const QDateTime cutoff = test::fixtureAsOf().addDays(-30);
        const OutlierFilter::Flags flags = OutlierFilter::flag(m_data, cutoff.toMSecsSinceEpoch(), {});
        const SampleSetBuilder builder(m_data, (*model)->transform(), flags);
        const SampleSet validation = builder.build(cutoff.toMSecsSinceEpoch(), test::fixtureAsOf().toMSecsSinceEpoch(),
                                                   SampleSetBuilder::Mode::Validation);
        for (const CandidateResult &c : m_result->candidates) {
            const CandidateKind kind = *candidateFromName(c.name);
            const CandidateResult again = ModelEvaluator::fromPredictions(
                c.name, validation, (*model)->predictLabels(validation.batch(), validation.resource.data(), kind), 0.1);
            QVERIFY2(std::abs(again.validation.mae - c.validation.mae) < 1e-4 * std::max(1.0, c.validation.mae),
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(c.name).arg(again.validation.mae).arg(c.validation.mae)));
        }
    }

    void saveLoadRoundTripPredictsIdentically()
    {
        const auto first = RoutingModel::load(m_model);
        QVERIFY(first);
        const QString copy = m_dir.filePath(QStringLiteral("copy"));
        QVERIFY(QDir().mkpath(copy));
        QVERIFY((*first)->save(copy));
        const auto second = RoutingModel::load(copy);
        QVERIFY2(second, qPrintable(second ? QString() : second.error().toString()));
        QCOMPARE((*second)->modelId(), (*first)->modelId());

        QList<PredictRequest> requests;
        for (const Item &item : m_data.items()) {
            PredictRequest r{item.code, item, std::nullopt, std::nullopt};
            if (const Routing *routing = m_data.routingOf(m_data.itemIndex(item.code)))
                r.routing = *routing;
            requests << r;
        }
        for (const CandidateKind kind : (*first)->candidates()) {
            for (const bool hide : {false, true}) {
                Predictor a(*first, 0), b(*second, 0);
                const PredictOptions options{hide, false, std::nullopt, kind, 0};
                const QList<ItemPrediction> pa = a.predict(requests, options);
                const QList<ItemPrediction> pb = b.predict(requests, options);
                QCOMPARE(pa.size(), pb.size());
                for (qsizetype i = 0; i < pa.size(); ++i) {
                    QVERIFY2(pa[i].ok(), qPrintable(pa[i].error ? pa[i].error->toString() : QString()));
                    QCOMPARE(pa[i].toJson(), pb[i].toJson());
                }
            }
        }
    }

    void keepsTheLiveModelWhenTheNewOneIsNotBetter()
    {
        const auto live = RoutingModel::load(m_model);
        QVERIFY(live);
        TrainingOptions o = fastOptions(QString()); // evaluate only
        o.liveModel = *live;
        o.training.minImprovementPct = 5.0;
        const auto result = Trainer::train(m_data, o);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        QVERIFY(result->live);
        QVERIFY(result->liveProcessMatch);
        QVERIFY(result->artifactDir.isEmpty());
        // Same data, same seed: the new model is as good as the live one, not 5% better.
        QVERIFY2(std::abs(result->improvementPct) < 5.0, qPrintable(QString::number(result->improvementPct)));
        QVERIFY(!result->proposed);
        QCOMPARE(result->decision, QStringLiteral("keep_live"));
        QVERIFY(result->reason.startsWith(QStringLiteral("kept the live model")));
        QVERIFY(result->metricsJson().contains(QStringLiteral("live")));
    }

    void cancellationLeavesNothingBehind_data()
    {
        QTest::addColumn<QString>("atStep");
        QTest::newRow("during boosting") << QStringLiteral("xgboost");
        QTest::newRow("while writing") << QStringLiteral("write");
    }

    void cancellationLeavesNothingBehind()
    {
        QFETCH(QString, atStep);
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("models/cancelled"));
        CancelFlag cancel{false};
        const auto result = Trainer::train(m_data, fastOptions(target),
                                           [&](int, const QString &step, const QString &) {
                                               if (step == atStep)
                                                   cancel = true;
                                           },
                                           &cancel);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(!QFileInfo::exists(target));
        const QStringList left = QDir(dir.filePath(QStringLiteral("models")))
                                     .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(','))));
    }

    void refusesAnExistingTargetDirectory()
    {
        const auto result = Trainer::train(m_data, fastOptions(m_model));
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Io);
    }

    void damagedModelFilesAreRefusedWith1002()
    {
        const auto damaged = [&](const QString &name) {
            const QString dir = m_dir.filePath(name);
            QDir(dir).removeRecursively();
            [&] { QVERIFY(copyDir(m_model, dir)); }();
            return dir;
        };
        expectRefused(m_dir.filePath(QStringLiteral("does-not-exist")), QStringLiteral("does not exist"));

        QString dir = damaged(QStringLiteral("missing"));
        QVERIFY(QFile::remove(QDir(dir).filePath(QStringLiteral("xgb_run.ubj"))));
        expectRefused(dir, QStringLiteral("missing model file"));

        // A truncated booster: caught by the manifest's size…
        dir = damaged(QStringLiteral("truncated"));
        QFile ubj(QDir(dir).filePath(QStringLiteral("xgb_setup.ubj")));
        QVERIFY(ubj.resize(ubj.size() / 2));
        expectRefused(dir, QStringLiteral("truncated"));
        // …and by XGBoost itself when the manifest was rewritten to match.
        refreshManifestEntry(dir, QStringLiteral("xgb_setup.ubj"));
        expectRefused(dir, QStringLiteral("xgb_setup.ubj"), false);

        // A transform with one feature less: the manifest's dimension disagrees…
        dir = damaged(QStringLiteral("dimension"));
        const QString transformPath = QDir(dir).filePath(QStringLiteral("feature_transform.json"));
        QJsonObject t = readJson(transformPath);
        QJsonArray numeric = t.value(QStringLiteral("numeric")).toArray();
        const QString dropped = numeric.last().toObject().value(QStringLiteral("column")).toString();
        numeric.removeLast();
        t.insert(QStringLiteral("numeric"), numeric);
        QJsonArray names = t.value(QStringLiteral("feature_names")).toArray();
        for (qsizetype i = 0; i < names.size(); ++i)
            if (names[i].toString() == dropped)
                names.removeAt(i--);
        t.insert(QStringLiteral("feature_names"), names);
        t.insert(QStringLiteral("dimension"), t.value(QStringLiteral("dimension")).toInt() - 1);
        writeJson(transformPath, t);
        refreshManifestEntry(dir, QStringLiteral("feature_transform.json"));
        expectRefused(dir, QStringLiteral("wrong dimension"));
        // …and with a manifest that agrees, the boosters do not.
        QJsonObject manifest = readJson(QDir(dir).filePath(QStringLiteral("model.json")));
        const auto shrunk = FeatureTransform::fromJson(t);
        QVERIFY(shrunk);
        manifest.insert(QStringLiteral("feature_dimension"), shrunk->dimension());
        manifest.insert(QStringLiteral("feature_signature"), shrunk->signature());
        writeJson(QDir(dir).filePath(QStringLiteral("model.json")), manifest);
        expectRefused(dir, QStringLiteral("features"));

        // The same number of features, another column: a different feature set.
        dir = damaged(QStringLiteral("feature-set"));
        t = readJson(QDir(dir).filePath(QStringLiteral("feature_transform.json")));
        QJsonArray categorical = t.value(QStringLiteral("categorical")).toArray();
        QJsonObject first = categorical[0].toObject();
        const QString renamed = first.value(QStringLiteral("column")).toString();
        first.insert(QStringLiteral("column"), QStringLiteral("SOME_OTHER_COLUMN"));
        categorical[0] = first;
        t.insert(QStringLiteral("categorical"), categorical);
        names = t.value(QStringLiteral("feature_names")).toArray();
        names[0] = QStringLiteral("SOME_OTHER_COLUMN");
        t.insert(QStringLiteral("feature_names"), names);
        writeJson(QDir(dir).filePath(QStringLiteral("feature_transform.json")), t);
        refreshManifestEntry(dir, QStringLiteral("feature_transform.json"));
        expectRefused(dir, QStringLiteral("wrong feature set"));
        QVERIFY(!renamed.isEmpty());

        // A binary file flipped in the middle: always checksum-verified, even when JSON is not.
        dir = damaged(QStringLiteral("binary"));
        QFile bin(QDir(dir).filePath(QStringLiteral("similar_items.bin")));
        QVERIFY(bin.open(QIODevice::ReadWrite));
        bin.seek(bin.size() / 2);
        const char x = char(0x5A);
        bin.write(&x, 1);
        bin.close();
        expectRefused(dir, QStringLiteral("checksum"), false);

        // Truncated JSON with a matching manifest: a parse error naming the file.
        dir = damaged(QStringLiteral("json"));
        QFile baseline(QDir(dir).filePath(QStringLiteral("baseline.json")));
        QVERIFY(baseline.resize(baseline.size() / 3));
        refreshManifestEntry(dir, QStringLiteral("baseline.json"));
        expectRefused(dir, QStringLiteral("baseline.json"), false);
    }
};

QTEST_GUILESS_MAIN(TestMlTraining)
#include "test_ml_training.moc"
