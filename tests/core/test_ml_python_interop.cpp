// The boosters of a model directory load in the official Python xgboost and predict the same.
//
// Needs Debian's python3-xgboost, visible to /usr/bin/python3 only (dependencies.md, gotcha 11).
// Without it the test FAILS — the test set-up installs it — unless ROUTING_TEST_SKIP_PYTHON=1.

#include "core/config/app_config.h"
#include "core/ml/feature_transform.h"
#include "core/ml/outlier_filter.h"
#include "core/ml/sample_set_builder.h"
#include "core/ml/xgboost_model.h"
#include "ml_test_fixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <cmath>

using namespace routing;
using namespace routing::ml;

namespace {

const char *const kPython = "/usr/bin/python3";

const char *const kScript = R"(
import sys
import numpy as np
import xgboost as xgb
booster = xgb.Booster()
booster.load_model(sys.argv[1])
x = np.genfromtxt(sys.argv[2], delimiter=',', dtype=np.float32, missing_values='nan', filling_values=np.nan)
x = np.atleast_2d(x)
matrix = xgb.DMatrix(x, missing=np.nan)
np.savetxt(sys.argv[3], booster.predict(matrix), fmt='%.9g')
np.savetxt(sys.argv[4], booster.predict(matrix, pred_contribs=True), fmt='%.9g', delimiter=',')
np.savetxt(sys.argv[5], booster.predict(matrix, pred_contribs=True, approx_contribs=True), fmt='%.9g', delimiter=',')
print(xgb.__version__)
)";

std::vector<double> readNumbers(const QString &path)
{
    std::vector<double> values;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return values;
    for (const QByteArray &line : f.readAll().split('\n'))
        for (const QByteArray &cell : line.split(','))
            if (!cell.trimmed().isEmpty())
                values.push_back(cell.trimmed().toDouble());
    return values;
}

} // namespace

class TestMlPythonInterop final : public QObject
{
    Q_OBJECT
private slots:
    void pythonXgboostPredictsTheSame()
    {
        QProcess probe;
        probe.start(QString::fromLatin1(kPython), {QStringLiteral("-c"), QStringLiteral("import xgboost")});
        const bool available = probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit
                               && probe.exitCode() == 0;
        if (!available) {
            if (qEnvironmentVariable("ROUTING_TEST_SKIP_PYTHON") == QLatin1String("1"))
                QSKIP("python3-xgboost is not installed and ROUTING_TEST_SKIP_PYTHON=1");
            QFAIL("/usr/bin/python3 cannot import xgboost: install python3-xgboost "
                  "(or set ROUTING_TEST_SKIP_PYTHON=1 to skip this test explicitly)");
        }

        const TrainingData data = test::fixtureData(30);
        FeatureTransform::Options fo;
        fo.categorical = defaultFeatures().categorical;
        fo.numeric = defaultFeatures().numeric;
        const FeatureTransform transform =
            FeatureTransform::fit(data.items(), data.jobs(), data.resources(), {QStringLiteral("사내")}, fo);
        const qint64 cutoff = test::fixtureAsOf().addDays(-30).toMSecsSinceEpoch();
        const OutlierFilter::Flags flags = OutlierFilter::flag(data, cutoff, {});
        const SampleSetBuilder builder(data, transform, flags);
        const SampleSet train = builder.build(0, cutoff, SampleSetBuilder::Mode::Training);
        const SampleSet valid = builder.build(cutoff, test::fixtureAsOf().toMSecsSinceEpoch(), SampleSetBuilder::Mode::Training);
        XgboostModel::TrainOptions o;
        o.config.numRounds = 60;
        auto model = XgboostModel::train(train, valid, o, {}, nullptr);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));

        QTemporaryDir dir;
        QVERIFY(model->save(dir.path()));
        // Load the booster back as the console does, so the comparison is file against file.
        auto loaded = XgboostModel::load(dir.path(), transform.dimension());
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));

        const QString csv = dir.filePath(QStringLiteral("x.csv"));
        {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QTextStream out(&f);
            for (int r = 0; r < valid.rows(); ++r) {
                for (int c = 0; c < valid.dimension; ++c) {
                    const float v = valid.row(r)[c];
                    out << (c ? "," : "") << (std::isnan(v) ? QStringLiteral("nan") : QString::number(double(v), 'g', 9));
                }
                out << '\n';
            }
        }
        const TargetPredictions ours = loaded->predict(valid.batch());
        const auto contributions = loaded->contributions(valid.batch(), true);
        QVERIFY(contributions);
        const auto approximate = loaded->contributions(valid.batch(), false);
        QVERIFY(approximate);
        for (const Target target : {Target::Setup, Target::Run}) {
            const QString booster = QDir(dir.path()).filePath(XgboostModel::fileName(target));
            const QString predictions = dir.filePath(QStringLiteral("p.txt"));
            const QString shap = dir.filePath(QStringLiteral("c.txt"));
            const QString saabas = dir.filePath(QStringLiteral("a.txt"));
            QProcess python;
            python.start(QString::fromLatin1(kPython),
                         {QStringLiteral("-c"), QString::fromLatin1(kScript), booster, csv, predictions, shap, saabas});
            QVERIFY(python.waitForFinished(120000));
            QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
            qInfo() << "python xgboost" << python.readAllStandardOutput().trimmed();

            const std::vector<double> theirs = readNumbers(predictions);
            QCOMPARE(int(theirs.size()), valid.rows());
            double worst = 0;
            for (int r = 0; r < valid.rows(); ++r)
                worst = std::max(worst, std::abs(theirs[size_t(r)] - double(ours[size_t(target)][size_t(r)])));
            QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("max |difference| %1").arg(worst)));

            const std::vector<double> theirShap = readNumbers(shap);
            const std::vector<float> &ourShap = (*contributions)[size_t(target)];
            QCOMPARE(theirShap.size(), ourShap.size());
            worst = 0;
            for (size_t i = 0; i < ourShap.size(); ++i)
                worst = std::max(worst, std::abs(theirShap[i] - double(ourShap[i])));
            QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("contributions: max |difference| %1").arg(worst)));

            const std::vector<double> theirApprox = readNumbers(saabas);
            const std::vector<float> &ourApprox = (*approximate)[size_t(target)];
            QCOMPARE(theirApprox.size(), ourApprox.size());
            worst = 0;
            for (size_t i = 0; i < ourApprox.size(); ++i)
                worst = std::max(worst, std::abs(theirApprox[i] - double(ourApprox[i])));
            QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("approximate contributions: max |difference| %1").arg(worst)));
        }
    }
};

QTEST_GUILESS_MAIN(TestMlPythonInterop)
#include "test_ml_python_interop.moc"
