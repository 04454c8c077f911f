// evaluate: one quality cycle from the command line (operator manual §2.2), with the exit code
// scripts branch on: 0 normal, 1 warning, 2 critical, 3 the cycle could not run.

#include "app/cmd_jobs_support.h"
#include "app/command_registry.h"
#include "core/audit/audit_log.h"
#include "core/jobs/job_queue_sink.h"
#include "core/jobs/probation_watcher.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"
#include "core/quality/alert_store.h"
#include "core/quality/cycle_report.h"
#include "core/quality/ml_prediction_source.h"
#include "core/quality/quality_cycle.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace routing::app {
namespace {

const QString kCommand = QStringLiteral("evaluate");

std::optional<SamplingConfig::Strategy> parseStrategy(const QString &text, bool *ok)
{
    *ok = true;
    if (text.isEmpty())
        return std::nullopt;
    if (text == QLatin1String("random"))
        return SamplingConfig::Strategy::Random;
    if (text == QLatin1String("stratified"))
        return SamplingConfig::Strategy::Stratified;
    if (text == QLatin1String("recent_bias"))
        return SamplingConfig::Strategy::RecentBias;
    *ok = false;
    return std::nullopt;
}

// Cycle statuses and levels as the reports name them, for the translation files.
[[maybe_unused]] constexpr const char *kCycleWords[] = {
    QT_TRANSLATE_NOOP("routing::quality", "succeeded"), QT_TRANSLATE_NOOP("routing::quality", "failed"),
    QT_TRANSLATE_NOOP("routing::quality", "cancelled"), QT_TRANSLATE_NOOP("routing::quality", "normal"),
    QT_TRANSLATE_NOOP("routing::quality", "info"),      QT_TRANSLATE_NOOP("routing::quality", "warning"),
    QT_TRANSLATE_NOOP("routing::quality", "critical")};

QString humanSummary(const quality::CycleReport &report)
{
    const QJsonObject json = quality::toJson(report);
    QString out = QCoreApplication::translate("routing::app", "cycle %1: %2 (level %3)\n")
                      .arg(report.cycleId,
                           // The words JSON and logs use, shown in the chosen language here.
                           QCoreApplication::translate(
                               "routing::quality",
                               json.value(QStringLiteral("status")).toString().toUtf8().constData()),
                           QCoreApplication::translate(
                               "routing::quality",
                               quality::severityName(report.level).toUtf8().constData()));
    if (report.error)
        out += QCoreApplication::translate("routing::app", "  error: %1\n")
                   .arg(report.error->toString());
    const QJsonObject m = json.value(QStringLiteral("metrics")).toObject();
    for (auto it = m.begin(); it != m.end(); ++it)
        if (it.value().isDouble())
            out += QStringLiteral("  %1: %2\n").arg(it.key()).arg(it.value().toDouble(), 0, 'g', 6);
    for (const QJsonValue &a : json.value(QStringLiteral("active_alerts")).toArray()) {
        const QJsonObject alert = a.toObject();
        out += QCoreApplication::translate("routing::app", "  alert %1 [%2] %3\n")
                   .arg(alert.value(QStringLiteral("code")).toVariant().toString(),
                        alert.value(QStringLiteral("severity")).toString(),
                        alert.value(QStringLiteral("message")).toString());
    }
    const QJsonValue retraining = json.value(QStringLiteral("retraining"));
    if (retraining.isObject())
        out += QCoreApplication::translate("routing::app", "  retraining: %1\n")
                   .arg(QString::fromUtf8(
                       QJsonDocument(retraining.toObject()).toJson(QJsonDocument::Compact)));
    if (!report.jsonPath.isEmpty())
        out += QCoreApplication::translate("routing::app", "  report: %1\n").arg(report.jsonPath);
    return out;
}

int runEvaluate(const CommandContext &ctx)
{
    const QCommandLineParser &o = ctx.options;
    const AppConfig &config = *ctx.config;
    quality::CycleOptions options;
    options.trigger = QStringLiteral("cli");
    bool ok = true;
    if (o.isSet(QStringLiteral("as-of"))) {
        const QString v = o.value(QStringLiteral("as-of"));
        options.asOf = QDateTime::fromString(v, Qt::ISODate);
        if (!options.asOf.isValid())
            return usageError(
                kCommand,
                QCoreApplication::translate(
                    "routing::app", "--as-of must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, not '%1'")
                    .arg(v));
    }
    if (o.isSet(QStringLiteral("sample-size"))) {
        const int n = o.value(QStringLiteral("sample-size")).toInt(&ok);
        if (!ok || n < 10 || n > 10000)
            return usageError(
                kCommand,
                QCoreApplication::translate(
                    "routing::app", "--sample-size must be an integer in [10, 10000], not '%1'")
                    .arg(o.value(QStringLiteral("sample-size"))));
        options.sampleSize = n;
    }
    options.strategy = parseStrategy(o.value(QStringLiteral("strategy")), &ok);
    if (!ok)
        return usageError(
            kCommand,
            QCoreApplication::translate(
                "routing::app", "--strategy must be random, stratified or recent_bias, not '%1'")
                .arg(o.value(QStringLiteral("strategy"))));
    if (o.isSet(QStringLiteral("seed"))) {
        options.seed = o.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(kCommand,
                              QCoreApplication::translate(
                                  "routing::app", "--seed must be a non-negative integer, not '%1'")
                                  .arg(o.value(QStringLiteral("seed"))));
    }

    auto env = JobsEnvironment::open(kCommand, config);
    if (!env)
        return ExitFailure;
    // No active model is not a crash: the cycle runs, fails with 1002, and says so in the report.
    std::shared_ptr<const ml::RoutingModel> model;
    if (auto loaded = env->registry->loadActiveModel())
        model = *loaded;
    else
        printErr(QStringLiteral("routing-console evaluate: %1\n").arg(loaded.error().toString()));
    auto predictor = std::make_shared<ml::Predictor>(model, config.cache.enabled ? config.cache.maxSize : 0,
                                                     config.cache.ttlSeconds);
    quality::MlPredictionSource source(predictor, config.erpDatabase());
    jobs::JobQueueSink sink(*env->queue);
    quality::CycleEnvironment cycleEnv;
    cycleEnv.state = env->state.get();
    cycleEnv.audit = env->audit.get();
    cycleEnv.retrainingSink = &sink;
    const bool json = o.isSet(QStringLiteral("json"));
    if (!json)
        cycleEnv.progress = [last = -1](int percent, const QString &step) mutable {
            if (percent / 20 != last / 20) {
                printErr(QStringLiteral("evaluate: %1% %2\n").arg(percent).arg(step));
                last = percent;
            }
        };
    const auto report = quality::runQualityCycle(config, options, source, cycleEnv);
    if (!report)
        return failure(kCommand, report.error());

    if (report->measured) {
        quality::AlertStore alerts(*env->state, env->audit.get());
        jobs::ProbationWatcher watcher(*env->registry, &alerts);
        const auto verdict = watcher.onCycle(report->cycleId, report->modelVersion,
                                             report->level == quality::Severity::Critical,
                                             QStringLiteral("cycle %1 level %2").arg(report->cycleId,
                                                                                     quality::severityName(report->level)));
        if (!verdict)
            printErr(
                QStringLiteral("routing-console evaluate: %1\n")
                    .arg(QCoreApplication::translate("routing::app", "probation check failed: %1")
                             .arg(verdict.error().toString())));
    }
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(quality::toJson(*report)).toJson(QJsonDocument::Indented)));
    else
        printOut(humanSummary(*report));
    return quality::exitCodeFor(*report);
}

int runAlerts(const CommandContext &ctx)
{
    const QString cmd = QStringLiteral("alerts");
    const QCommandLineParser &o = ctx.options;
    const auto id = [&](const char *option, qint64 *out) {
        bool ok = false;
        *out = o.value(QString::fromLatin1(option)).toLongLong(&ok);
        return ok && *out > 0;
    };
    const int actions = int(o.isSet(QStringLiteral("ack"))) + int(o.isSet(QStringLiteral("shelve"))) +
                        int(o.isSet(QStringLiteral("unshelve")));
    if (actions > 1)
        return usageError(cmd, QCoreApplication::translate(
                                   "routing::app", "use one of --ack, --shelve, --unshelve at a time"));
    auto env = JobsEnvironment::open(cmd, *ctx.config);
    if (!env)
        return ExitFailure;
    quality::AlertStore alerts(*env->state, env->audit.get());
    const QString actor = AuditLog::currentOsUser();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 alertId = 0;
    if (o.isSet(QStringLiteral("ack"))) {
        if (!id("ack", &alertId))
            return usageError(cmd, QCoreApplication::translate("routing::app",
                                                               "--ack needs an alert id (see `alerts`)"));
        if (auto s = alerts.acknowledge(alertId, actor, now, o.value(QStringLiteral("note"))); !s)
            return failure(cmd, s.error());
        printOut(QCoreApplication::translate("routing::app", "alert %1 acknowledged by %2\n")
                     .arg(alertId)
                     .arg(actor));
        return ExitOk;
    }
    if (o.isSet(QStringLiteral("shelve"))) {
        bool ok = false;
        const double hours = o.value(QStringLiteral("hours")).toDouble(&ok);
        const QString reason = o.value(QStringLiteral("reason")).trimmed();
        if (!id("shelve", &alertId) || !ok || hours <= 0 || hours > 24 * 30 || reason.isEmpty())
            return usageError(
                cmd, QCoreApplication::translate(
                         "routing::app",
                         "--shelve ID needs --hours H (0 < H <= 720) and --reason TEXT"));
        const QDateTime until = now.addSecs(qint64(hours * 3600));
        if (auto s = alerts.shelve(alertId, actor, until, reason, now); !s)
            return failure(cmd, s.error());
        printOut(QCoreApplication::translate("routing::app", "alert %1 shelved until %2 by %3\n")
                     .arg(alertId)
                     .arg(until.toLocalTime().toString(Qt::ISODate), actor));
        return ExitOk;
    }
    if (o.isSet(QStringLiteral("unshelve"))) {
        if (!id("unshelve", &alertId))
            return usageError(cmd, QCoreApplication::translate(
                                       "routing::app", "--unshelve needs an alert id (see `alerts`)"));
        if (auto s = alerts.unshelve(alertId, actor, now); !s)
            return failure(cmd, s.error());
        printOut(QCoreApplication::translate("routing::app", "alert %1 unshelved by %2\n")
                     .arg(alertId)
                     .arg(actor));
        return ExitOk;
    }
    const auto list = o.isSet(QStringLiteral("all")) ? alerts.recentAlerts(100) : alerts.activeAlerts();
    if (!list)
        return failure(cmd, list.error());
    if (o.isSet(QStringLiteral("json"))) {
        QJsonArray out;
        for (const quality::Alert &a : *list)
            out.append(quality::alertToJson(a, now));
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    if (list->isEmpty())
        printOut(QCoreApplication::translate("routing::app", "no active alerts\n"));
    for (const quality::Alert &a : *list) {
        QString state = a.active ? QString() : QCoreApplication::translate("routing::app", " cleared");
        if (a.isAcknowledged())
            state += QCoreApplication::translate("routing::app", " acknowledged by %1").arg(a.acknowledgedBy);
        if (a.isShelved(now))
            state += QCoreApplication::translate("routing::app", " shelved until %1")
                         .arg(a.shelvedUntil.toLocalTime().toString(Qt::ISODate));
        printOut(QStringLiteral("%1  [%2] %3  %4%5\n")
                     .arg(a.id)
                     .arg(QCoreApplication::translate(
                         "routing::quality", quality::severityName(a.severity).toUtf8().constData()))
                     .arg(a.code)
                     .arg(a.message, state));
    }
    return ExitOk;
}

} // namespace

QList<CommandSpec> qualityCommands()
{
    CommandSpec evaluate;
    evaluate.name = kCommand;
    evaluate.summary = QT_TRANSLATE_NOOP(
        "routing::app", "Run one quality cycle; exit 0 normal, 1 warning, 2 critical, 3 failed.");
    evaluate.addOptions = [](QCommandLineParser &p) {
        p.addOption(
            {QStringLiteral("as-of"),
             QCoreApplication::translate("routing::app", "Evaluate as of this time (default now)."),
             QStringLiteral("DATE")});
        p.addOption({QStringLiteral("sample-size"),
                     QCoreApplication::translate("routing::app",
                                                 "Items to sample (default sampling.sample_size)."),
                     QStringLiteral("N")});
        p.addOption(
            {QStringLiteral("strategy"),
             QCoreApplication::translate("routing::app", "random, stratified or recent_bias."),
             QStringLiteral("S")});
        p.addOption(
            {QStringLiteral("seed"),
             QCoreApplication::translate("routing::app", "Sampling seed (default sampling.seed)."),
             QStringLiteral("N")});
        p.addOption(
            {QStringLiteral("json"),
             QCoreApplication::translate("routing::app", "Print the cycle report as JSON.")});
    };
    evaluate.run = runEvaluate;
    CommandSpec alertsSpec;
    alertsSpec.name = QStringLiteral("alerts");
    alertsSpec.summary = QT_TRANSLATE_NOOP(
        "routing::app", "List the active alerts; acknowledge, shelve or unshelve one.");
    alertsSpec.addOptions = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("all"),
                     QCoreApplication::translate("routing::app", "Also the recently cleared ones.")});
        p.addOption({QStringLiteral("json"),
                     QCoreApplication::translate("routing::app", "Print the alerts as JSON.")});
        p.addOption({QStringLiteral("ack"),
                     QCoreApplication::translate("routing::app", "Acknowledge this alert."),
                     QStringLiteral("ID")});
        p.addOption({QStringLiteral("note"),
                     QCoreApplication::translate("routing::app", "A note with --ack."),
                     QStringLiteral("TEXT")});
        p.addOption({QStringLiteral("shelve"),
                     QCoreApplication::translate(
                         "routing::app", "Shelve this alert (it stops triggering retraining)."),
                     QStringLiteral("ID")});
        p.addOption({QStringLiteral("hours"),
                     QCoreApplication::translate("routing::app", "How long to shelve (hours)."),
                     QStringLiteral("H")});
        p.addOption({QStringLiteral("reason"),
                     QCoreApplication::translate("routing::app", "Why it is shelved."),
                     QStringLiteral("TEXT")});
        p.addOption({QStringLiteral("unshelve"),
                     QCoreApplication::translate("routing::app", "End the shelving of this alert."),
                     QStringLiteral("ID")});
    };
    alertsSpec.run = runAlerts;
    return {evaluate, alertsSpec};
}

} // namespace routing::app
