// routing-console: the operator console's one executable (window, commands, the headless service
// and the training worker). main() only picks the application class and dispatches.

#include "app/command.h"
#include "app/command_line.h"
#include "app/language.h"
#include "core/data/sqlite_library.h"

#ifdef ROUTING_HAVE_UI
#include "app/gui_main.h"
#include <QApplication>
#endif

#include <QCoreApplication>
#include <QLoggingCategory>

using namespace routing::app;

namespace {

bool displayAvailable()
{
#if defined(Q_OS_LINUX)
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
#else
    return true;
#endif
}

bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("routing-console"));
    QCoreApplication::setApplicationName(QStringLiteral("routing-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ROUTING_VERSION));
}

/// Help, version, usage errors and subcommands: everything but the window.
int runWithoutWindow(const GlobalOptions &g)
{
    if (!g.error.isEmpty())
        return usageError(g.command, g.error);
    if (g.version) {
        printOut(QStringLiteral("routing-console %1 (Qt %2)\n")
                     .arg(QStringLiteral(ROUTING_VERSION), QString::fromLatin1(qVersion())));
        const routing::SqliteLibraryTuning sqlite = routing::tuneSqliteLibrary();
        printOut(sqlite.memoryStatisticsOff
                     ? QStringLiteral("SQLite %1: memory statistics off\n").arg(sqlite.libraryVersion)
                     : QStringLiteral("SQLite not tuned: %1\n").arg(sqlite.problem));
        return ExitOk;
    }
    if (g.command.isEmpty() || g.command == QLatin1String("gui")) {
        printOut(globalHelp());
        return ExitOk;
    }
    return dispatch(g);
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything opens a SQLite file (the state database, the demo plant, the ERP).
    routing::tuneSqliteLibrary();
    // Debug output of the core categories only when logging.level asks for it (log_setup.cpp);
    // before the configuration is read nothing but warnings reaches stderr.
    QLoggingCategory::setFilterRules(QStringLiteral("routing.*.debug=false"));
    // --headless is the documented alias of the serve command (for Windows services and scripts).
    static char serveArg[] = "serve";
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--headless") == 0)
            argv[i] = serveArg;
    const QString command = peekCommand(argc, argv);
    const bool wantsWindow = (command.isEmpty() || command == QLatin1String("gui")) && !asksForHelpOrVersion(argc, argv);

#ifdef ROUTING_HAVE_UI
    if (wantsWindow && displayAvailable()) {
        QApplication app(argc, argv);
        setIdentity();
        installTranslators(peekLanguage(QCoreApplication::arguments()));
        const GlobalOptions g = parseGlobalOptions(QCoreApplication::arguments());
        if (!g.error.isEmpty())
            return usageError(QStringLiteral("gui"), g.error);
        return runGui(g.configPath);
    }
#endif

    QCoreApplication app(argc, argv);
    setIdentity();
    // Before any text is built: help, usage errors and messages come out in the chosen language.
    installTranslators(peekLanguage(QCoreApplication::arguments()));
    if (wantsWindow) {
#ifdef ROUTING_HAVE_UI
        printErr(QCoreApplication::translate(
            "routing::app",
            "routing-console: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the "
            "window cannot open.\n"
            "  In a virtual display: xvfb-run -a routing-console\n"
            "  Check the configuration: routing-console check-config\n"));
        return ExitFailure;
#else
        printErr(QCoreApplication::translate(
            "routing::app",
            "routing-console: this build has no window (ROUTING_BUILD_UI=OFF); see --help\n"));
        return ExitUsage;
#endif
    }
    return runWithoutWindow(parseGlobalOptions(QCoreApplication::arguments()));
}
