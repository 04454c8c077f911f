// serve: the console without a window — scheduler, training jobs and the HTTP endpoint — for a
// server, a container or a Windows service. Stops cleanly on SIGTERM/SIGINT (Ctrl+C, console
// close and shutdown events on Windows).

#include "app/cmd_jobs_support.h"
#include "app/command_registry.h"
#include "core/service/console_service.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSocketNotifier>

#include <memory>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace routing::app {
namespace {

#ifdef Q_OS_WIN
BOOL WINAPI onConsoleControl(DWORD type)
{
    switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        // Runs on a thread of its own: quit() is thread-safe (posts to the main loop).
        QMetaObject::invokeMethod(QCoreApplication::instance(), &QCoreApplication::quit,
                                  Qt::QueuedConnection);
        return TRUE;
    default:
        return FALSE;
    }
}

/// Returns a guard object (unused on Windows).
std::unique_ptr<QObject> installStopHandlers()
{
    SetConsoleCtrlHandler(onConsoleControl, TRUE);
    return nullptr;
}
#else
int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: the byte wakes the notifier in the event loop.
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

std::unique_ptr<QObject> installStopHandlers()
{
    if (::pipe(g_signalPipe) != 0)
        return nullptr;
    ::fcntl(g_signalPipe[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalPipe[1], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalPipe[1], F_SETFL, O_NONBLOCK);
    auto notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(notifier.get(), &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        char buffer[16];
        [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[0], buffer, sizeof buffer);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGHUP, &action, nullptr);
    return notifier;
}
#endif

int runServe(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("serve");
    if (!ctx.options.positionalArguments().isEmpty())
        return usageError(
            cmd, QCoreApplication::translate("routing::app", "takes no positional argument"));
    AppConfig config = *ctx.config;
    if (ctx.options.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const int port = ctx.options.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return usageError(
                cmd, QCoreApplication::translate("routing::app",
                                                 "--port must be 0..65535 (0: any free port)"));
        config.http.port = port;
        config.http.enabled = true;
    }
    if (config.database.usesDemoPlant() && !QFileInfo::exists(config.erpSqlitePath()))
        printErr(QStringLiteral("serve: %1\n")
                     .arg(QCoreApplication::translate(
                              "routing::app",
                              "the demo plant %1 does not exist yet; create it with "
                              "`routing-console init-demo` (until then /health reports the "
                              "database DOWN)")
                              .arg(config.erpSqlitePath())));

    service::ConsoleServiceOptions options;
    options.auditLogPath = auditLogPath(config);
    options.version = QStringLiteral(ROUTING_VERSION);
    options.runScheduler = !ctx.options.isSet(QStringLiteral("no-schedule"));
    options.runJobs = !ctx.options.isSet(QStringLiteral("no-jobs"));
    const auto stopGuard = installStopHandlers();
    auto service = service::startConsoleService(config, options);
    if (!service)
        return failure(cmd, service.error());
    if ((*service)->httpPort())
        printOut(
            QStringLiteral("serve: %1\n")
                .arg(QCoreApplication::translate(
                         "routing::app", "listening on %1 (health: %1/health, metrics: %1/metrics)")
                         .arg((*service)->httpUrl())));
    else
        printOut(QStringLiteral("serve: %1\n")
                     .arg(QCoreApplication::translate(
                         "routing::app", "the HTTP endpoint is off (http.enabled: false)")));
    printOut(QStringLiteral("serve: %1\n")
                 .arg(QCoreApplication::translate("routing::app",
                                                  "running; stop with Ctrl+C or SIGTERM")));

    QCoreApplication::exec();

    printErr(
        QStringLiteral("serve: %1\n").arg(QCoreApplication::translate("routing::app", "stopping")));
    (*service)->shutdown();
    service->reset();
    printErr(
        QStringLiteral("serve: %1\n").arg(QCoreApplication::translate("routing::app", "stopped")));
    return ExitOk;
}

} // namespace

QList<CommandSpec> serviceCommands()
{
    CommandSpec serve;
    serve.name = QStringLiteral("serve");
    serve.summary = QT_TRANSLATE_NOOP(
        "routing::app",
        "Run headless: quality schedule, training jobs and the HTTP endpoint (no window).");
    serve.addOptions = [](QCommandLineParser &p) {
        p.addOption(
            {QStringLiteral("port"),
             QCoreApplication::translate(
                 "routing::app", "Listen on this port instead of http.port (0: any free port)."),
             QStringLiteral("N")});
        p.addOption(
            {QStringLiteral("no-schedule"),
             QCoreApplication::translate(
                 "routing::app", "Do not arm the evaluation schedule (API requests still run).")});
        p.addOption({QStringLiteral("no-jobs"),
                     QCoreApplication::translate(
                         "routing::app", "Do not run the training queue in this process.")});
    };
    serve.run = runServe;
    return {serve};
}

} // namespace routing::app
