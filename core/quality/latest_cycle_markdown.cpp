#include "core/quality/latest_cycle_markdown.h"

#include "core/quality/cycle_outputs.h"
#include "core/quality/report_format.h"

namespace routing::quality {

using namespace fmt;

namespace {

QString esc(QString s)
{
    return s.replace(u'|', QStringLiteral("\\|")).replace(u'\n', u' ');
}

QString segmentName(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("(none)") : s;
}

} // namespace

QString latestCycleMarkdown(const CycleReport &r)
{
    QString md;
    md += QStringLiteral("# Quality cycle %1\n\n").arg(r.cycleId);
    if (r.status == CycleStatus::Succeeded)
        md += QStringLiteral("- **Result: %1** (exit code %2)\n")
                  .arg(severityName(r.level).toUpper())
                  .arg(exitCodeFor(r));
    else
        md += QStringLiteral("- **Result: %1** (exit code %2)%3\n")
                  .arg(cycleStatusName(r.status).toUpper())
                  .arg(exitCodeFor(r))
                  .arg(r.error ? QStringLiteral(": [%1] %2")
                                     .arg(int(r.error->code))
                                     .arg(esc(r.error->message))
                               : QString());
    md += QStringLiteral("- Started: %1 UTC, duration %2 s, trigger: %3\n")
              .arg(r.startedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                   n2(r.durationSeconds), r.trigger);
    md += QStringLiteral("- Actuals: %1 to %2 (%3 days before the as-of time)\n")
              .arg(plantTime(r.windowFrom), plantTime(r.windowTo))
              .arg(r.windowDays);
    if (!r.modelVersion.isEmpty())
        md += QStringLiteral("- Model: %1\n").arg(r.modelVersion);
    if (r.sampled)
        md += QStringLiteral("- Sample: %1 of %2 eligible items, %3, seed %4\n")
                  .arg(r.sample.items.size())
                  .arg(r.sample.population)
                  .arg(strategyName(r.sample.strategy))
                  .arg(r.sample.seed);
    if (r.lastGood)
        md += QStringLiteral("- Last good cycle: %1 (%2)\n")
                  .arg(r.lastGood->cycleId, r.lastGood->level);

    if (r.measured) {
        const QualityMetrics &m = r.metrics.overall;
        md += QStringLiteral(
            "\n## Metrics\n\n| Metric | Value | Level | Warning | Critical | Clear | Alert |\n"
            "|---|---:|---|---:|---:|---:|---|\n");
        for (const Assessment &a : r.assessments)
            md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                      .arg(a.rule.label,
                           a.value ? formatLogValue(a.rule, *a.value) : QStringLiteral("n/a"),
                           severityName(a.level), level(a.rule, a.rule.levels.warning),
                           level(a.rule, a.rule.levels.critical),
                           level(a.rule, a.rule.levels.clear), severityName(a.state));
        md += QStringLiteral("\n| Figure | Value |\n|---|---:|\n");
        md +=
            QStringLiteral("| Setup MAE (minutes) | %1 |\n| Run MAE (minutes) | %2 |\n| RMSE "
                           "(minutes) | %3 |\n"
                           "| Bias (minutes) | %4 |\n| P90 absolute error (minutes) | %5 |\n"
                           "| JOB_CD recall | %6 |\n| JOB_CD precision | %7 |\n| Coverage | %8 |\n"
                           "| Sample count (operations per group) | %9 |\n")
                .arg(opt2(m.maeSetup), opt2(m.maeRun), opt2(m.rmse), opt2(m.bias),
                     opt2(m.p90AbsError), optPct(m.jobRecall), optPct(m.jobPrecision),
                     optPct(m.coverage),
                     m.sampleCount ? QString::number(*m.sampleCount, 'f', 1)
                                   : QStringLiteral("n/a"));
        md += QStringLiteral("| Routing steps at the same position | %1 |\n| Routing precision "
                             "(aligned / predicted) | %2 |\n")
                  .arg(optPct(m.processMatchPositional), optPct(m.processPrecision));
        md += QStringLiteral(
                  "| Items evaluated / sampled / failed / without actuals | %1 / %2 / %3 / %4 |\n")
                  .arg(m.itemsEvaluated)
                  .arg(m.itemsSampled)
                  .arg(m.itemsFailed)
                  .arg(m.itemsWithoutActuals);
        md += QStringLiteral("| Groups below the sample minimum / with high CV | %1 / %2 of %3 |\n")
                  .arg(m.groupsLowSamples)
                  .arg(m.groupsHighCv)
                  .arg(m.groups);
    }
    md += QStringLiteral("\n## Alerts\n\n");
    if (r.alertEvents.isEmpty()) {
        md += QStringLiteral("None.\n");
    } else {
        md += QStringLiteral(
            "| Severity | Code | Alert | Change | Message |\n|---|---:|---|---|---|\n");
        for (const AlertEvent &e : r.alertEvents)
            md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                      .arg(severityName(e.alert.severity))
                      .arg(e.alert.code ? QString::number(e.alert.code) : QString())
                      .arg(e.alert.key, e.change, esc(e.alert.message));
    }
    if (r.retraining)
        md += QStringLiteral("\n## Retraining\n\n%1: %2\n")
                  .arg(decisionName(r.retraining->kind), esc(r.retraining->detail));
    if (r.measured) {
        md += QStringLiteral("\n## By PART_TYPE (largest)\n\n| PART_TYPE | Items | Operations | "
                             "MAE | Bias | Coverage | "
                             "Process match |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (const SegmentMetrics &s : r.metrics.byPartType)
            md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                      .arg(esc(segmentName(s.segment)))
                      .arg(s.items)
                      .arg(s.operations)
                      .arg(opt2(s.mae), opt2(s.bias), optPct(s.coverage), optPct(s.processMatch));
        md += QStringLiteral("\n## By work centre (largest)\n\n| RES_CD | Items | Operations | MAE "
                             "| Bias | Coverage |\n"
                             "|---|---:|---:|---:|---:|---:|\n");
        for (const SegmentMetrics &s : r.metrics.byWorkCentre)
            md += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |\n")
                      .arg(esc(segmentName(s.segment)))
                      .arg(s.items)
                      .arg(s.operations)
                      .arg(opt2(s.mae), opt2(s.bias), optPct(s.coverage));
    }
    return md;
}

} // namespace routing::quality
