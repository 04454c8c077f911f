#include "core/quality/sampler.h"

#include <QSet>
#include <QTest>

#include <numeric>

using namespace routing;
using namespace routing::quality;

namespace {

QStringList codes(int n, const QString &prefix = QStringLiteral("IT"))
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("%1%2").arg(prefix).arg(i, 5, 10, QLatin1Char('0'));
    return out;
}

SampleRequest request(SamplingConfig::Strategy strategy, int size, quint64 seed = 42)
{
    SampleRequest r;
    r.strategy = strategy;
    r.size = size;
    r.seed = seed;
    r.minPopulation = 1;
    return r;
}

} // namespace

class TestQualitySampler final : public QObject
{
    Q_OBJECT
private slots:
    void seededRandomIsTheStandardEngine()
    {
        // 2^63 divides 2^64, so below(2^63) rejects nothing and returns the engine's outputs mod
        // 2^63. mt19937_64 with its default seed 5489 starts with 14514284786278117030 and its
        // 10000th output is 9981545732273789042 (required by the standard, [rand.predef]).
        const quint64 half = quint64(1) << 63;
        SeededRandom r(5489);
        QCOMPARE(r.below(half), quint64(14514284786278117030ULL) % half);
        for (int i = 2; i < 10000; ++i)
            r.below(half);
        QCOMPARE(r.below(half), quint64(9981545732273789042ULL) % half);
        SeededRandom a(7), b(7);
        for (int i = 0; i < 1000; ++i) {
            const quint64 x = a.below(10);
            QVERIFY(x < 10);
            QCOMPARE(x, b.below(10));
        }
    }

    void largestRemainder_data()
    {
        QTest::addColumn<QList<qint64>>("populations");
        QTest::addColumn<int>("n");
        QTest::addColumn<QList<int>>("expected");
        // 10·(5, 3, 2)/10 exact.
        QTest::newRow("exact") << QList<qint64>{5, 3, 2} << 10 << QList<int>{5, 3, 2};
        // 7·(6, 3, 1)/10 = 4.2, 2.1, 0.7 → floors 4 2 0, one left goes to the largest remainder
        // (0.7).
        QTest::newRow("remainder") << QList<qint64>{6, 3, 1} << 7 << QList<int>{4, 2, 1};
        // More strata than draws: 3 draws over 5 strata of 1 — ties go to the lower index.
        QTest::newRow("more strata than sample")
            << QList<qint64>{1, 1, 1, 1, 1} << 3 << QList<int>{1, 1, 1, 0, 0};
        // The original's max(1, ⌊n·p⌋) gave every one of 400 strata 1 and the largest a negative
        // count; here 10 draws over a skewed 400-strata plant.
        QTest::newRow("skewed, many strata") <<
            [] {
                QList<qint64> p{400, 200};
                for (int i = 0; i < 398; ++i)
                    p << (i < 199 ? 2 : 1);
                return p;
            }() << 10
                                             << [] {
                                                    // N = 400 + 200 + 199·2 + 199 = 1197. Quotas
                                                    // 4000/1197 = 3 r 409, 2000/1197 = 1 r 803,
                                                    // 20/1197 = 0 r 20, 10/1197 = 0 r 10. Floors
                                                    // give 4; the 6 left go to remainders 803, 409,
                                                    // then four of the 20s (lower index first).
                                                    QList<int> e{4, 2};
                                                    for (int i = 0; i < 398; ++i)
                                                        e << (i < 4 ? 1 : 0);
                                                    return e;
                                                }();
        QTest::newRow("sample larger than population")
            << QList<qint64>{2, 1} << 10 << QList<int>{2, 1};
        QTest::newRow("empty strata ignored") << QList<qint64>{0, 4, 0} << 2 << QList<int>{0, 2, 0};
    }
    void largestRemainder()
    {
        QFETCH(QList<qint64>, populations);
        QFETCH(int, n);
        QFETCH(QList<int>, expected);
        const QList<int> got = allocateLargestRemainder(populations, n);
        QCOMPARE(got, expected);
        const qint64 total = std::accumulate(populations.cbegin(), populations.cend(), qint64(0));
        QCOMPARE(qint64(std::accumulate(got.cbegin(), got.cend(), 0)), std::min<qint64>(n, total));
        for (qsizetype i = 0; i < got.size(); ++i) {
            QVERIFY(got[i] >= 0);
            QVERIFY(got[i] <= populations[i]);
        }
    }

    void sameSeedSameSampleOtherSeedOtherSample()
    {
        SamplePopulation pop;
        pop.eligible = codes(1000);
        const auto a = drawSample(pop, request(SamplingConfig::Strategy::Random, 50, 42));
        QVERIFY(a);
        std::reverse(pop.eligible.begin(), pop.eligible.end()); // fetch order must not matter
        const auto b = drawSample(pop, request(SamplingConfig::Strategy::Random, 50, 42));
        const auto c = drawSample(pop, request(SamplingConfig::Strategy::Random, 50, 43));
        QCOMPARE(a->items, b->items);
        QVERIFY(a->items != c->items);
        QCOMPARE(a->items.size(), 50);
        QCOMPARE(QSet<QString>(a->items.cbegin(), a->items.cend()).size(), 50);
        QVERIFY(std::is_sorted(a->items.cbegin(), a->items.cend()));
    }

    void goldenSampleIsPlatformIndependent()
    {
        // Pinned output: a standard library whose integer distribution differs would change
        // this list; ours depends only on mt19937_64 and integer arithmetic.
        SamplePopulation pop;
        pop.eligible = codes(100);
        const auto s = drawSample(pop, request(SamplingConfig::Strategy::Random, 5, 42));
        QVERIFY(s);
        const QStringList golden = s->items;
        qInfo() << "golden sample" << golden;
        QCOMPARE(golden, (QStringList{QStringLiteral("IT00006"), QStringLiteral("IT00016"),
                                      QStringLiteral("IT00057"), QStringLiteral("IT00078"),
                                      QStringLiteral("IT00098")}));
    }

    void stratifiedFollowsTheAllocation()
    {
        SamplePopulation pop;
        const QStringList a = codes(60, QStringLiteral("A")), b = codes(30, QStringLiteral("B")),
                          c = codes(10, QStringLiteral("C"));
        pop.eligible = a + b + c + QStringList{QStringLiteral("Z1")};
        for (const QString &x : a)
            pop.strata.insert(x, QStringLiteral("FAM-A"));
        for (const QString &x : b)
            pop.strata.insert(x, QStringLiteral("FAM-B"));
        for (const QString &x : c)
            pop.strata.insert(x, QStringLiteral("FAM-C"));
        // Z1 has no stratum (NULL PART_TYPE): a stratum "" of its own.
        const auto s = drawSample(pop, request(SamplingConfig::Strategy::Stratified, 20));
        QVERIFY(s);
        QCOMPARE(s->items.size(), 20);
        QCOMPARE(s->population, 101);
        // 20·(60, 30, 10, 1)/101 = 11.88, 5.94, 1.98, 0.198 → 11 5 1 0 + 3 to the largest
        // remainders.
        QCOMPARE(s->strata.size(), 4);
        QCOMPARE(s->strata[0].stratum, QStringLiteral("FAM-A"));
        QCOMPARE(s->strata[0].sampled, 12);
        QCOMPARE(s->strata[1].sampled, 6);
        QCOMPARE(s->strata[2].sampled, 2);
        QCOMPARE(s->strata[3].stratum, QString());
        QCOMPARE(s->strata[3].sampled, 0);
        int inA = 0;
        for (const QString &x : s->items)
            inA += x.startsWith(u'A');
        QCOMPARE(inA, 12);
    }

    void recentBiasTakesHalfFromRecentItems()
    {
        SamplePopulation pop;
        pop.eligible = codes(200);
        pop.recent = codes(200).mid(0, 30) + QStringList{QStringLiteral("NOT-ELIGIBLE")};
        const auto s = drawSample(pop, request(SamplingConfig::Strategy::RecentBias, 40));
        QVERIFY(s);
        QCOMPARE(s->recentPopulation, 30);
        QCOMPARE(s->recentSampled, 20);
        QCOMPARE(s->randomSampled, 20);
        QCOMPARE(s->items.size(), 40);
        QCOMPARE(QSet<QString>(s->items.cbegin(), s->items.cend()).size(), 40);
        QVERIFY(!s->items.contains(QStringLiteral("NOT-ELIGIBLE")));
        // Few recent items: all of them, the rest at random.
        pop.recent = codes(5);
        const auto few = drawSample(pop, request(SamplingConfig::Strategy::RecentBias, 40));
        QCOMPARE(few->recentSampled, 5);
        QCOMPARE(few->randomSampled, 35);
    }

    void minPopulationIsEnforcedWithAClearMessage()
    {
        SamplePopulation pop;
        pop.eligible = codes(57);
        SampleRequest r = request(SamplingConfig::Strategy::Random, 500);
        r.minPopulation = 100;
        r.populationLabel =
            QStringLiteral("items have work-order results between 2025-01-01 and 2025-01-31");
        const auto s = drawSample(pop, r);
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::InvalidData);
        QVERIFY2(
            s.error().message.contains(QStringLiteral("only 57 items have work-order results")),
            qPrintable(s.error().message));
        QVERIFY(s.error().message.contains(QStringLiteral("sampling.min_population (100)")));
        r.minPopulation = 50; // enough: the whole population is taken
        const auto all = drawSample(pop, r);
        QVERIFY(all);
        QCOMPARE(all->items.size(), 57);
        QCOMPARE(all->requestedSize, 500);
    }

    void strategyNamesRoundTrip()
    {
        for (auto s : {SamplingConfig::Strategy::Random, SamplingConfig::Strategy::Stratified,
                       SamplingConfig::Strategy::RecentBias})
            QCOMPARE(strategyFromName(strategyName(s)), s);
        QVERIFY(!strategyFromName(QStringLiteral("newest")));
    }
};

QTEST_GUILESS_MAIN(TestQualitySampler)
#include "test_quality_sampler.moc"
