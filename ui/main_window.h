#pragma once

#include "core/config/app_config.h"

#include <QMainWindow>

class QTabWidget;

namespace routing::ui {

class DemoBanner;
class OverviewPage;

/// The console's main window. On the embedded demo plant it shows the demo banner and, on the
/// first launch, generates the plant in a worker thread (the GUI thread never waits on it).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppConfig config, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    /// Starts the data source: generates the demo plant if it is configured and missing.
    void start();
    DemoBanner *demoBanner() const { return m_banner; }

signals:
    /// Emitted once the data source is ready (or failed), for tests and the status bar.
    void dataSourceReady(bool ok);

private:
    void generateDemoPlant();
    void onDemoGenerated(bool ok, const QString &message);

    AppConfig m_config;
    DemoBanner *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    OverviewPage *m_overview = nullptr;
};

} // namespace routing::ui
