#include "core/config/config_loader.h"
#include "tests/support/test_paths.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace routing;

class TestConfigLoader final : public QObject
{
    Q_OBJECT
private slots:
    void shippedConfigParsesEveryKey()
    {
        const QString path = test::sourceDir() + QStringLiteral("/config/iter_training.yaml");
        const auto cfg = ConfigLoader::loadFile(path);
        QVERIFY2(cfg, cfg ? "" : qPrintable(cfg.error().message));
        QCOMPARE(cfg->sampling.sampleSize, 500);
        QCOMPARE(cfg->sampling.strategy, SamplingConfig::Strategy::Stratified);
        QCOMPARE(cfg->sampling.seed.value(), quint64(42));
        QCOMPARE(cfg->sampling.strataColumn, QStringLiteral("PART_TYPE"));
        QCOMPARE(cfg->sampling.recentDaysWindow, 30);
        QCOMPARE(cfg->sampling.minPopulation, 100);
        QCOMPARE(cfg->thresholds.maeMinutes.warning, 5.0);
        QCOMPARE(cfg->thresholds.maeMinutes.critical, 10.0);
        QCOMPARE(cfg->thresholds.trimMaeMinutes.warning, 3.5);
        QCOMPARE(cfg->thresholds.processMatch.warning, 0.85);
        QCOMPARE(cfg->thresholds.processMatch.critical, 0.80);
        QCOMPARE(cfg->thresholds.cv.warning, 0.3);
        QCOMPARE(cfg->thresholds.cv.critical, 0.5);
        QCOMPARE(cfg->thresholds.sampleCountMin, 3);
        QCOMPARE(cfg->thresholds.trimRatio, 0.10);
        QCOMPARE(cfg->queue.maxSize, 3);
        QCOMPARE(cfg->queue.maxRetries, 2);
        QCOMPARE(cfg->queue.retryBackoffSeconds, 60);
        QCOMPARE(cfg->queue.cooldownHours, 24.0);
        QCOMPARE(cfg->training.minImprovementPct, 5.0);
        QCOMPARE(cfg->training.modelCandidates,
                 QStringList({QStringLiteral("baseline"), QStringLiteral("xgboost"), QStringLiteral("mlp"),
                              QStringLiteral("stacking")}));
        QCOMPARE(cfg->training.mlp.hiddenLayerSizes, QList<int>({128, 64}));
        QCOMPARE(cfg->training.xgboost.earlyStoppingRounds, 30);
        QCOMPARE(cfg->evaluation.windowDays, 30);
        QCOMPARE(cfg->schedule.dailyTime.value(), QTime(2, 0));
        QCOMPARE(cfg->http.bindAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(cfg->http.port, 8000);
        QCOMPARE(cfg->retention.logsDays, 30);
        QCOMPARE(cfg->retention.reportsDays, 90);
        QCOMPARE(cfg->retention.keepVersions, 10);
        QCOMPARE(cfg->database.driver, QStringLiteral("QSQLITE"));
        QVERIFY(cfg->database.usesDemoPlant());
        QCOMPARE(cfg->database.actualsToMinutes(), 60.0);
        QCOMPARE(cfg->database.schema.workOrderView, QStringLiteral("BI_WORK_ORDER_RESULTS"));
        QCOMPARE(cfg->features.numeric.size(), 8);
        // Paths resolve against the folder above config/.
        QCOMPARE(cfg->logsDir(), QDir::cleanPath(test::sourceDir() + QStringLiteral("/logs")));
        QCOMPARE(cfg->erpSqlitePath(), QDir::cleanPath(test::sourceDir() + QStringLiteral("/data/demo_plant.db")));
    }

    void overridesAndColumnMapping()
    {
        const QByteArray yaml = "database:\n"
                                "  driver: QODBC\n"
                                "  dialect: mssql\n"
                                "  connection_string: \"Driver={ODBC Driver 18 for SQL Server};Server=tcp:h,1433;\"\n"
                                "  actuals_unit: minutes\n"
                                "  views: {items: dbo.ITEMS}\n"
                                "  columns:\n"
                                "    work_orders: {REPORT_DT: RPT_DATE}\n"
                                "sampling: {seed: null, strategy: random}\n"
                                "schedule: {enabled: true, interval_minutes: 15}\n";
        const auto cfg = ConfigLoader::loadText(yaml, QStringLiteral("x.yaml"));
        QVERIFY2(cfg, cfg ? "" : qPrintable(cfg.error().message));
        QCOMPARE(cfg->database.dialect, SqlDialectKind::MsSql);
        QVERIFY(!cfg->database.usesDemoPlant());
        QCOMPARE(cfg->database.actualsToMinutes(), 1.0);
        QCOMPARE(cfg->database.schema.itemView, QStringLiteral("dbo.ITEMS"));
        QCOMPARE(cfg->database.schema.workOrderColumn(QStringLiteral("REPORT_DT")), QStringLiteral("RPT_DATE"));
        QCOMPARE(cfg->database.schema.workOrderColumn(QStringLiteral("ITEM_CD")), QStringLiteral("ITEM_CD"));
        QVERIFY(!cfg->sampling.seed.has_value());
        QCOMPARE(cfg->sampling.strategy, SamplingConfig::Strategy::Random);
        QCOMPARE(cfg->schedule.intervalMinutes, 15);
    }

    void refusesInvalid_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        // Each expected text names the file, line:column, the key and what is allowed.
        QTest::newRow("typo key") << QByteArray("sampling:\n  sample_sise: 10\n")
                                  << "cfg.yaml:2:3: unknown key 'sample_sise' in 'sampling' (did you mean 'sample_size'?)";
        QTest::newRow("unknown section") << QByteArray("samplin:\n  x: 1\n")
                                         << "cfg.yaml:1:1: unknown key 'samplin' in the top level (did you mean 'sampling'?)";
        QTest::newRow("out of range") << QByteArray("sampling:\n  sample_size: 5\n")
                                      << "cfg.yaml:2:16: sampling.sample_size: 5 is out of range; allowed [10, 10000]";
        QTest::newRow("not a number") << QByteArray("thresholds:\n  trim_ratio: lots\n")
                                      << "cfg.yaml:2:15: thresholds.trim_ratio: 'lots' is not a number; allowed [0, 0.49]";
        QTest::newRow("not an integer") << QByteArray("queue:\n  max_size: 2.5\n")
                                        << "cfg.yaml:2:13: queue.max_size: '2.5' is not an integer; allowed [1, 10]";
        QTest::newRow("enum") << QByteArray("sampling:\n  strategy: clever\n")
                              << "sampling.strategy: 'clever' is not allowed; allowed: random, stratified, recent_bias";
        QTest::newRow("match measure") << QByteArray("thresholds:\n  process_match_measure: lcs\n")
                                       << "thresholds.process_match_measure: 'lcs' is not allowed; allowed: aligned, positional";
        QTest::newRow("levels order") << QByteArray("thresholds:\n  mae_minutes: {warning: 12, critical: 10, clear: 4}\n")
                                      << "cfg.yaml:2:16: thresholds.mae_minutes: levels must satisfy clear <= warning <= critical";
        QTest::newRow("match order") << QByteArray("thresholds:\n  process_match: {warning: 0.7, critical: 0.8, clear: 0.9}\n")
                                     << "thresholds.process_match: levels must satisfy critical <= warning <= clear";
        QTest::newRow("match range") << QByteArray("thresholds:\n  process_match: {warning: 85, critical: 0.8, clear: 0.9}\n")
                                     << "thresholds.process_match.warning: 85 is out of range; allowed [0, 1]";
        QTest::newRow("trim above mae") << QByteArray("thresholds:\n  trim_mae_minutes: {warning: 6, critical: 7, clear: 3}\n")
                                        << "thresholds.trim_mae_minutes: warning (6) must not exceed mae_minutes.warning (5)";
        QTest::newRow("candidate") << QByteArray("training:\n  model_candidates: [baseline, lstm]\n")
                                   << "cfg.yaml:2:32: training.model_candidates: 'lstm' is not allowed";
        QTest::newRow("no candidates") << QByteArray("training:\n  model_candidates: []\n")
                                       << "training.model_candidates: at least one candidate is required";
        QTest::newRow("mapping expected") << QByteArray("queue: 3\n")
                                          << "cfg.yaml:1:8: queue: expected a mapping of keys";
        QTest::newRow("password in file") << QByteArray("database:\n  driver: QODBC\n  dialect: postgresql\n"
                                                        "  connection_string: \"Driver={PostgreSQL Unicode};PWD=secret;\"\n")
                                          << "database.connection_string: must not contain a password";
        QTest::newRow("odbc without string") << QByteArray("database:\n  driver: QODBC\n  dialect: mssql\n")
                                             << "database.connection_string: is required with driver QODBC";
        QTest::newRow("sqlite dialect") << QByteArray("database:\n  dialect: mssql\n")
                                        << "database.dialect: driver QSQLITE needs dialect sqlite";
        QTest::newRow("bad column") << QByteArray("database:\n  columns:\n    items: {ITEM_CODE: X}\n")
                                    << "database.columns.items.ITEM_CODE: 'ITEM_CODE' is not a contract column";
        QTest::newRow("daily time") << QByteArray("schedule:\n  daily_time: \"25:00\"\n")
                                    << "schedule.daily_time: '25:00' is not a time; allowed HH:mm";
        QTest::newRow("bind") << QByteArray("http:\n  bind_address: everywhere\n")
                              << "http.bind_address: 'everywhere' is not an IP address";
        QTest::newRow("port") << QByteArray("http:\n  port: 70000\n")
                              << "http.port: 70000 is out of range; allowed [0, 65535]";
        QTest::newRow("debounce") << QByteArray("alerts:\n  debounce_m: 4\n  debounce_n: 3\n")
                                  << "alerts.debounce_m: must not exceed debounce_n (3)";
        QTest::newRow("negative seed") << QByteArray("sampling:\n  seed: -1\n")
                                       << "sampling.seed: '-1' is not a non-negative integer";
        QTest::newRow("feature twice") << QByteArray("features:\n  categorical: [PART_TYPE]\n  numeric: [OUTDIAMETER, OUTDIAMETER]\n")
                                       << "features.numeric: 'OUTDIAMETER' is listed twice";
        QTest::newRow("syntax") << QByteArray("sampling:\n  sample_size: [1,\n")
                                << "cfg.yaml:3:1: YAML syntax error";
        QTest::newRow("empty") << QByteArray("") << "cfg.yaml: the file is empty";
        QTest::newRow("list top") << QByteArray("- a\n- b\n") << "cfg.yaml: the top level must be a mapping";
    }

    void refusesInvalid()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const auto cfg = ConfigLoader::loadText(yaml, QStringLiteral("cfg.yaml"));
        QVERIFY(!cfg);
        QCOMPARE(cfg.error().code, ErrorCode::Config);
        QVERIFY2(cfg.error().message.contains(expected),
                 qPrintable(QStringLiteral("\nexpected: %1\nactual:   %2").arg(expected, cfg.error().message)));
    }

    void reportsEveryProblemNotJustTheFirst()
    {
        const auto cfg = ConfigLoader::loadText("sampling:\n  sample_size: 1\nqueue:\n  max_size: 99\n  colldown: 3\n",
                                                QStringLiteral("c.yaml"));
        QVERIFY(!cfg);
        QCOMPARE(cfg.error().message.count(u'\n'), 2);
        QVERIFY(cfg.error().message.contains(QStringLiteral("c.yaml:5:3: unknown key 'colldown'")));
    }

    void missingFileIsAnError()
    {
        const auto cfg = ConfigLoader::loadFile(QStringLiteral("/nonexistent/iter_training.yaml"));
        QVERIFY(!cfg);
        QVERIFY(cfg.error().message.contains(QStringLiteral("no such configuration file")));
    }

    void relativeBaseDirResolvesAgainstTheConfigFolder()
    {
        QTemporaryDir dir;
        const auto cfg = ConfigLoader::loadText("paths: {base_dir: plant, logs: l}\n",
                                                dir.filePath(QStringLiteral("conf/c.yaml")));
        QVERIFY(cfg);
        QCOMPARE(cfg->logsDir(), QDir::cleanPath(dir.filePath(QStringLiteral("conf/plant/l"))));
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "test_config_loader.moc"
