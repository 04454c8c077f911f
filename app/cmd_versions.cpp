// versions, activate, rollback and cleanup: the model registry from the command line.

#include "app/cmd_jobs_support.h"
#include "core/common/time_text.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace routing::app {

namespace {

using namespace routing::registry;

/// "xgboost 7.29": the selected candidate and its validation trimmed MAE (metrics.json).
QString selectedFigure(const registry::VersionManifest &manifest)
{
    const auto [selected, trim] = manifest.selectedTrimmedMae();
    if (selected.isEmpty() || !trim)
        return QStringLiteral("-");
    return QStringLiteral("%1 %2").arg(selected).arg(*trim, 0, 'f', 2);
}

int runVersions(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("versions");
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    const auto versions = env->registry->versions();
    if (!versions)
        return failure(cmd, versions.error());
    const auto history = env->registry->history();
    if (!history)
        return failure(cmd, history.error());
    const auto pointer = env->registry->pointer();
    if (!pointer)
        return failure(cmd, pointer.error());
    const auto probation = env->registry->probation();

    if (ctx.options.isSet(QStringLiteral("json"))) {
        QJsonArray list;
        for (const VersionInfo &v : *versions)
            list.append(v.toJson());
        QJsonArray events;
        for (const ActivationRecord &r : *history)
            events.append(r.toJson());
        QJsonObject out{{QStringLiteral("active_version"),
                         pointer->active.isEmpty() ? QJsonValue() : QJsonValue(pointer->active)},
                        {QStringLiteral("previous_version"), pointer->previous.isEmpty()
                                                                 ? QJsonValue()
                                                                 : QJsonValue(pointer->previous)},
                        {QStringLiteral("versions"), list},
                        {QStringLiteral("history"), events}};
        if (probation && *probation)
            out.insert(QStringLiteral("probation"), (*probation)->toJson());
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    printOut(
        QCoreApplication::translate("routing::app", "active: %1   previous (rollback target): %2\n")
            .arg(pointer->active.isEmpty() ? QCoreApplication::translate("routing::app", "none")
                                           : pointer->active,
                 pointer->previous.isEmpty() ? QCoreApplication::translate("routing::app", "none")
                                             : pointer->previous));
    if (probation && *probation)
        printOut(QCoreApplication::translate("routing::app", "probation: %1 %2 (%3 of %4 cycles)\n")
                     .arg((*probation)->version, probationStateName((*probation)->state))
                     .arg((*probation)->cyclesSeen)
                     .arg((*probation)->cyclesRequired));
    //: Column headers of the version list; TRIM-MAE is the trimmed mean absolute error.
    printOut(QStringLiteral("\n  %1 %2 %3 %4 %5\n")
                 .arg(column(QCoreApplication::translate("routing::app", "VERSION"), -26),
                      column(QCoreApplication::translate("routing::app", "CREATED"), -19),
                      column(QCoreApplication::translate("routing::app", "BY"), -14),
                      column(QCoreApplication::translate("routing::app", "MODEL TRIM-MAE"), -16),
                      QCoreApplication::translate("routing::app", "REASON")));
    for (const VersionInfo &v : *versions)
        printOut(QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                     .arg(v.active     ? QStringLiteral("*")
                          : v.previous ? QStringLiteral("<")
                                       : QStringLiteral(" "))
                     .arg(v.version, -26)
                     .arg(localTimeText(v.manifest.createdAt), -19)
                     .arg(v.manifest.creator.left(14), -14)
                     .arg(selectedFigure(v.manifest), -16)
                     .arg(v.manifest.reason.left(80)));
    printOut(QCoreApplication::translate("routing::app",
                                         "\nActivation history (* active, < previous):\n"));
    for (const ActivationRecord &r : *history)
        printOut(QCoreApplication::translate("routing::app", "  #%1 %2 %3 %4 -> %5 by %6: %7\n")
                     .arg(r.seq)
                     .arg(localTimeText(r.at), activationKindName(r.kind),
                          r.from.isEmpty() ? QCoreApplication::translate("routing::app", "(none)")
                                           : r.from,
                          r.to, r.actor, r.reason));
    return ExitOk;
}

int runActivation(const CommandContext &ctx, bool isRollback)
{
    const QString cmd = isRollback ? QStringLiteral("rollback") : QStringLiteral("activate");
    const QStringList args = ctx.options.positionalArguments();
    if (isRollback ? !args.isEmpty() : args.size() != 1)
        return usageError(
            cmd, isRollback
                     ? QCoreApplication::translate("routing::app", "takes no positional argument")
                     : QCoreApplication::translate("routing::app",
                                                   "takes exactly one VERSION (see `versions`)"));
    const QString reason = ctx.options.value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty())
        return usageError(
            cmd, QCoreApplication::translate(
                     "routing::app",
                     "--reason TEXT is required (it goes into the history and the audit log)"));
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    const QString actor = AuditLog::currentOsUser();
    const auto done =
        isRollback ? env->registry->rollback(actor, reason)
                   : env->registry->activate(args.first(), actor, reason, ActivationKind::Manual);
    if (!done)
        return failure(cmd, done.error());
    printOut(QCoreApplication::translate(
                 "routing::app",
                 "%1: %2 -> %3 (verified: checksums, load, smoke test on golden items)\n")
                 .arg(activationKindName(done->record.kind),
                      done->record.from.isEmpty()
                          ? QCoreApplication::translate("routing::app", "(none)")
                          : done->record.from,
                      done->record.to));
    return ExitOk;
}

int runCleanup(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("cleanup");
    int keep = 0;
    if (ctx.options.isSet(QStringLiteral("keep"))) {
        bool ok = false;
        keep = ctx.options.value(QStringLiteral("keep")).toInt(&ok);
        if (!ok || keep < 1)
            return usageError(cmd, QCoreApplication::translate(
                                       "routing::app", "--keep must be a positive integer"));
    }
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    const auto removed = env->registry->cleanup(keep, AuditLog::currentOsUser());
    if (!removed)
        return failure(cmd, removed.error());
    if (removed->isEmpty())
        printOut(QCoreApplication::translate("routing::app",
                                             "nothing to remove (keeping %1; the active and the "
                                             "previous version are always kept)\n")
                     .arg(keep > 0 ? keep : ctx.config->retention.keepVersions));
    for (const QString &v : *removed)
        printOut(QCoreApplication::translate("routing::app", "removed %1\n").arg(v));
    return ExitOk;
}

} // namespace

QList<CommandSpec> versionCommands()
{
    CommandSpec versions;
    versions.name = QStringLiteral("versions");
    versions.summary =
        QT_TRANSLATE_NOOP("routing::app", "List the model versions and the activation history.");
    versions.addOptions = [](QCommandLineParser &p) {
        p.addOption(
            {QStringLiteral("json"), QCoreApplication::translate("routing::app", "Print JSON.")});
    };
    versions.run = runVersions;

    const auto reasonOption = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("reason"),
                     QCoreApplication::translate("routing::app",
                                                 "Why (required; recorded in the history)."),
                     QStringLiteral("TEXT")});
    };
    CommandSpec activate;
    activate.name = QStringLiteral("activate");
    activate.summary =
        QT_TRANSLATE_NOOP("routing::app", "Verify a listed version and make it the active model.");
    activate.synopsis = QStringLiteral("VERSION --reason TEXT");
    activate.addOptions = [reasonOption](QCommandLineParser &p) {
        p.addPositionalArgument(
            QStringLiteral("VERSION"),
            QCoreApplication::translate("routing::app", "The version (see `versions`)."));
        reasonOption(p);
    };
    activate.run = [](const CommandContext &ctx) { return runActivation(ctx, false); };

    CommandSpec rollback;
    rollback.name = QStringLiteral("rollback");
    rollback.summary = QT_TRANSLATE_NOOP(
        "routing::app",
        "Go back to the version that was active before the current one (verified).");
    rollback.synopsis = QStringLiteral("--reason TEXT");
    rollback.addOptions = reasonOption;
    rollback.run = [](const CommandContext &ctx) { return runActivation(ctx, true); };

    CommandSpec cleanup;
    cleanup.name = QStringLiteral("cleanup");
    cleanup.summary = QT_TRANSLATE_NOOP("routing::app",
                                        "Delete old model versions beyond retention.keep_versions "
                                        "(never the active or previous one).");
    cleanup.addOptions = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("keep"),
                     QCoreApplication::translate(
                         "routing::app", "Versions to keep (default retention.keep_versions)."),
                     QStringLiteral("N")});
    };
    cleanup.run = runCleanup;
    return {versions, activate, rollback, cleanup};
}

} // namespace routing::app
