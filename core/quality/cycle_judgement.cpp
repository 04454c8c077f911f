#include "core/quality/cycle_judgement.h"

#include "core/quality/alert_store.h"
#include "core/quality/cycle_outputs.h"
#include "core/quality/quality_history.h"
#include "core/quality/retraining_trigger.h"

#include <algorithm>

namespace routing::quality {

QString alertkey::metric(const QString &metricKey)
{
    return QStringLiteral("quality.") + metricKey;
}

namespace {

QString levelText(const MetricRule &rule, double level)
{
    return formatLogValue(rule, level);
}

QString alertMessage(const Assessment &a)
{
    const MetricRule &r = a.rule;
    const bool critical = a.state == Severity::Critical;
    const double level = critical ? r.levels.critical : r.levels.warning;
    const QString cmp =
        r.direction == Direction::HigherIsWorse ? QStringLiteral("≥") : QStringLiteral("≤");
    if (a.level < a.state && a.level < Severity::Warning) {
        // Held by hysteresis: this cycle is back inside the warning level, not yet past the clear
        // level.
        return QStringLiteral("%1 %2: %3 (inside the warning level %4 this cycle; the alert "
                              "stays active until past the clear level %5)")
            .arg(r.label, severityName(a.state), formatLogValue(r, *a.value),
                 levelText(r, r.levels.warning), levelText(r, r.levels.clear));
    }
    const int breaching = critical ? a.criticalCycles : a.warningCycles;
    return QStringLiteral("%1 %2: %3 (%4 %5 %6 in %7 of the last %8 cycles)")
        .arg(r.label, severityName(a.state), formatLogValue(r, *a.value), cmp,
             severityName(a.state), levelText(r, level))
        .arg(breaching)
        .arg(a.windowCycles);
}

Status track(CycleReport &report, Result<AlertEvent> event)
{
    if (!event)
        return std::unexpected(event.error());
    report.alertEvents << *event;
    return {};
}

Status trackClear(CycleReport &report, Result<std::optional<AlertEvent>> event)
{
    if (!event)
        return std::unexpected(event.error());
    if (*event)
        report.alertEvents << **event;
    return {};
}

} // namespace

Status judgeMeasuredCycle(CycleReport &report, const AppConfig &config, QualityHistory &history,
                          AlertStore &alerts, RetrainingTrigger &trigger, const QDateTime &now)
{
    if (auto expired = alerts.expireShelving(now); !expired)
        return std::unexpected(expired.error());
    const QualityMetrics &m = report.metrics.overall;
    const int previousCount = std::max(0, config.alerts.debounceN - 1);
    report.level = Severity::None;

    const QList<MetricRule> rules = metricRules(config.thresholds);
    for (const MetricRule &rule : rules) {
        const QString key = alertkey::metric(rule.key);
        auto previous = history.previousValues(rule.key, previousCount, report.cycleId);
        if (!previous)
            return std::unexpected(previous.error());
        auto existing = alerts.activeAlert(key);
        if (!existing)
            return std::unexpected(existing.error());
        const Severity previousState = *existing ? (*existing)->severity : Severity::None;
        const Assessment a =
            assess(rule, metricValue(m, rule.key), *previous, previousState, config.alerts);
        report.assessments << a;
        report.level = std::max(report.level, a.level);
        if (a.state >= Severity::Warning) {
            const bool critical = a.state == Severity::Critical;
            AlertSpec spec{key,
                           a.state,
                           critical ? int(rule.criticalCode) : 0,
                           rule.key,
                           a.value,
                           critical ? rule.levels.critical : rule.levels.warning,
                           alertMessage(a)};
            if (auto s = track(report, alerts.raise(spec, report.cycleId, now)); !s)
                return s;
        } else if (*existing && a.value) {
            const QString detail = QStringLiteral("%1 %2 past the clear level %3")
                                       .arg(rule.label, formatLogValue(rule, *a.value),
                                            formatLogValue(rule, rule.levels.clear));
            if (auto s = trackClear(report, alerts.clear(key, report.cycleId, now, detail)); !s)
                return s;
        }
    }

    // A metric alert whose rule is gone (thresholds.process_match_measure now names the other
    // measure) has no levels left to clear it by: it is cleared here, not left active.
    auto stale = alerts.activeAlerts();
    if (!stale)
        return std::unexpected(stale.error());
    for (const Alert &alert : *stale) {
        if (alert.metric.isEmpty() || !alert.key.startsWith(alertkey::metric(QString())) ||
            std::any_of(rules.cbegin(), rules.cend(),
                        [&](const MetricRule &r) { return r.key == alert.metric; }))
            continue;
        if (auto s = trackClear(report, alerts.clear(alert.key, report.cycleId, now,
                                                     QStringLiteral("no rule evaluates %1 any more "
                                                                    "(thresholds.process_match_"
                                                                    "measure)")
                                                         .arg(alert.metric)));
            !s)
            return s;
    }

    // Properties of the data, for the operator's information.
    const auto info = [&](const QString &key, int count, double threshold,
                          const QString &message) -> Status {
        if (count > 0)
            return track(report, alerts.raise({key, Severity::Info, 0, QString(), double(count),
                                               threshold, message},
                                              report.cycleId, now));
        return trackClear(report, alerts.clear(key, report.cycleId, now,
                                               QStringLiteral("no such group this cycle")));
    };
    if (auto s = info(
            alertkey::lowSamples, m.groupsLowSamples, config.thresholds.sampleCountMin,
            QStringLiteral("%1 of %2 (item, PROC_SEQ, JOB_CD) groups have fewer than %3 operations "
                           "in the window; their figures rest on little data")
                .arg(m.groupsLowSamples)
                .arg(m.groups)
                .arg(config.thresholds.sampleCountMin));
        !s)
        return s;
    if (auto s =
            info(alertkey::highCv, m.groupsHighCv, config.thresholds.cv.critical,
                 QStringLiteral("%1 of %2 groups vary strongly (CV of run time per unit above %3); "
                                "see the report for the list")
                     .arg(m.groupsHighCv)
                     .arg(m.groupsWithCv)
                     .arg(QString::number(config.thresholds.cv.critical, 'f', 2)));
        !s)
        return s;
    if (auto s = trackClear(report,
                            alerts.clear(alertkey::cycleFailed, report.cycleId, now,
                                         QStringLiteral("cycle %1 succeeded").arg(report.cycleId)));
        !s)
        return s;

    QStringList reasons;
    for (const Assessment &a : report.assessments) {
        if (a.state != Severity::Critical || !a.rule.triggersRetraining)
            continue;
        auto active = alerts.activeAlert(alertkey::metric(a.rule.key));
        if (!active)
            return std::unexpected(active.error());
        // A shelved alert is in the operator's hands: it does not retrain on its own.
        if (*active && !(*active)->isShelved(now))
            reasons
                << QStringLiteral("[%1] %2").arg(int(a.rule.criticalCode)).arg((*active)->message);
    }
    if (!reasons.isEmpty()) {
        auto decision = trigger.request({report.cycleId, true, QStringLiteral("quality-loop"),
                                         reasons.join(QStringLiteral("; ")), now,
                                         report.replay ? report.asOf : QDateTime()});
        if (!decision)
            return std::unexpected(decision.error());
        report.retraining = *decision;
        if (decision->kind == RetrainingDecisionKind::QueueFull) {
            auto queueAlert = alerts.activeAlert(alertkey::queueFull);
            if (queueAlert && *queueAlert)
                report.alertEvents
                    << AlertEvent{**queueAlert, (*queueAlert)->raisedCycle == report.cycleId
                                                    ? QStringLiteral("raised")
                                                    : QStringLiteral("unchanged")};
        }
    }
    auto active = alerts.activeAlerts();
    if (!active)
        return std::unexpected(active.error());
    report.activeAlerts = *active;
    return {};
}

Status judgeFailedCycle(CycleReport &report, AlertStore &alerts, const QDateTime &now)
{
    if (report.status == CycleStatus::Failed && report.error) {
        QString message = QStringLiteral("quality evaluation cycle %1 failed: %2")
                              .arg(report.cycleId, report.error->toString());
        if (report.lastGood)
            message += QStringLiteral("; showing the last good metrics (cycle %1)")
                           .arg(report.lastGood->cycleId);
        if (auto s = track(report, alerts.raise({alertkey::cycleFailed, Severity::Warning,
                                                 int(report.error->code), QString(), std::nullopt,
                                                 std::nullopt, message},
                                                report.cycleId, now));
            !s)
            return s;
    }
    auto active = alerts.activeAlerts();
    if (!active)
        return std::unexpected(active.error());
    report.activeAlerts = *active;
    return {};
}

} // namespace routing::quality
