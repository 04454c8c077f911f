// The real window, offscreen: first launch generates the demo plant in a worker and the banner
// says so; in Korean the banner is translated. Screenshots land in the build tree for people.

#include "core/audit/audit_log.h"
#include "core/config/config_loader.h"
#include "core/quality/alert_store.h"
#include "core/quality/quality_history.h"
#include "core/quality/quality_scheduler.h"
#include "tests/core/quality_test_plant.h"
#include "core/state/state_store.h"
#include "tests/core/registry_test_fixture.h"
#include "ui/demo_banner.h"
#include "ui/main_window.h"
#include "ui/model_versions_page.h"
#include "ui/quality_page.h"

#include <QApplication>
#include <QChart>
#include <QLineSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QPushButton>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace routing;
using routing::test::FixturePredictionSource;
using routing::test::QualityTestPlant;

class TestMainWindow final : public QObject
{
    Q_OBJECT
private:
    AppConfig configIn(const QTemporaryDir &dir)
    {
        auto cfg = ConfigLoader::loadText("database: {demo_items: 120, demo_seed: 3}\npaths: {base_dir: .}\n",
                                          dir.filePath(QStringLiteral("iter_training.yaml")));
        if (!cfg)
            qFatal("%s", qPrintable(cfg.error().message));
        return *cfg;
    }

    void saveShot(QWidget &w, const QString &name)
    {
        const QString dir = qEnvironmentVariableIsSet("ROUTING_SHOT_DIR")
                                ? qEnvironmentVariable("ROUTING_SHOT_DIR")
                                : QDir::current().absoluteFilePath(QStringLiteral("screenshots"));
        QDir().mkpath(dir);
        QVERIFY(w.grab().save(dir + u'/' + name));
    }

    /// Shows and starts the window; true once its data source (demo plant or ERP) is ready.
    static bool showAndWaitForData(ui::MainWindow &window, int timeoutMs = 30000)
    {
        QSignalSpy ready(&window, &ui::MainWindow::dataSourceReady);
        window.show();
        window.start();
        return ready.wait(timeoutMs);
    }

    /// Writes `count` succeeded cycles and one active MAE alert through the quality loop's own
    /// history and alert store.
    void seedQualityState(const AppConfig &config, int count)
    {
        StateStore state(config.stateDbPath());
        QVERIFY(state.open().has_value());
        quality::QualityHistory history(state);
        const QDateTime t0(QDate(2026, 11, 1), QTime(6, 0), Qt::UTC);
        for (int i = 0; i < count; ++i) {
            const QDateTime started = t0.addSecs(3600 * i);
            const auto id = history.begin(started, started, QStringLiteral("test"));
            QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
            quality::CycleHistoryRow row;
            row.cycleId = *id;
            row.startedAt = started;
            row.finishedAt = started.addSecs(30);
            row.asOf = started;
            row.status = QStringLiteral("succeeded");
            row.triggeredBy = QStringLiteral("test");
            row.level = QStringLiteral("normal");
            row.metrics.insert(QStringLiteral("mae_minutes"), 3.0 + i);
            row.metrics.insert(QStringLiteral("process_match"), 0.90 - 0.01 * i);
            row.metrics.insert(QStringLiteral("process_match_positional"), 0.50 - 0.01 * i);
            QVERIFY(history.finish(row).has_value());
        }
        quality::AlertStore alerts(state);
        quality::AlertSpec spec;
        spec.key = QStringLiteral("quality.mae_minutes");
        spec.severity = quality::Severity::Warning;
        spec.code = 3001;
        spec.metric = QStringLiteral("mae_minutes");
        spec.value = 7.0;
        spec.threshold = 5.0;
        spec.message = QStringLiteral("MAE 7.0 min is above the warning level 5.0");
        QVERIFY(alerts.raise(spec, QStringLiteral("c1"), t0).has_value());
    }

    static QList<double> thresholdLevels(QChart *chart)
    {
        QList<double> levels;
        for (QAbstractSeries *s : chart->series()) {
            const QVariant level = s->property("thresholdLevel");
            if (level.isValid()) {
                levels.append(level.toDouble());
                if (static_cast<QLineSeries *>(s)->count() != 2)
                    levels.append(-1.0); // a level line must span the chart
            }
        }
        return levels;
    }

    void saveTab(ui::MainWindow &window, QWidget *page, const QString &name)
    {
        window.tabs()->setCurrentWidget(page);
        QApplication::processEvents();
        saveShot(window, name);
    }

private slots:
    void qualityTabChartsTheHistoryWithThresholds()
    {
        QTemporaryDir dir;
        const AppConfig config = configIn(dir);
        seedQualityState(config, 5);
        ui::MainWindow window(config);
        QVERIFY(showAndWaitForData(window));
        ui::QualityPage *page = window.qualityPage();
        QVERIFY(page);
        QCOMPARE(page->maeSeries()->count(), 5);
        QCOMPARE(page->maeSeries()->at(4).y(), 7.0);
        QCOMPARE(page->processMatchSeries()->count(), 5);
        QCOMPARE(page->processMatchSeries()->at(0).y(), 90.0);
        QCOMPARE(thresholdLevels(page->maeChart()),
                 (QList<double>{config.thresholds.maeMinutes.warning,
                                config.thresholds.maeMinutes.critical}));
        QCOMPARE(thresholdLevels(page->processMatchChart()),
                 (QList<double>{config.thresholds.processMatch.warning * 100.0,
                                config.thresholds.processMatch.critical * 100.0}));
        QCOMPARE(page->alertTable()->rowCount(), 1);
        QCOMPARE(page->alertTable()->item(0, 0)->text(), QStringLiteral("Warning"));
        QCOMPARE(page->alertTable()->item(0, 1)->text(), QStringLiteral("3001"));
        // Composed from the alert's figures in the window's language; the stored text is the tip.
        QCOMPARE(page->alertTable()->item(0, 2)->text(),
                 QStringLiteral("MAE 7.0 min (Warning level 5.0 min)"));
        QCOMPARE(page->alertTable()->item(0, 2)->toolTip(),
                 QStringLiteral("MAE 7.0 min is above the warning level 5.0"));
        QVERIFY(page->alertTable()->item(0, 3)->text().isEmpty());
        saveTab(window, page, QStringLiteral("quality_en.png"));
        // The operator acknowledges it: who and when show in the table and stay in the store.
        page->alertTable()->setCurrentCell(0, 2);
        page->acknowledgeSelected();
        QVERIFY2(page->alertTable()->item(0, 3)->text().startsWith(AuditLog::currentOsUser()),
                 qPrintable(page->statusText()));
        {
            StateStore state(config.stateDbPath());
            QVERIFY(state.open().has_value());
            const auto active = quality::AlertStore(state).activeAlerts();
            QVERIFY(active && active->size() == 1 && active->first().isAcknowledged());
        }
        // … and in the window's audit trail, as the OS user.
        QFile trail(QDir(config.dataDir()).filePath(QStringLiteral("audit/audit.jsonl")));
        QVERIFY(trail.open(QIODevice::ReadOnly));
        const QByteArray audited = trail.readAll();
        QVERIFY2(audited.contains("alert.acknowledge"), audited.constData());

        // Shelving: a reason and a duration; it shows in the table, the store keeps it, and
        // unshelving ends it. Without a selection nothing happens but a hint.
        page->alertTable()->setCurrentCell(-1, -1);
        page->shelveSelected(4, QStringLiteral("sensor swap on WC-CNC-02"));
        QCOMPARE(page->statusText(), QStringLiteral("Select the alert to shelve first."));
        page->alertTable()->setCurrentCell(0, 2);
        page->shelveSelected(4, QStringLiteral("sensor swap on WC-CNC-02"));
        QVERIFY2(page->alertTable()->item(0, 4)->text().endsWith(AuditLog::currentOsUser()),
                 qPrintable(page->statusText()));
        QCOMPARE(page->alertTable()->item(0, 4)->toolTip(),
                 QStringLiteral("sensor swap on WC-CNC-02"));
        {
            StateStore state(config.stateDbPath());
            QVERIFY(state.open().has_value());
            const auto active = quality::AlertStore(state).activeAlerts();
            QVERIFY(active && active->size() == 1);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            QVERIFY(active->first().isShelved(now));
            QVERIFY(!active->first().isShelved(now.addSecs(4 * 3600 + 60)));
        }
        page->alertTable()->setCurrentCell(0, 2);
        page->unshelveSelected();
        QVERIFY2(page->alertTable()->item(0, 4)->text().isEmpty(), qPrintable(page->statusText()));

        // A cycle finished by the loop later shows up on refresh.
        seedQualityState(config, 1);
        page->refresh();
        QCOMPARE(page->maeSeries()->count(), 6);
    }

    void evaluateNowRunsACycleAndCharts()
    {
        // The Quality tab's button drives the console service's scheduler: a real cycle on the
        // quality loop's fixture plant, its point then on the chart.
        QTemporaryDir dir;
        const QString erp = dir.filePath(QStringLiteral("erp.db"));
        QVERIFY(QualityTestPlant::write(erp));
        AppConfig config = QualityTestPlant::config(dir.path(), erp);
        auto source = std::make_shared<FixturePredictionSource>();
        source->delta = 2.0; // every operation 2 minutes off: MAE 2
        quality::QualityScheduler scheduler(config, source);
        quality::CycleOptions options;
        options.asOf = QualityTestPlant::asOf();
        scheduler.setCycleOptions(options);
        ui::QualityPage page(nullptr, config.thresholds);
        QVERIFY(!page.evaluateButton()->isEnabled()); // no scheduler yet
        StateStore state(config.stateDbPath());
        QVERIFY(state.open().has_value());
        ui::QualityPage live(&state, config.thresholds);
        live.setScheduler(&scheduler);
        QVERIFY(live.evaluateButton()->isEnabled());
        QCOMPARE(live.maeSeries()->count(), 0);
        QSignalSpy finished(&scheduler, &quality::QualityScheduler::cycleFinished);
        live.evaluateButton()->click();
        QVERIFY(!live.evaluateButton()->isEnabled()); // one cycle at a time
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY(live.evaluateButton()->isEnabled());
        QCOMPARE(live.maeSeries()->count(), 1);
        QCOMPARE(live.maeSeries()->at(0).y(), 2.0);
        QVERIFY2(live.statusText().contains(QStringLiteral("Normal")), qPrintable(live.statusText()));
    }

    void processMatchChartFollowsTheConfiguredMeasure()
    {
        QTemporaryDir dir;
        AppConfig config = configIn(dir);
        config.thresholds.processMatchMeasure = ThresholdsConfig::ProcessMatchMeasure::Positional;
        seedQualityState(config, 3);
        ui::MainWindow window(config);
        QVERIFY(showAndWaitForData(window));
        ui::QualityPage *page = window.qualityPage();
        QCOMPARE(page->processMatchSeries()->count(), 3);
        QCOMPARE(page->processMatchSeries()->at(0).y(), 50.0); // the positional figures
        QCOMPARE(page->processMatchSeries()->name(), QStringLiteral("Process match (positional)"));
    }

    void alertTextsOfEveryKind()
    {
        // Each kind of alert the console raises reads as a sentence of the window's language,
        // composed from its figures; an unknown key shows the stored message.
        QTemporaryDir dir;
        const AppConfig config = configIn(dir);
        seedQualityState(config, 2); // plus the MAE alert
        {
            StateStore state(config.stateDbPath());
            QVERIFY(state.open().has_value());
            quality::AlertStore alerts(state);
            const QDateTime t0(QDate(2026, 11, 2), QTime(6, 0), Qt::UTC);
            const auto raise = [&](const QString &key, quality::Severity severity, int code,
                                   const QString &metric, std::optional<double> value,
                                   std::optional<double> threshold, const QString &message) {
                QVERIFY(alerts
                            .raise({key, severity, code, metric, value, threshold, message},
                                   QStringLiteral("c9"), t0)
                            .has_value());
            };
            raise(QStringLiteral("quality.process_match_positional"), quality::Severity::Critical,
                  3002, QStringLiteral("process_match_positional"), 0.52, 0.80, QStringLiteral("pm"));
            raise(QStringLiteral("quality.low_samples"), quality::Severity::Info, 0, QString(),
                  12.0, 3.0, QStringLiteral("low"));
            raise(QStringLiteral("quality.cycle_failed"), quality::Severity::Warning, 1001,
                  QString(), std::nullopt, std::nullopt, QStringLiteral("failed"));
            raise(QStringLiteral("retrain.queue_full"), quality::Severity::Warning, 1003,
                  QString(), std::nullopt, 3.0, QStringLiteral("full"));
            raise(QStringLiteral("model.auto_rollback"), quality::Severity::Critical, 1002,
                  QString(), std::nullopt, std::nullopt, QStringLiteral("rolled back"));
            raise(QStringLiteral("somebody.else"), quality::Severity::Info, 0, QString(),
                  std::nullopt, std::nullopt, QStringLiteral("as stored"));
        }
        ui::MainWindow window(config);
        QVERIFY(showAndWaitForData(window));
        QTableWidget *table = window.qualityPage()->alertTable();
        QHash<QString, QString> shown; // stored message -> the text in the table
        for (int row = 0; row < table->rowCount(); ++row)
            shown.insert(table->item(row, 2)->toolTip(), table->item(row, 2)->text());
        QCOMPARE(shown.value(QStringLiteral("pm")),
                 QStringLiteral("Process match (positional) 52.0% (Critical level 80.0%)"));
        QCOMPARE(shown.value(QStringLiteral("low")),
                 QStringLiteral("12 group(s) with fewer than 3 operations in the window"));
        QCOMPARE(shown.value(QStringLiteral("failed")),
                 QStringLiteral("The evaluation cycle failed (code 1001); the last good figures "
                                "stay on screen"));
        QCOMPARE(shown.value(QStringLiteral("full")),
                 QStringLiteral("The training queue is full (3 jobs): retraining was not queued"));
        QCOMPARE(shown.value(QStringLiteral("rolled back")),
                 QStringLiteral("The new model failed its probation and was rolled back"));
        QCOMPARE(shown.value(QStringLiteral("as stored")), QStringLiteral("as stored"));
    }

    void qualityTabInKorean()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/routing_console_ko.qm")));
        QCoreApplication::installTranslator(&translator);
        QTemporaryDir dir;
        const AppConfig config = configIn(dir);
        seedQualityState(config, 8);
        ui::MainWindow window(config);
        QVERIFY(showAndWaitForData(window));
        const int index = window.tabs()->indexOf(window.qualityPage());
        QCOMPARE(window.tabs()->tabText(index), QStringLiteral("품질"));
        QCOMPARE(window.qualityPage()->alertTable()->item(0, 0)->text(), QStringLiteral("경고"));
        QCOMPARE(window.qualityPage()->alertTable()->item(0, 2)->text(),
                 QStringLiteral("MAE 7.0분 (경고 기준 5.0분)"));
        saveTab(window, window.qualityPage(), QStringLiteral("quality_ko.png"));
        saveTab(window, window.modelsPage(), QStringLiteral("models_ko.png"));
        QCoreApplication::removeTranslator(&translator);
    }

    void modelsPageListsVersionsActivatesAndRollsBack()
    {
        registrytest::Fixture f;
        registry::ModelRegistry registry(f.options(), f.state, &f.audit);
        QVERIFY(registry.open().has_value());
        const QString v1 = f.add(registry);
        const QString v2 = f.add(registry);
        const QString broken = f.add(registry);
        QVERIFY(!v1.isEmpty() && !v2.isEmpty() && !broken.isEmpty());
        QVERIFY(registry.activate(v1, QStringLiteral("tester"), QStringLiteral("first")));

        ui::ModelVersionsPage page(&registry);
        page.setQuiet(true);
        QSignalSpy failed(&page, &ui::ModelVersionsPage::actionFailed);
        QTableWidget *table = page.versionTable();
        QCOMPARE(table->rowCount(), 3);
        const auto markerOf = [table](const QString &version) {
            for (int row = 0; row < table->rowCount(); ++row)
                if (table->item(row, ui::ModelVersionsPage::Version)->text() == version)
                    return table->item(row, ui::ModelVersionsPage::Marker)->text();
            return QStringLiteral("<missing>");
        };
        QCOMPARE(markerOf(v1), QStringLiteral("active"));
        QCOMPARE(page.historyTable()->rowCount(), 1);

        QVERIFY(page.activateVersion(v2, QStringLiteral("better trimmed MAE")));
        QCOMPARE(markerOf(v2), QStringLiteral("active"));
        QCOMPARE(markerOf(v1), QStringLiteral("previous"));
        QCOMPARE(page.historyTable()->rowCount(), 2);
        QCOMPARE(page.historyTable()->item(0, ui::ModelVersionsPage::Reason)->text(),
                 QStringLiteral("better trimmed MAE"));
        QCOMPARE(page.historyTable()->item(0, ui::ModelVersionsPage::Actor)->text(),
                 AuditLog::currentOsUser());

        QVERIFY(!page.activateVersion(v1, QStringLiteral("  ")));
        registrytest::flipByte(QDir(registry.versionDir(broken)).filePath(QStringLiteral("weights/w.bin")), 10);
        QVERIFY(!page.activateVersion(broken, QStringLiteral("try the broken one")));
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("1002")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(markerOf(v2), QStringLiteral("active"));

        QVERIFY(page.rollBack(QStringLiteral("operator rollback")));
        QCOMPARE(markerOf(v1), QStringLiteral("active"));
        QCOMPARE(page.historyTable()->item(0, ui::ModelVersionsPage::Kind)->text(),
                 QStringLiteral("rollback"));
        page.resize(1100, 640);
        page.show();
        saveShot(page, QStringLiteral("models_en.png"));
    }


    void firstLaunchGeneratesDemoPlantAndShowsBanner()
    {
        QTemporaryDir dir;
        const AppConfig config = configIn(dir);
        QVERIFY(!QFile::exists(config.erpSqlitePath()));
        ui::MainWindow window(config);
        QSignalSpy ready(&window, &ui::MainWindow::dataSourceReady);
        window.show();
        window.start();
        QVERIFY(window.demoBanner()->isVisible());
        QVERIFY(window.demoBanner()->text().contains(QStringLiteral("generating")));
        QVERIFY(ready.wait(60000));
        QCOMPARE(ready.first().first().toBool(), true);
        QVERIFY(QFile::exists(config.erpSqlitePath()));
        QVERIFY(window.demoBanner()->text().startsWith(QStringLiteral("DEMO DATA")));
        QCOMPARE(window.demoBanner()->plantFile(), config.erpSqlitePath());
        saveShot(window, QStringLiteral("main_window_en.png"));
    }

    void bannerIsTranslatedToKorean()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/routing_console_ko.qm")));
        QCoreApplication::installTranslator(&translator);
        QTemporaryDir dir;
        const AppConfig config = configIn(dir);
        ui::MainWindow window(config);
        QVERIFY(showAndWaitForData(window, 60000)); // generates the demo plant first
        QVERIFY2(window.demoBanner()->text().startsWith(QStringLiteral("데모 데이터")),
                 qPrintable(window.demoBanner()->text()));
        QCOMPARE(window.windowTitle(), QStringLiteral("라우팅 ML 운영 콘솔"));
        saveShot(window, QStringLiteral("main_window_ko.png"));
        QCoreApplication::removeTranslator(&translator);
        ui::MainWindow english(config);
        QCOMPARE(english.windowTitle(), QStringLiteral("Routing ML Operator Console"));
    }

    void configuredErpHasNoBanner()
    {
        QTemporaryDir dir;
        auto cfg = ConfigLoader::loadText("database: {path: plant.db}\npaths: {base_dir: .}\n", dir.filePath(QStringLiteral("c.yaml")));
        QVERIFY(cfg);
        ui::MainWindow window(*cfg);
        window.show();
        window.start();
        QVERIFY(!window.demoBanner()->isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
