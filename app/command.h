#pragma once

#include "core/config/app_config.h"

#include <QCommandLineParser>
#include <QString>

#include <functional>

namespace routing::app {

/// Exit codes of every command (README "Exit codes").
enum ExitCode : int { ExitOk = 0, ExitWarning = 1, ExitCritical = 2, ExitFailure = 3, ExitUsage = 4 };

/// What a command's run function receives: its parsed options, the loaded configuration (when
/// the command needs one) and the global options.
struct CommandContext
{
    const QCommandLineParser &options;
    const AppConfig *config = nullptr; ///< null when CommandSpec::needsConfig is false
    QString configPath;                ///< --config as given (may be empty)
    QString language;                  ///< --lang ko|en, or empty
};

/// One subcommand. Each lives in its own app/cmd_*.cpp and is listed in command_registry.cpp.
struct CommandSpec
{
    QString name;
    /// One line for the global --help: QT_TRANSLATE_NOOP("routing::app", …), translated when
    /// printed (the table is built once, maybe before the translator is installed).
    const char *summary = "";
    QString synopsis;     ///< argument part of the usage line, e.g. "[FILE]"
    bool needsConfig = true;
    bool hidden = false;  ///< internal (the worker process): left out of the global --help
    std::function<void(QCommandLineParser &)> addOptions;
    std::function<int(const CommandContext &)> run;
};

/// The summary in the installed language.
QString summaryText(const CommandSpec &spec);

/// `text` padded with spaces to `width` terminal columns, counting Hangul and CJK characters as
/// two (so translated table headers line up); negative width: left-aligned, as QString::arg.
QString column(const QString &text, int width);

/// Output helpers: UTF-8 on every platform.
void printOut(const QString &text);
void printErr(const QString &text);

/// A usage error: prints "routing-console <cmd>: <message>" (already translated) and returns
/// ExitUsage.
int usageError(const QString &command, const QString &message);

/// Path of the append-only audit trail for a configuration.
QString auditLogPath(const AppConfig &config);

} // namespace routing::app
