// The real window, offscreen: first launch generates the demo plant in a worker and the banner
// says so; in Korean the banner is translated. Screenshots land in the build tree for people.

#include "core/config/config_loader.h"
#include "ui/demo_banner.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace routing;

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
        const QString dir = QDir::current().absoluteFilePath(QStringLiteral("screenshots"));
        QDir().mkpath(dir);
        QVERIFY(w.grab().save(dir + u'/' + name));
    }

private slots:
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
        QSignalSpy ready(&window, &ui::MainWindow::dataSourceReady);
        window.show();
        window.start();
        QVERIFY(ready.wait(60000));
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
        auto cfg = ConfigLoader::loadText("database: {path: plant.db}\n", dir.filePath(QStringLiteral("c.yaml")));
        QVERIFY(cfg);
        ui::MainWindow window(*cfg);
        window.show();
        window.start();
        QVERIFY(!window.demoBanner()->isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
