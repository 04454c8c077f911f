#include "ui/main_window.h"

#include "core/audit/audit_log.h"
#include "core/data/demo_plant_generator.h"
#include "core/registry/model_registry.h"
#include "core/state/state_store.h"
#include "ui/demo_banner.h"
#include "ui/model_versions_page.h"
#include "ui/overview_page.h"
#include "ui/quality_page.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

Q_LOGGING_CATEGORY(lcUi, "routing.ui")

namespace routing::ui {

MainWindow::MainWindow(AppConfig config, QWidget *parent)
    : QMainWindow(parent), m_config(std::move(config))
{
    setWindowTitle(tr("Routing ML Operator Console"));
    resize(1100, 720);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 8);
    m_banner = new DemoBanner(central);
    m_banner->setVisible(m_config.database.usesDemoPlant());
    layout->addWidget(m_banner);
    m_tabs = new QTabWidget(central);
    m_overview = new OverviewPage(m_config, m_tabs);
    m_tabs->addTab(m_overview, tr("Overview"));
    openState();
    m_quality = new QualityPage(m_state.get(), m_config.thresholds, m_tabs);
    m_quality->setAuditLog(m_audit.get()); // the window's own, opened with the state database
    m_tabs->addTab(m_quality, tr("Quality"));
    m_models = new ModelVersionsPage(m_registry.get(), m_tabs);
    m_tabs->addTab(m_models, tr("Models"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Starting…"));
}

MainWindow::~MainWindow() = default;

void MainWindow::useQualityScheduler(quality::QualityScheduler *scheduler)
{
    m_quality->setScheduler(scheduler);
}

void MainWindow::useModelRegistry(registry::ModelRegistry *registry)
{
    if (registry)
        m_models->setRegistry(registry);
}

void MainWindow::openState()
{
    // Local SQLite and the models directory only: cheap enough for the GUI thread.
    QDir().mkpath(QFileInfo(m_config.stateDbPath()).absolutePath());
    m_state = std::make_unique<StateStore>(m_config.stateDbPath());
    if (const auto s = m_state->open(); !s) {
        qCWarning(lcUi).noquote() << "state database unavailable:" << s.error().toString();
        m_state.reset();
        return;
    }
    m_audit = std::make_unique<AuditLog>(
        QDir(m_config.dataDir()).absoluteFilePath(QStringLiteral("audit/audit.jsonl")));
    m_registry = std::make_unique<registry::ModelRegistry>(
        registry::ModelRegistry::optionsFromConfig(m_config), *m_state, m_audit.get());
    if (const auto s = m_registry->open(); !s) {
        qCWarning(lcUi).noquote() << "model registry unavailable:" << s.error().toString();
        m_registry.reset();
    }
}

void MainWindow::start()
{
    if (!m_config.database.usesDemoPlant()) {
        m_overview->setPlantStatus(tr("Configured ERP database"));
        statusBar()->showMessage(tr("Ready"));
        emit dataSourceReady(true);
        return;
    }
    const QString plant = m_config.erpSqlitePath();
    if (QFileInfo::exists(plant)) {
        qCInfo(lcUi) << "running on the embedded demo plant" << plant;
        m_banner->showReady(plant);
        m_overview->setPlantStatus(tr("Demo plant present"));
        statusBar()->showMessage(tr("Ready — demo data"));
        emit dataSourceReady(true);
        return;
    }
    generateDemoPlant();
}

void MainWindow::generateDemoPlant()
{
    const QString plant = m_config.erpSqlitePath();
    qCInfo(lcUi) << "no database configured and no demo plant yet: generating" << plant;
    m_banner->showGenerating(0);
    m_overview->setPlantStatus(tr("Generating the demo plant…"));
    statusBar()->showMessage(tr("Generating the demo plant…"));

    QPointer<MainWindow> self(this);
    DemoPlantOptions options;
    options.outFile = plant;
    options.items = m_config.database.demoItems;
    options.seed = m_config.database.demoSeed;
    // The worker owns copies only; results come back through queued calls on the GUI thread.
    (void)QtConcurrent::run([self, options] {
        const auto result = routing::generateDemoPlant(options, [self](int percent) {
            QMetaObject::invokeMethod(qApp, [self, percent] {
                if (self)
                    self->m_banner->showGenerating(percent);
            }, Qt::QueuedConnection);
        });
        const bool ok = result.has_value();
        const QString message = ok ? QString() : result.error().toString();
        QMetaObject::invokeMethod(qApp, [self, ok, message] {
            if (self)
                self->onDemoGenerated(ok, message);
        }, Qt::QueuedConnection);
    });
}

void MainWindow::onDemoGenerated(bool ok, const QString &message)
{
    const QString plant = m_config.erpSqlitePath();
    if (ok) {
        qCInfo(lcUi) << "demo plant generated" << plant;
        m_banner->showReady(plant);
        m_overview->setPlantStatus(tr("Demo plant generated on this launch"));
        statusBar()->showMessage(tr("Ready — demo data"));
    } else {
        qCCritical(lcUi).noquote() << "demo plant generation failed:" << message;
        m_banner->showFailed(message);
        m_overview->setPlantStatus(message);
        statusBar()->showMessage(tr("Demo plant generation failed"));
    }
    emit dataSourceReady(ok);
}

} // namespace routing::ui
