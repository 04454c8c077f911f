#include "app/command_line.h"

#include "app/command_registry.h"
#include "app/log_setup.h"
#include "core/config/config_loader.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace routing::app {
namespace {

QCommandLineOption configOption()
{
    return {QStringList{QStringLiteral("c"), QStringLiteral("config")},
            QCoreApplication::translate("routing::app",
                                        "Configuration file (default: $ROUTING_CONSOLE_CONFIG, "
                                        "then ./config/iter_training.yaml)."),
            QStringLiteral("FILE")};
}

QCommandLineOption langOption()
{
    return {QStringLiteral("lang"),
            QCoreApplication::translate("routing::app",
                                        "Language of the window, the help and the messages: ko "
                                        "or en (default: the system's)."),
            QStringLiteral("LANG")};
}

bool validLanguage(const QString &lang)
{
    return lang.isEmpty() || lang == QLatin1String("ko") || lang == QLatin1String("en");
}

} // namespace

QString peekCommand(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-c" || a == "--config" || a == "--lang") {
            ++i; // skip the value
            continue;
        }
        if (a.startsWith('-'))
            continue;
        return QString::fromLocal8Bit(a);
    }
    return {};
}

QString globalHelp()
{
    QString commands;
    for (const CommandSpec &c : allCommands())
        if (!c.hidden)
            commands += QStringLiteral("  %1 %2\n").arg(c.name, -15).arg(summaryText(c));
    return QCoreApplication::translate(
               "routing::app",
               "Usage: routing-console [--config FILE] [--lang ko|en] [COMMAND] [OPTIONS]\n"
               "\n"
               "Routing ML operator console: evaluates, retrains, deploys and rolls back the\n"
               "routing model. Without a command it opens the window.\n"
               "\n"
               "Commands:\n%1"
               "\n"
               "Global options:\n"
               "  -c, --config FILE  Configuration file.\n"
               "  --lang ko|en       Language of the help and messages (default: the system's).\n"
               "  -h, --help         This help; COMMAND --help for a command's options.\n"
               "  -v, --version      Print the version.\n"
               "\n"
               "Exit codes: 0 ok, 1 warning, 2 critical, 3 runtime failure,\n"
               "            4 usage or configuration error.\n")
        .arg(commands);
}

GlobalOptions parseGlobalOptions(const QStringList &args)
{
    GlobalOptions g;
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.addOption(configOption());
    parser.addOption(langOption());
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Help."));
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Version."));
    parser.addOption(help);
    parser.addOption(version);
    if (!parser.parse(args)) {
        g.error = parser.errorText();
        return g;
    }
    g.configPath = parser.value(QStringLiteral("config"));
    g.language = parser.value(QStringLiteral("lang"));
    g.help = parser.isSet(help);
    g.version = parser.isSet(version);
    g.commandArgs = parser.positionalArguments();
    if (!g.commandArgs.isEmpty())
        g.command = g.commandArgs.first();
    if (!validLanguage(g.language))
        g.error = QCoreApplication::translate("routing::app", "--lang must be ko or en, not '%1'")
                      .arg(g.language);
    else if (!g.command.isEmpty() && g.command != QLatin1String("gui") && !findCommand(g.command))
        g.error = QCoreApplication::translate("routing::app", "unknown command '%1' (see --help)")
                      .arg(g.command);
    return g;
}

int dispatch(const GlobalOptions &global)
{
    const CommandSpec *spec = findCommand(global.command);
    if (!spec)
        return usageError(global.command,
                          QCoreApplication::translate("routing::app", "unknown command"));

    QCommandLineParser parser;
    parser.setApplicationDescription(summaryText(*spec));
    parser.addHelpOption();
    parser.addOption(configOption());
    parser.addOption(langOption());
    if (spec->addOptions)
        spec->addOptions(parser);
    QStringList args = global.commandArgs;
    args[0] = QStringLiteral("routing-console ") + spec->name;
    if (!parser.parse(args))
        return usageError(spec->name, parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || global.help) {
        // Qt names argv[0] in the usage line; operators need the command itself there.
        QString text = parser.helpText();
        const qsizetype eol = text.indexOf(u'\n');
        text.replace(
            0, eol,
            QCoreApplication::translate("routing::app", "Usage: routing-console %1 [options] %2")
                .arg(spec->name, spec->synopsis)
                .trimmed());
        printOut(text);
        return ExitOk;
    }
    const QString configPath = parser.isSet(QStringLiteral("config")) ? parser.value(QStringLiteral("config"))
                                                                       : global.configPath;
    const QString language = parser.isSet(QStringLiteral("lang")) ? parser.value(QStringLiteral("lang")) : global.language;
    if (!validLanguage(language))
        return usageError(spec->name, QCoreApplication::translate(
                                          "routing::app", "--lang must be ko or en, not '%1'")
                                          .arg(language));

    if (!spec->needsConfig)
        return spec->run(CommandContext{parser, nullptr, configPath, language});

    const QString path = configPath.isEmpty() ? ConfigLoader::defaultConfigPath() : configPath;
    if (path.isEmpty())
        return usageError(spec->name,
                          QCoreApplication::translate(
                              "routing::app", "no configuration file found; pass --config FILE"));
    const auto config = ConfigLoader::loadFile(path);
    if (!config) {
        printErr(QStringLiteral("routing-console: %1\n")
                     .arg(QCoreApplication::translate("routing::app", "%1 is invalid:\n%2")
                              .arg(path, config.error().message)));
        return ExitUsage;
    }
    installLogging({config->logsDir(), config->logging.level, config->logging.maxFileMb, config->logging.maxFiles,
                    config->retention.logsDays, true});
    const int rc = spec->run(CommandContext{parser, &*config, path, language});
    shutdownLogging();
    return rc;
}

} // namespace routing::app
