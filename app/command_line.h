#pragma once

#include <QString>
#include <QStringList>

namespace routing::app {

/// The global part of the command line, as a plain struct. The subcommand's own options are
/// parsed by dispatch() with the command's QCommandLineParser.
struct GlobalOptions
{
    QString command;       ///< empty: the window
    QStringList commandArgs; ///< the subcommand and everything after it
    QString configPath;    ///< --config
    QString language;      ///< --lang ko|en
    bool help = false;
    bool version = false;
    QString error;         ///< non-empty: usage error (exit 4)
};

/// Name of the subcommand in argv, before any QCoreApplication exists (to pick the app class).
QString peekCommand(int argc, char *argv[]);

GlobalOptions parseGlobalOptions(const QStringList &args);

/// The global --help text, listing every command.
QString globalHelp();

/// Parses the subcommand's options, loads the configuration if it needs one, runs it.
/// Returns the process exit code.
int dispatch(const GlobalOptions &global);

} // namespace routing::app
