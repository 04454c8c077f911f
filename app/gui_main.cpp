#include "app/gui_main.h"

#include "app/command.h"
#include "app/log_setup.h"
#include "core/config/config_loader.h"
#include "core/service/console_service.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QMessageBox>

namespace routing::app {

int runGui(const QString &configPath)
{
    const QString path = configPath.isEmpty() ? ConfigLoader::defaultConfigPath() : configPath;
    auto config = path.isEmpty() ? Result<AppConfig>(fail(ErrorCode::Config,
                                                          QApplication::translate("routing::app",
                                                              "No configuration file found. Pass --config FILE.")))
                                 : ConfigLoader::loadFile(path);
    if (!config) {
        QMessageBox::critical(nullptr, QApplication::translate("routing::app", "Configuration error"),
                              config.error().message);
        return ExitUsage;
    }
    installLogging({config->logsDir(), config->logging.level, config->logging.maxFileMb,
                    config->logging.maxFiles, config->retention.logsDays, true});
    // The same scheduler, job runner and HTTP endpoint as `serve`, owned by the window's process.
    auto consoleService = service::startConsoleService(
        *config, {.auditLogPath = auditLogPath(*config), .version = QStringLiteral(ROUTING_VERSION), .runner = {}});
    if (!consoleService)
        QMessageBox::warning(nullptr, QApplication::translate("routing::app", "HTTP endpoint"),
                             consoleService.error().message);
    ui::MainWindow window(*config);
    if (consoleService) {
        window.useModelRegistry((*consoleService)->registry());
        window.useQualityScheduler((*consoleService)->scheduler());
    }
    window.show();
    window.start();
    const int rc = QApplication::exec();
    shutdownLogging();
    return rc;
}

} // namespace routing::app
