#include "core/quality/threshold_evaluator.h"

#include <QTest>

using namespace routing;
using namespace routing::quality;

Q_DECLARE_METATYPE(routing::quality::Severity)

namespace {

MetricRule mae()
{
    return metricRules(ThresholdsConfig{})[0]; // warning 5, critical 10, clear 4.5
}

MetricRule match()
{
    return metricRules(
        ThresholdsConfig{})[2]; // warning 0.85, critical 0.80, clear 0.87, lower is worse
}

/// Feeds `values` cycle by cycle through assess() and returns the alert state after each.
QList<Severity> run(const MetricRule &rule, const QList<std::optional<double>> &values, int m = 2,
                    int n = 3)
{
    AlertsConfig alerts;
    alerts.debounceM = m;
    alerts.debounceN = n;
    QList<Severity> states;
    QList<std::optional<double>> history;
    Severity state = Severity::None;
    for (const auto &v : values) {
        state = assess(rule, v, history, state, alerts).state;
        states << state;
        history << v;
    }
    return states;
}

constexpr auto N = Severity::None;
constexpr auto W = Severity::Warning;
constexpr auto C = Severity::Critical;

} // namespace

class TestQualityThresholds final : public QObject
{
    Q_OBJECT
private slots:
    void levels_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("lowerIsWorse");
        QTest::addColumn<Severity>("expected");
        QTest::newRow("mae normal") << 4.99 << false << N;
        QTest::newRow("mae at warning") << 5.0 << false << W;
        QTest::newRow("mae at critical") << 10.0 << false << C;
        QTest::newRow("match normal") << 0.851 << true << N;
        QTest::newRow("match at warning") << 0.85 << true << W;
        QTest::newRow("match below critical") << 0.70 << true << C;
    }
    void levels()
    {
        QFETCH(double, value);
        QFETCH(bool, lowerIsWorse);
        QFETCH(Severity, expected);
        const MetricRule rule = lowerIsWorse ? match() : mae();
        QCOMPARE(breachLevel(value, rule.levels, rule.direction), expected);
    }

    void rulesCarryTheManualsCodes()
    {
        const auto rules = metricRules(ThresholdsConfig{});
        QCOMPARE(rules.size(), 4);
        QCOMPARE(rules[0].criticalCode, ErrorCode::MaeCritical);
        QCOMPARE(rules[1].criticalCode, ErrorCode::MaeCritical);
        QCOMPARE(rules[2].criticalCode, ErrorCode::ProcessMatchCritical);
        QVERIFY(rules[0].triggersRetraining && rules[2].triggersRetraining);
        QVERIFY(!rules[3].triggersRetraining); // CV: the data's variability, not the model's error
        QCOMPARE(rules[2].key, QStringLiteral("process_match"));

        ThresholdsConfig positional;
        positional.processMatchMeasure = ThresholdsConfig::ProcessMatchMeasure::Positional;
        const auto other = metricRules(positional);
        QCOMPARE(other[2].key, QStringLiteral("process_match_positional"));
        QCOMPARE(other[2].criticalCode, ErrorCode::ProcessMatchCritical);
        QCOMPARE(other[2].levels.critical, rules[2].levels.critical);
    }

    void sequences_data()
    {
        QTest::addColumn<bool>("lowerIsWorse");
        QTest::addColumn<QList<std::optional<double>>>("values");
        QTest::addColumn<QList<Severity>>("expected");
        using V = QList<std::optional<double>>;
        using S = QList<Severity>;
        // One noisy cycle does not raise (2 of 3 needed) …
        QTest::newRow("single spike") << false << V{3, 12, 3, 3} << S{N, N, N, N};
        // … two of three do, and straight to critical.
        QTest::newRow("two criticals") << false << V{3, 12, 3, 12} << S{N, N, N, C};
        QTest::newRow("warning then critical") << false << V{6, 6, 12, 12} << S{N, W, W, C};
        // Hysteresis: between clear (4.5) and warning (5) the alert stays; below 4.5 it clears.
        QTest::newRow("hysteresis") << false << V{6, 6, 4.8, 4.6, 4.4, 4.8} << S{N, W, W, W, N, N};
        // A critical alert with fewer than 2 criticals in the window de-escalates to warning.
        QTest::newRow("de-escalates") << false << V{12, 12, 6, 6, 6, 4} << S{N, C, C, W, W, N};
        // No value this cycle (nothing measured): the state is kept and the cycle does not count.
        QTest::newRow("missing value") << false << V{12, std::nullopt, 12} << S{N, N, C};
        // Process match is mirrored: lower is worse, clears only above 0.87.
        QTest::newRow("process match")
            << true << V{0.9, 0.79, 0.78, 0.86, 0.86, 0.88} << S{N, N, C, C, W, N};
    }
    void sequences()
    {
        QFETCH(bool, lowerIsWorse);
        QFETCH(QList<std::optional<double>>, values);
        QFETCH(QList<Severity>, expected);
        QCOMPARE(run(lowerIsWorse ? match() : mae(), values), expected);
    }

    void oneOfOneRaisesAtOnce() { QCOMPARE(run(mae(), {12, 3}, 1, 1), (QList<Severity>{C, N})); }

    void assessmentCountsTheWindow()
    {
        AlertsConfig alerts; // 2 of 3
        const Assessment a = assess(mae(), 11.0, {1.0, 6.0, 12.0, 3.0}, Severity::None, alerts);
        QCOMPARE(a.windowCycles, 3); // 12, 3, 11
        QCOMPARE(a.warningCycles, 2);
        QCOMPARE(a.criticalCycles, 2);
        QCOMPARE(a.level, C);
        QCOMPARE(a.state, C);
    }
};

QTEST_GUILESS_MAIN(TestQualityThresholds)
#include "test_quality_thresholds.moc"
