// check-config and init-demo: setting a machine up.

#include "app/command_registry.h"
#include "core/audit/audit_log.h"
#include "core/config/config_loader.h"
#include "core/data/demo_plant_generator.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace routing::app {
namespace {

int runCheckConfig(const CommandContext &ctx)
{
    const QStringList positional = ctx.options.positionalArguments();
    if (positional.size() > 1)
        return usageError(QStringLiteral("check-config"),
                          QCoreApplication::translate("routing::app", "takes at most one FILE"));
    QString path = positional.isEmpty() ? ctx.configPath : positional.first();
    if (path.isEmpty())
        path = ConfigLoader::defaultConfigPath();
    if (path.isEmpty())
        return usageError(QStringLiteral("check-config"),
                          QCoreApplication::translate("routing::app",
                                                      "no configuration file given and none found "
                                                      "(set --config or ROUTING_CONSOLE_CONFIG)"));
    const auto config = ConfigLoader::loadFile(path);
    if (ctx.options.isSet(QStringLiteral("json"))) {
        // {"file", "valid", "problems": ["FILE:LINE:COL: …", …], "database": {…}} — keys stay English.
        QJsonObject out{{QStringLiteral("file"), QFileInfo(path).absoluteFilePath()},
                        {QStringLiteral("valid"), bool(config)}};
        if (config) {
            out.insert(QStringLiteral("database"),
                       QJsonObject{{QStringLiteral("driver"), config->database.driver},
                                   {QStringLiteral("dialect"), dialectName(config->database.dialect)},
                                   {QStringLiteral("demo_plant"), config->database.usesDemoPlant()}});
        } else {
            QJsonArray problems;
            for (const QString &line : config.error().message.split(u'\n', Qt::SkipEmptyParts))
                problems.append(line);
            out.insert(QStringLiteral("problems"), problems);
        }
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return config ? ExitOk : ExitUsage;
    }
    if (!config) {
        printErr(QCoreApplication::translate("routing::app", "%1 is invalid:\n%2")
                     .arg(path, config.error().message) +
                 u'\n');
        return ExitUsage;
    }
    printOut(QCoreApplication::translate("routing::app", "%1 is valid (database: %2 %3%4)\n")
                 .arg(path, config->database.driver, dialectName(config->database.dialect),
                      config->database.usesDemoPlant()
                          ? QCoreApplication::translate("routing::app", ", demo plant")
                          : QString()));
    return ExitOk;
}

int runInitDemo(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("init-demo");
    const QCommandLineParser &o = ctx.options;
    const AppConfig &config = *ctx.config;
    if (!o.positionalArguments().isEmpty())
        return usageError(
            cmd, QCoreApplication::translate("routing::app", "takes no positional argument ('%1')")
                     .arg(o.positionalArguments().first()));
    DemoPlantOptions options;
    options.items = config.database.demoItems;
    options.seed = config.database.demoSeed;
    bool ok = true;
    if (o.isSet(QStringLiteral("items"))) {
        options.items = o.value(QStringLiteral("items")).toInt(&ok);
        if (!ok || options.items < 10 || options.items > 1'000'000)
            return usageError(
                cmd, QCoreApplication::translate(
                         "routing::app", "--items must be an integer in [10, 1000000], not '%1'")
                         .arg(o.value(QStringLiteral("items"))));
    }
    if (o.isSet(QStringLiteral("seed"))) {
        options.seed = o.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(
                cmd, QCoreApplication::translate("routing::app",
                                                 "--seed must be a non-negative integer, not '%1'")
                         .arg(o.value(QStringLiteral("seed"))));
    }
    if (o.isSet(QStringLiteral("end-date"))) {
        options.endDate = QDate::fromString(o.value(QStringLiteral("end-date")), Qt::ISODate);
        if (!options.endDate.isValid())
            return usageError(
                cmd, QCoreApplication::translate("routing::app",
                                                 "--end-date must be a date YYYY-MM-DD, not '%1'")
                         .arg(o.value(QStringLiteral("end-date"))));
    }
    const bool force = o.isSet(QStringLiteral("force"));
    const bool ifMissing = o.isSet(QStringLiteral("if-missing"));
    if (force && ifMissing)
        return usageError(cmd, QCoreApplication::translate(
                                   "routing::app", "--force and --if-missing exclude each other"));
    const QString outArg = o.value(QStringLiteral("out"));
    options.outFile = outArg.isEmpty() ? config.erpSqlitePath() : QFileInfo(outArg).absoluteFilePath();

    if (ifMissing) {
        if (outArg.isEmpty() && !config.database.usesDemoPlant()) {
            printOut(QStringLiteral("init-demo: %1\n")
                         .arg(QCoreApplication::translate(
                             "routing::app",
                             "the configuration names an ERP database; no demo plant needed")));
            return ExitOk;
        }
        if (QFileInfo::exists(options.outFile)) {
            printOut(QStringLiteral("init-demo: %1\n")
                         .arg(QCoreApplication::translate("routing::app",
                                                          "the demo plant %1 is already there")
                                  .arg(options.outFile)));
            return ExitOk;
        }
    }
    if (QFileInfo::exists(options.outFile) && !force)
        return usageError(cmd, QCoreApplication::translate(
                                   "routing::app", "%1 already exists; add --force to replace it")
                                   .arg(options.outFile));

    int lastShown = -1;
    const auto summary = generateDemoPlant(options, [&lastShown](int percent) {
        if (percent / 10 != lastShown / 10) {
            printErr(QStringLiteral("init-demo: %1%\n").arg(percent));
            lastShown = percent;
        }
    });
    if (!summary) {
        printErr(QStringLiteral("routing-console init-demo: %1\n").arg(summary.error().toString()));
        return ExitFailure;
    }
    printOut(
        QCoreApplication::translate(
            "routing::app", "Demo plant written to %1\n"
                            "  items %2 (%3 with a routing), routing rows %4, work-order rows %5\n"
                            "  part families %6, history %7 .. %8, drift from %9 at %10\n"
                            "  generated in %11 s\n")
            .arg(options.outFile)
            .arg(summary->items)
            .arg(summary->itemsWithRouting)
            .arg(summary->routingRows)
            .arg(summary->workOrderRows)
            .arg(summary->partFamilies)
            .arg(summary->startDate.toString(Qt::ISODate), summary->endDate.toString(Qt::ISODate),
                 summary->driftDate.toString(Qt::ISODate),
                 summary->driftWorkCentres.join(QStringLiteral(", ")))
            .arg(summary->seconds, 0, 'f', 1));
    AuditLog audit(auditLogPath(config));
    const auto logged = audit.append({{}, AuditLog::currentOsUser(), QStringLiteral("demo.generate"), options.outFile, {},
                                      QJsonObject{{QStringLiteral("items"), summary->items},
                                                  {QStringLiteral("seed"), QString::number(options.seed)},
                                                  {QStringLiteral("work_order_rows"), double(summary->workOrderRows)}},
                                      force ? QStringLiteral("init-demo --force") : QStringLiteral("init-demo")});
    if (!logged)
        printErr(QStringLiteral("init-demo: %1")
                     .arg(QCoreApplication::translate("routing::app", "warning: %1\n")
                              .arg(logged.error().toString())));
    return ExitOk;
}

} // namespace

QList<CommandSpec> setupCommands()
{
    CommandSpec check;
    check.name = QStringLiteral("check-config");
    check.summary = QT_TRANSLATE_NOOP("routing::app",
                                      "Validate a configuration file; exit 0 if valid, 4 if not.");
    check.synopsis = QStringLiteral("[FILE]");
    check.needsConfig = false;
    check.addOptions = [](QCommandLineParser &p) {
        p.addPositionalArgument(
            QStringLiteral("FILE"),
            QCoreApplication::translate("routing::app", "The file (default: the configured one)."),
            QStringLiteral("[FILE]"));
        p.addOption({QStringLiteral("json"),
                     QCoreApplication::translate("routing::app",
                                                 "Print the result as JSON (valid, problems).")});
    };
    check.run = runCheckConfig;

    CommandSpec demo;
    demo.name = QStringLiteral("init-demo");
    demo.summary = QT_TRANSLATE_NOOP("routing::app", "Generate the embedded SQLite demo plant.");
    demo.addOptions = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("items"),
                     QCoreApplication::translate(
                         "routing::app", "Number of items (default: database.demo_items, 20000)."),
                     QStringLiteral("N")});
        p.addOption({QStringLiteral("seed"),
                     QCoreApplication::translate("routing::app",
                                                 "Random seed (default: database.demo_seed, 42)."),
                     QStringLiteral("S")});
        p.addOption(
            {QStringLiteral("out"),
             QCoreApplication::translate(
                 "routing::app", "SQLite file to write (default: the configured demo plant)."),
             QStringLiteral("FILE")});
        p.addOption(
            {QStringLiteral("end-date"),
             QCoreApplication::translate(
                 "routing::app", "Last day of work-order history, YYYY-MM-DD (default today)."),
             QStringLiteral("DATE")});
        p.addOption({QStringLiteral("force"),
                     QCoreApplication::translate("routing::app", "Replace an existing file.")});
        p.addOption(
            {QStringLiteral("if-missing"),
             QCoreApplication::translate(
                 "routing::app", "Only if the demo plant is configured and does not exist yet.")});
    };
    demo.run = runInitDemo;
    return {check, demo};
}

} // namespace routing::app
