// The compiled tree ensemble against XGBoost itself: boosters trained here through the C API on
// random rows with missing values, compared bit for bit with XGBoosterPredictFromDense.

#include "core/ml/tree_ensemble.h"
#include "core/ml/xgboost_handles.h"
#include "core/ml/xgboost_model.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <random>

using namespace routing;
using namespace routing::ml;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

struct Rows
{
    std::vector<float> x;
    std::vector<float> y;
    int rows = 0;
    int cols = 0;
    const float *row(int r) const { return x.data() + size_t(r) * size_t(cols); }
};

/// Integer, normal and skewed columns (integer ones make split conditions equal to data values),
/// `nanShare` of the values missing; a positive label that depends on a few columns.
Rows randomRows(int rows, int cols, quint64 seed, double nanShare, int categoricalColumn = -1)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Rows d;
    d.rows = rows;
    d.cols = cols;
    d.x.resize(size_t(rows) * size_t(cols));
    d.y.resize(size_t(rows));
    for (int r = 0; r < rows; ++r) {
        float *x = d.x.data() + size_t(r) * size_t(cols);
        for (int c = 0; c < cols; ++c) {
            if (c == categoricalColumn)
                x[c] = float(rng() % 6);
            else if (c % 3 == 0)
                x[c] = float(rng() % 10);
            else if (c % 3 == 1)
                x[c] = normal(rng);
            else
                x[c] = std::exp(normal(rng));
            if (c != categoricalColumn && unit(rng) < nanShare)
                x[c] = kNaN;
        }
        const auto v = [&](int c) { return std::isnan(x[c]) ? 0.5f : x[c]; };
        d.y[size_t(r)] = 2.0f + std::sin(v(1)) + 0.3f * v(0) + 0.2f * v(2) * v(4) +
                         (categoricalColumn >= 0 ? float(int(x[categoricalColumn]) % 3) : 0.0f) +
                         0.1f * normal(rng);
        d.y[size_t(r)] = std::max(0.01f, d.y[size_t(r)]);
    }
    return d;
}

xgb::BoosterPtr trainBooster(const Rows &d, const QList<std::pair<const char *, QString>> &params,
                             int rounds, int categoricalColumn = -1)
{
    auto matrix = xgb::dmatrix(d.x.data(), quint64(d.rows), quint64(d.cols));
    if (!matrix)
        return nullptr;
    if (XGDMatrixSetFloatInfo(matrix->get(), "label", d.y.data(), bst_ulong(d.rows)) != 0)
        return nullptr;
    if (categoricalColumn >= 0) {
        std::vector<const char *> types(size_t(d.cols), "q");
        types[size_t(categoricalColumn)] = "c";
        if (XGDMatrixSetStrFeatureInfo(matrix->get(), "feature_type", types.data(),
                                       bst_ulong(d.cols)) != 0)
            return nullptr;
    }
    void *cache[1] = {matrix->get()};
    auto booster = xgb::booster(cache, 1);
    if (!booster)
        return nullptr;
    const QList<std::pair<const char *, QString>> defaults{
        {"tree_method", QStringLiteral("hist")},
        {"max_depth", QStringLiteral("8")},
        {"eta", QStringLiteral("0.1")},
        {"subsample", QStringLiteral("0.8")},
        {"colsample_bytree", QStringLiteral("0.8")},
        {"seed", QStringLiteral("7")},
        {"verbosity", QStringLiteral("0")}};
    for (const auto &[name, value] : defaults + params)
        if (!xgb::setParam(booster->get(), name, value))
            return nullptr;
    for (int round = 0; round < rounds; ++round)
        if (XGBoosterUpdateOneIter(booster->get(), round, matrix->get()) != 0)
            return nullptr;
    return std::move(*booster);
}

/// XGBoost's own answer, exactly as XgboostModel asks for it.
std::vector<float> xgboostPredict(void *booster, const float *x, int rows, int cols)
{
    const QByteArray array =
        QStringLiteral(R"({"data": [%1, true], "shape": [%2, %3], "typestr": "<f4", "version": 3})")
            .arg(quintptr(x))
            .arg(rows)
            .arg(cols)
            .toLatin1();
    const char *config =
        R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN, "cache_id": 0})";
    const bst_ulong *shape = nullptr;
    bst_ulong dims = 0;
    const float *result = nullptr;
    if (XGBoosterPredictFromDense(booster, array.constData(), config, nullptr, &shape, &dims,
                                  &result) != 0) {
        qWarning() << "XGBoost prediction failed:" << XGBGetLastError();
        return {};
    }
    return std::vector<float>(result, result + rows);
}

/// The split conditions of every feature, read from the booster's JSON model.
std::map<int, std::vector<float>> splitConditions(void *booster)
{
    bst_ulong length = 0;
    const char *bytes = nullptr;
    std::map<int, std::vector<float>> out;
    if (XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &bytes) != 0)
        return out;
    const QJsonObject learner = QJsonDocument::fromJson(QByteArray(bytes, qsizetype(length)))
                                    .object()
                                    .value(QStringLiteral("learner"))
                                    .toObject();
    const QJsonArray trees = learner.value(QStringLiteral("gradient_booster"))
                                 .toObject()
                                 .value(QStringLiteral("model"))
                                 .toObject()
                                 .value(QStringLiteral("trees"))
                                 .toArray();
    for (const QJsonValue &tree : trees) {
        const QJsonObject t = tree.toObject();
        const QJsonArray left = t.value(QStringLiteral("left_children")).toArray();
        const QJsonArray index = t.value(QStringLiteral("split_indices")).toArray();
        const QJsonArray condition = t.value(QStringLiteral("split_conditions")).toArray();
        for (qsizetype i = 0; i < left.size(); ++i)
            if (left[i].toInt() != -1)
                out[index[i].toInt()].push_back(float(condition[i].toDouble()));
    }
    return out;
}

/// Rows that sit on the edges of the rule: all missing, values exactly on split conditions and one
/// float step either side, ±inf, ±0, the largest floats and a denormal.
Rows edgeRows(void *booster, int cols, quint64 seed)
{
    const std::map<int, std::vector<float>> conditions = splitConditions(booster);
    std::mt19937_64 rng(seed);
    Rows d;
    d.cols = cols;
    const auto add = [&](const auto &value) {
        for (int c = 0; c < cols; ++c)
            d.x.push_back(value(c));
        ++d.rows;
    };
    const auto onCondition = [&](int c) {
        const auto it = conditions.find(c);
        return it == conditions.end() ? kNaN : it->second[rng() % it->second.size()];
    };
    add([](int) { return kNaN; });
    for (int i = 0; i < 400; ++i)
        add(onCondition);
    for (int i = 0; i < 200; ++i)
        add([&](int c) {
            const float v = onCondition(c);
            return rng() % 2 ? std::nextafter(v, kInf) : std::nextafter(v, -kInf);
        });
    const float specials[] = {kInf,
                              -kInf,
                              0.0f,
                              -0.0f,
                              std::numeric_limits<float>::max(),
                              -std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::denorm_min(),
                              kNaN};
    for (const float special : specials)
        add([&](int) { return special; });
    for (int i = 0; i < 300; ++i)
        add([&](int c) {
            return rng() % 3 == 0 ? specials[rng() % std::size(specials)] : onCondition(c);
        });
    return d;
}

/// Index of the first value whose bits differ, or -1 (QCOMPARE on floats is fuzzy).
qsizetype firstDifference(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        return 0;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::bit_cast<quint32>(a[i]) != std::bit_cast<quint32>(b[i]))
            return qsizetype(i);
    return -1;
}

#define COMPARE_BITS(actual, expected)                                                             \
    do {                                                                                           \
        const qsizetype at = firstDifference(actual, expected);                                    \
        QVERIFY2(                                                                                  \
            at < 0,                                                                                \
            qPrintable(                                                                            \
                QStringLiteral("row %1 of %2: %3 vs XGBoost %4")                                   \
                    .arg(at)                                                                       \
                    .arg((expected).size())                                                        \
                    .arg(double(at < qsizetype((actual).size()) ? (actual)[size_t(at)] : 0), 0,    \
                         'g', 9)                                                                   \
                    .arg(double(at < qsizetype((expected).size()) ? (expected)[size_t(at)] : 0),   \
                         0, 'g', 9)));                                                             \
    } while (false)

std::vector<float> ensemblePredict(const TreeEnsemble &e, const Rows &d, int threads = 1)
{
    std::vector<float> out(size_t(d.rows), -1.0f);
    e.predict(d.x.data(), d.rows, out.data(), threads);
    return out;
}

Status saveBoth(void *booster, const QString &dir)
{
    for (const Target t : {Target::Setup, Target::Run})
        if (XGBoosterSaveModel(
                booster,
                QFile::encodeName(QDir(dir).filePath(XgboostModel::fileName(t))).constData()) != 0)
            return fail(ErrorCode::Io, QString::fromUtf8(XGBGetLastError()));
    return {};
}

} // namespace

class TestMlTreeEnsemble final : public QObject
{
    Q_OBJECT

private slots:
    void matchesXgboostBitForBit_data()
    {
        QTest::addColumn<QString>("objective");
        QTest::addColumn<double>("baseScore"); // < 0: XGBoost's default
        QTest::addColumn<int>("rounds");
        QTest::newRow("squarederror") << QStringLiteral("reg:squarederror") << 2.345678 << 80;
        QTest::newRow("squarederror, default base")
            << QStringLiteral("reg:squarederror") << -1.0 << 60;
        QTest::newRow("pseudohubererror") << QStringLiteral("reg:pseudohubererror") << 1.5 << 60;
        QTest::newRow("squaredlogerror") << QStringLiteral("reg:squaredlogerror") << -1.0 << 60;
        QTest::newRow("absoluteerror") << QStringLiteral("reg:absoluteerror") << -1.0 << 60;
    }
    void matchesXgboostBitForBit()
    {
        QFETCH(QString, objective);
        QFETCH(double, baseScore);
        QFETCH(int, rounds);
        const Rows train = randomRows(4000, 40, 1, 0.1);
        QList<std::pair<const char *, QString>> params{{"objective", objective}};
        if (baseScore >= 0)
            params.append({"base_score", QString::number(baseScore, 'g', 9)});
        const xgb::BoosterPtr booster = trainBooster(train, params, rounds);
        QVERIFY2(booster, XGBGetLastError());
        const auto ensemble = TreeEnsemble::fromBooster(booster.get());
        QVERIFY2(ensemble, qPrintable(ensemble ? QString() : ensemble.error().toString()));
        QCOMPARE(ensemble->treeCount(), rounds);
        QCOMPARE(ensemble->featureCount(), 40);

        for (const Rows &rows : {train, randomRows(3001, 40, 2, 0.1), randomRows(500, 40, 3, 0.6),
                                 edgeRows(booster.get(), 40, 4)}) {
            const std::vector<float> expected =
                xgboostPredict(booster.get(), rows.x.data(), rows.rows, rows.cols);
            QCOMPARE(expected.size(), size_t(rows.rows));
            COMPARE_BITS(ensemblePredict(*ensemble, rows), expected);
        }
        // One row at a time and an odd-sized batch (partial blocks and lanes).
        const Rows few = randomRows(13, 40, 5, 0.1);
        const std::vector<float> expected =
            xgboostPredict(booster.get(), few.x.data(), few.rows, few.cols);
        COMPARE_BITS(ensemblePredict(*ensemble, few), expected);
        for (int r = 0; r < few.rows; ++r) {
            float one = 0;
            ensemble->predict(few.row(r), 1, &one);
            QCOMPARE(std::bit_cast<quint32>(one), std::bit_cast<quint32>(expected[size_t(r)]));
        }
    }

    void xgboostModelPredictsThroughTheEnsemble()
    {
        const Rows train = randomRows(3000, 40, 11, 0.1);
        const xgb::BoosterPtr booster =
            trainBooster(train, {{"objective", QStringLiteral("reg:squarederror")}}, 50);
        QVERIFY(booster);
        QTemporaryDir dir;
        QVERIFY(saveBoth(booster.get(), dir.path()));
        auto model = XgboostModel::load(dir.path(), 40);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));
        const Rows rows = edgeRows(booster.get(), 40, 12);
        Error error{ErrorCode::Ok, {}};
        const TargetPredictions got =
            model->predict(FeatureBatch{rows.x.data(), rows.rows, 40, nullptr}, &error);
        QVERIFY2(error.code == ErrorCode::Ok, qPrintable(error.toString()));
        const std::vector<float> expected =
            xgboostPredict(booster.get(), rows.x.data(), rows.rows, rows.cols);
        COMPARE_BITS(got[0], expected);
        COMPARE_BITS(got[1], expected);
    }

    void unsupportedBoostersAreRefusedAndXgboostPredicts_data()
    {
        QTest::addColumn<QString>("booster");
        QTest::addColumn<QString>("objective");
        QTest::addColumn<bool>("categorical");
        QTest::addColumn<QString>("reason");
        QTest::newRow("dart") << QStringLiteral("dart") << QStringLiteral("reg:squarederror")
                              << false << QStringLiteral("booster \"dart\"");
        QTest::newRow("gblinear") << QStringLiteral("gblinear")
                                  << QStringLiteral("reg:squarederror") << false
                                  << QStringLiteral("booster \"gblinear\"");
        QTest::newRow("categorical")
            << QStringLiteral("gbtree") << QStringLiteral("reg:squarederror") << true
            << QStringLiteral("categorical");
        QTest::newRow("poisson") << QStringLiteral("gbtree") << QStringLiteral("count:poisson")
                                 << false << QStringLiteral("objective \"count:poisson\"");
        QTest::newRow("logistic") << QStringLiteral("gbtree") << QStringLiteral("reg:logistic")
                                  << false << QStringLiteral("objective \"reg:logistic\"");
    }
    void unsupportedBoostersAreRefusedAndXgboostPredicts()
    {
        QFETCH(QString, booster);
        QFETCH(QString, objective);
        QFETCH(bool, categorical);
        QFETCH(QString, reason);
        const int categoricalColumn = categorical ? 3 : -1;
        Rows train = randomRows(2000, 12, 21, 0.1, categoricalColumn);
        if (objective == QStringLiteral("reg:logistic"))
            for (float &y : train.y)
                y = y > 2.5f ? 1.0f : 0.0f;
        const xgb::BoosterPtr trained = trainBooster(
            train,
            {{"booster", booster}, {"objective", objective}, {"rate_drop", QStringLiteral("0.1")}},
            20, categoricalColumn);
        QVERIFY2(trained, XGBGetLastError());

        const auto ensemble = TreeEnsemble::fromBooster(trained.get());
        QVERIFY(!ensemble);
        QVERIFY2(ensemble.error().message.contains(reason), qPrintable(ensemble.error().message));
        if (booster == QStringLiteral("gblinear"))
            return; // XGBoost 1.7 has no in-place prediction for gblinear ("not supported by
                    // current booster")

        // XgboostModel says so once per booster and keeps predicting through XGBoost.
        QTemporaryDir dir;
        QVERIFY(saveBoth(trained.get(), dir.path()));
        const QRegularExpression logged(
            QStringLiteral("XGBoost (setup|run) booster predicts through XGBoost: .*%1")
                .arg(QRegularExpression::escape(reason)));
        QTest::ignoreMessage(QtInfoMsg, logged);
        QTest::ignoreMessage(QtInfoMsg, logged);
        auto model = XgboostModel::load(dir.path(), 12);
        QVERIFY2(model, qPrintable(model ? QString() : model.error().toString()));
        const Rows rows = randomRows(300, 12, 22, 0.2, categoricalColumn);
        Error error{ErrorCode::Ok, {}};
        const TargetPredictions got =
            model->predict(FeatureBatch{rows.x.data(), rows.rows, 12, nullptr}, &error);
        QVERIFY2(error.code == ErrorCode::Ok, qPrintable(error.toString()));
        const std::vector<float> expected =
            xgboostPredict(trained.get(), rows.x.data(), rows.rows, rows.cols);
        QCOMPARE(expected.size(), size_t(rows.rows));
        COMPARE_BITS(got[0], expected);
        COMPARE_BITS(got[1], expected);
    }

    void malformedJsonIsRefused()
    {
        for (
            const char *json :
            {"", "{", R"({"learner": [)", R"({"learner": {}})",
             R"({"learner": {"gradient_booster": {"name": "gbtree", "model": {"trees": [{"left_children": [1]}]}}}})"}) {
            const auto ensemble = TreeEnsemble::fromJson(QByteArrayView(json));
            QVERIFY2(!ensemble, json);
        }
    }

    void threadsGiveTheSameAnswer()
    {
        const Rows train = randomRows(4000, 40, 31, 0.1);
        const xgb::BoosterPtr booster =
            trainBooster(train, {{"objective", QStringLiteral("reg:squarederror")}}, 60);
        QVERIFY(booster);
        const auto ensemble = TreeEnsemble::fromBooster(booster.get());
        QVERIFY(ensemble);
        const Rows rows = randomRows(50'001, 40, 32, 0.1);
        const std::vector<float> single = ensemblePredict(*ensemble, rows, 1);
        for (const int threads : {0, 2, 3, 7})
            COMPARE_BITS(ensemblePredict(*ensemble, rows, threads), single);
        COMPARE_BITS(single, xgboostPredict(booster.get(), rows.x.data(), rows.rows, rows.cols));
    }
};

QTEST_GUILESS_MAIN(TestMlTreeEnsemble)
#include "test_ml_tree_ensemble.moc"
