// Feature encoding: what training writes is what prediction reads.

#include "core/config/app_config.h"
#include "core/ml/feature_transform.h"
#include "core/ml/similar_item_index.h"
#include "core/ml/similarity_metric.h"
#include "core/ml/training_data.h"
#include "ml_test_fixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace routing;
using namespace routing::ml;

namespace {

FeatureTransform fitted(const TrainingData &data)
{
    FeatureTransform::Options o;
    o.categorical = defaultFeatures().categorical;
    o.numeric = defaultFeatures().numeric;
    return FeatureTransform::fit(data.items(), data.jobs(), data.resources(), {QStringLiteral("사내")}, o);
}

std::vector<float> encode(const FeatureTransform &t, const Item &item, const StepFeatures &step)
{
    std::vector<float> row(size_t(t.dimension()));
    t.encodeItem(item, row.data());
    t.encodeStep(step, row.data() + t.itemDimension());
    return row;
}

bool sameRow(const std::vector<float> &a, const std::vector<float> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
            return false;
    return true;
}

} // namespace

class TestMlFeatureTransform final : public QObject
{
    Q_OBJECT
private slots:
    void jsonRoundTripEncodesIdentically()
    {
        const TrainingData data = test::fixtureData(20);
        const FeatureTransform t = fitted(data);
        QCOMPARE(t.dimension(), int(defaultFeatures().categorical.size() + defaultFeatures().numeric.size()) + 7);
        QCOMPARE(t.featureNames().size(), t.dimension());
        const auto back = FeatureTransform::fromJson(t.toJson());
        QVERIFY2(back, qPrintable(back ? QString() : back.error().toString()));
        QCOMPARE(back->signature(), t.signature());
        StepFeatures step{QStringLiteral("CNC01"), QStringLiteral("WC-CNC-01"), 10, QStringLiteral("사내"),
                          20.0, 1.5, 30.0};
        for (const Item &item : data.items())
            QVERIFY(sameRow(encode(t, item, step), encode(*back, item, step)));
        // The similar-item encoding follows the same transform.
        QVERIFY(sameRow(SimilarItemIndex::encode(t, data.items().front()),
                        SimilarItemIndex::encode(*back, data.items().front())));
    }

    void unknownCategoriesGoToTheUnknownBucket()
    {
        const TrainingData data = test::fixtureData(10);
        const FeatureTransform t = fitted(data);
        const int material = int(defaultFeatures().categorical.indexOf(QStringLiteral("ITEM_MATERIAL")));
        QVERIFY(material >= 0);
        // Two known values coded by descending frequency; a new one gets the bucket after them.
        QCOMPARE(t.categoryCode(material, QStringLiteral("STEEL")), 0);
        QCOMPARE(t.categoryCode(material, QStringLiteral("SUS")), 1);
        QCOMPARE(t.unknownBucket(material), 2);
        QCOMPARE(t.categoryCode(material, QStringLiteral("TITANIUM")), 2);
        // Case and surrounding blanks do not make a new category; the missing spellings are missing.
        QCOMPARE(t.categoryCode(material, QStringLiteral("  sus ")), 1);
        for (const QString &missing : {QString(), QStringLiteral(" "), QStringLiteral("-"), QStringLiteral("nan"),
                                       QStringLiteral("NULL")})
            QCOMPARE(t.categoryCode(material, missing), -1);

        Item item = test::fixtureItem(true, 1);
        item.text.insert(QStringLiteral("ITEM_MATERIAL"), QStringLiteral("TITANIUM"));
        item.text.insert(QStringLiteral("PART_TYPE"), QStringLiteral("NEW_FAMILY"));
        std::vector<float> row(size_t(t.itemDimension()));
        t.encodeItem(item, row.data());
        QCOMPARE(row[size_t(material)], 2.0f);
        QCOMPARE(t.groupCode(item), t.groupCount());

        StepFeatures step{QStringLiteral("NEWJOB"), QString(), 10, QStringLiteral("외주"), std::nullopt, 0.5, 0};
        std::vector<float> s(FeatureTransform::StepFeatureCount);
        t.encodeStep(step, s.data());
        QCOMPARE(s[FeatureTransform::Job], float(t.jobCount()));   // unseen job: its bucket
        QVERIFY(std::isnan(s[FeatureTransform::Res]));             // blank: missing
        QCOMPARE(s[FeatureTransform::Inside], 1.0f);               // unseen flag: bucket after 사내
        QVERIFY(std::isnan(s[FeatureTransform::LogStandardSetup])); // NULL standard
        QCOMPARE(s[FeatureTransform::LogStandardRun], float(std::log1p(0.5)));
        QVERIFY(std::isnan(s[FeatureTransform::LogOrderQty]));     // unknown quantity
    }

    void sentinelsAreMissingAndInchesBecomeMillimetres()
    {
        const TrainingData data = test::fixtureData(10);
        const FeatureTransform t = fitted(data);
        const int od = int(defaultFeatures().numeric.indexOf(QStringLiteral("OUTDIAMETER")));
        Item item = test::fixtureItem(true, 2);
        for (const double sentinel : {0.0, 9999.0}) {
            item.numbers.insert(QStringLiteral("OUTDIAMETER"), sentinel);
            QVERIFY(std::isnan(t.numericValue(item, od)));
        }
        item.numbers.remove(QStringLiteral("OUTDIAMETER")); // NULL
        QVERIFY(std::isnan(t.numericValue(item, od)));
        item.numbers.insert(QStringLiteral("OUTDIAMETER"), 2.0);
        item.text.insert(QStringLiteral("OUTDIAMETER_UNIT"), QStringLiteral("INCH"));
        QCOMPARE(t.numericValue(item, od), 50.8);
        item.text.insert(QStringLiteral("OUTDIAMETER_UNIT"), QStringLiteral("mm"));
        QCOMPARE(t.numericValue(item, od), 2.0);
    }

    void similarityDistancesOfAGroupAreDistanceBitForBit()
    {
        // SimilarItemIndex scores a group with SimilarityMetric::distances() over feature-major
        // columns; a neighbour list must not depend on that: every value equals distance()'s.
        // Irregular weights (zeros among them), missing values on either side, equal values.
        constexpr int categorical = 4, numeric = 6, dim = 1 + categorical + numeric;
        QJsonArray weights;
        const double w[dim] = {0.7, 0.0, 1.3, 0.25, 0.9, 0.11, 0.0, 0.37, 2.9, 0.05, 0.6};
        for (const double v : w)
            weights.append(QJsonObject{{QStringLiteral("weight"), v}});
        const auto metric = SimilarityMetric::fromJson(
            {{QStringLiteral("categorical"), categorical}, {QStringLiteral("numeric"), numeric},
             {QStringLiteral("weights"), weights}});
        QVERIFY(metric);
        std::mt19937 rng(11);
        std::uniform_int_distribution<int> code(0, 3);
        std::normal_distribution<float> z(0.0f, 1.5f);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const auto value = [&](int f) {
            if (rng() % 7 == 0)
                return nan;
            return f <= categorical ? float(code(rng)) : z(rng);
        };
        constexpr int count = 257;
        std::vector<float> vectors(size_t(count) * dim);
        for (int i = 0; i < count; ++i)
            for (int f = 0; f < dim; ++f)
                vectors[size_t(i) * dim + size_t(f)] = value(f);
        std::vector<int> members;
        for (int i = 0; i < count; i += 1 + int(rng() % 2))
            members.push_back(i);
        const std::vector<float> columns = metric->columnsOf(vectors.data(), dim, members);
        std::vector<float> got(members.size());
        for (int q = 0; q < 40; ++q) {
            const float *query = vectors.data() + size_t(q) * dim;
            metric->distances(query, columns.data(), int(members.size()), got.data());
            for (size_t j = 0; j < members.size(); ++j) {
                const float want =
                    metric->distance(query, vectors.data() + size_t(members[j]) * dim);
                QVERIFY2(std::memcmp(&got[j], &want, sizeof(float)) == 0,
                         qPrintable(QStringLiteral("query %1, member %2: %3 vs %4")
                                        .arg(q)
                                        .arg(members[j])
                                        .arg(double(got[j]), 0, 'g', 9)
                                        .arg(double(want), 0, 'g', 9)));
            }
        }
    }

    void damagedDocumentsAreRefusedWith1002()
    {
        const TrainingData data = test::fixtureData(10);
        const QJsonObject good = fitted(data).toJson();

        QJsonObject wrongDimension = good;
        wrongDimension.insert(QStringLiteral("dimension"), good.value(QStringLiteral("dimension")).toInt() + 1);
        auto r = FeatureTransform::fromJson(wrongDimension);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ModelNotFound);
        QVERIFY(r.error().message.contains(QStringLiteral("dimension")));

        QJsonObject wrongNames = good;
        QJsonArray names = good.value(QStringLiteral("feature_names")).toArray();
        names[0] = QStringLiteral("SOMETHING_ELSE");
        wrongNames.insert(QStringLiteral("feature_names"), names);
        r = FeatureTransform::fromJson(wrongNames);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ModelNotFound);
        QVERIFY(r.error().message.contains(QStringLiteral("feature set")));

        QJsonObject duplicate = good;
        QJsonArray categorical = good.value(QStringLiteral("categorical")).toArray();
        QJsonObject first = categorical[0].toObject();
        first.insert(QStringLiteral("values"), QJsonArray{QStringLiteral("A"), QStringLiteral("A")});
        categorical[0] = first;
        duplicate.insert(QStringLiteral("categorical"), categorical);
        r = FeatureTransform::fromJson(duplicate);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ModelNotFound);

        r = FeatureTransform::fromJson(QJsonObject{{QStringLiteral("format"), QStringLiteral("other")}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::ModelNotFound);
    }
};

QTEST_GUILESS_MAIN(TestMlFeatureTransform)
#include "test_ml_feature_transform.moc"
