#pragma once

#include "core/config/app_config.h"

#include <QMainWindow>

#include <memory>

class QTabWidget;

namespace routing {
class AuditLog;
class StateStore;
} // namespace routing

namespace routing::quality {
class QualityScheduler;
}

namespace routing::registry {
class ModelRegistry;
}

namespace routing::ui {

class DemoBanner;
class ModelVersionsPage;
class OverviewPage;
class QualityPage;

/// The console's main window. On the embedded demo plant it shows the demo banner and, on the
/// first launch, generates the plant in a worker thread (the GUI thread never waits on it).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppConfig config, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Activations and rollbacks from the Models tab go through this registry (the console
    /// service's in the same process), so the live model is swapped at once; without it the
    /// window's own registry is used and the service notices the change on its next check.
    void useModelRegistry(registry::ModelRegistry *registry);
    /// "Evaluate now" on the Quality tab runs cycles through this scheduler (the service's).
    void useQualityScheduler(quality::QualityScheduler *scheduler);
    Q_DISABLE_COPY_MOVE(MainWindow)

    /// Starts the data source: generates the demo plant if it is configured and missing.
    void start();
    DemoBanner *demoBanner() const { return m_banner; }
    QualityPage *qualityPage() const { return m_quality; }
    ModelVersionsPage *modelsPage() const { return m_models; }
    QTabWidget *tabs() const { return m_tabs; }

signals:
    /// Emitted once the data source is ready (or failed), for tests and the status bar.
    void dataSourceReady(bool ok);

private:
    void openState();
    void generateDemoPlant();
    void onDemoGenerated(bool ok, const QString &message);

    AppConfig m_config;
    DemoBanner *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    OverviewPage *m_overview = nullptr;
    QualityPage *m_quality = nullptr;
    ModelVersionsPage *m_models = nullptr;
    // The window's own handles on the state database and the registry (the service in the same
    // process has its own; the registry serialises changes with its lock file).
    std::unique_ptr<StateStore> m_state;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<registry::ModelRegistry> m_registry;
};

} // namespace routing::ui
