#include "core/quality/cycle_outputs.h"

#include "core/common/atomic_file.h"
#include "core/quality/report_format.h"
#include "core/quality/state_sql.h"

#include <QFile>
#include <QFileInfo>

namespace routing::quality {
using namespace fmt;

namespace {

constexpr int kLoggedFailures = 20;

QString csvNumber(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'f', 4) : QString();
}

QualityLog::Level logLevel(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QualityLog::Level::Critical;
    case Severity::Warning:
        return QualityLog::Level::Warning;
    case Severity::None:
    case Severity::Info:
        return QualityLog::Level::Info;
    }
    return QualityLog::Level::Info;
}

QString metricLine(const Assessment &a)
{
    const MetricRule &r = a.rule;
    if (!a.value)
        return QStringLiteral("%1 = n/a (nothing to measure this cycle)").arg(r.label);
    const QString value = formatLogValue(r, *a.value);
    const bool higher = r.direction == Direction::HigherIsWorse;
    switch (a.level) {
    case Severity::Critical:
        return QStringLiteral("%1 = %2 (🔴 %3 critical threshold %4)%5")
            .arg(r.label, value, higher ? QStringLiteral("above") : QStringLiteral("below"),
                 level(r, r.levels.critical),
                 r.criticalCode != ErrorCode::Ok ? QStringLiteral(" [%1]").arg(int(r.criticalCode))
                                                 : QString());
    case Severity::Warning:
        return QStringLiteral("%1 = %2 (⚠️ %3 warning threshold %4)")
            .arg(r.label, value, higher ? QStringLiteral("above") : QStringLiteral("below"),
                 level(r, r.levels.warning));
    case Severity::None:
    case Severity::Info:
        break;
    }
    return QStringLiteral("%1 = %2 (✅ within threshold %3)")
        .arg(r.label, value, level(r, r.levels.warning));
}

QString alertLine(const AlertEvent &e)
{
    const Alert &a = e.alert;
    return QStringLiteral("%1Alert %2: %3")
        .arg(a.code ? QStringLiteral("[%1] ").arg(a.code) : QString(), e.change, a.message);
}

} // namespace

QString formatLogValue(const MetricRule &rule, double value)
{
    if (rule.ratio)
        return pct(value);
    return rule.unit.isEmpty() ? n2(value) : n2(value) + u' ' + rule.unit;
}

QString startedLogLine(const QString &cycleId)
{
    return QStringLiteral("Quality evaluation started (cycle_%1)").arg(cycleId);
}

QList<LogLine> logBlock(const CycleReport &r)
{
    using L = QualityLog::Level;
    QList<LogLine> out;
    if (r.sampled) {
        const SampleResult &s = r.sample;
        QString how = strategyName(s.strategy);
        if (s.strategy == SamplingConfig::Strategy::Stratified)
            how += QStringLiteral(" by %1, %2 strata").arg(s.strataColumn).arg(s.strata.size());
        out.append({L::Info,
                    QStringLiteral(
                        "Sample: %1 of %2 eligible items (%3, seed %4); actuals %5 to %6 (%7 days)")
                        .arg(s.items.size())
                        .arg(s.population)
                        .arg(how)
                        .arg(s.seed)
                        .arg(plantTime(r.windowFrom), plantTime(r.windowTo))
                        .arg(r.windowDays)});
    }
    if (r.status == CycleStatus::Succeeded && r.measured) {
        const QualityMetrics &m = r.metrics.overall;
        for (const Assessment &a : r.assessments)
            out.append({logLevel(a.level), metricLine(a)});
        out.append(
            {L::Info,
             QStringLiteral("Setup MAE = %1 minutes, run MAE = %2 minutes, RMSE = %3 minutes, "
                            "bias = %4 minutes, P90 = %5 minutes")
                 .arg(opt2(m.maeSetup), opt2(m.maeRun), opt2(m.rmse),
                      m.bias ? (*m.bias >= 0 ? QStringLiteral("+") : QString()) + n2(*m.bias)
                             : QStringLiteral("n/a"),
                      opt2(m.p90AbsError))});
        out.append(
            {L::Info,
             QStringLiteral("Routing (leave-one-out, %1 actual steps): same position %2, aligned "
                            "precision %3, JOB_CD recall %4, precision %5")
                 .arg(m.stepsActual)
                 .arg(optPct(m.processMatchPositional), optPct(m.processPrecision),
                      optPct(m.jobRecall), optPct(m.jobPrecision))});
        out.append(
            {L::Info,
             QStringLiteral(
                 "Sample count = %1 operations per group (%2 of %3 groups below the minimum)")
                 .arg(m.sampleCount ? QString::number(*m.sampleCount, 'f', 1)
                                    : QStringLiteral("n/a"))
                 .arg(m.groupsLowSamples)
                 .arg(m.groups)});
        out.append(
            {L::Info, QStringLiteral(
                          "Coverage = %1 of %2 evaluated operations (%3 outliers removed, of which "
                          "%4 gross errors; %5 unusable)")
                          .arg(optPct(m.coverage))
                          .arg(m.operationsEvaluated)
                          .arg(m.operationsOutliers)
                          .arg(m.operationsGrossErrors)
                          .arg(m.operationsUnusable)});
        out.append({L::Info, QStringLiteral(
                                 "Items: %1 evaluated of %2 sampled, %3 failed, %4 without actuals")
                                 .arg(m.itemsEvaluated)
                                 .arg(m.itemsSampled)
                                 .arg(m.itemsFailed)
                                 .arg(m.itemsWithoutActuals)});
        int logged = 0;
        for (const ItemFailure &f : r.metrics.failures) {
            if (logged++ == kLoggedFailures)
                break;
            out.append(
                {L::Error, QStringLiteral("Prediction failed for %1%2 (%3)")
                               .arg(f.itemCode,
                                    f.leaveOneOut ? QStringLiteral(" (leave-one-out)") : QString(),
                                    f.message)});
        }
        if (r.metrics.failures.size() > kLoggedFailures)
            out.append(
                {L::Error, QStringLiteral("... and %1 more prediction failures (see cycle_%2.json)")
                               .arg(r.metrics.failures.size() - kLoggedFailures)
                               .arg(r.cycleId)});
    }
    if (r.status == CycleStatus::Failed) {
        const Error e =
            r.error.value_or(Error{ErrorCode::Internal, QStringLiteral("unknown failure")});
        out.append({L::Error, QStringLiteral("[%1] Quality evaluation failed (cycle_%2): %3")
                                  .arg(int(e.code))
                                  .arg(r.cycleId, e.message)});
        if (r.lastGood) {
            const QJsonObject &m = r.lastGood->metrics;
            out.append(
                {L::Info,
                 QStringLiteral(
                     "Last good metrics: cycle_%1 (%2, %3): MAE = %4 minutes, process match = %5")
                     .arg(r.lastGood->cycleId, sql::timeText(r.lastGood->finishedAt),
                          r.lastGood->level,
                          m.value(QStringLiteral("mae_minutes")).isDouble()
                              ? n2(m.value(QStringLiteral("mae_minutes")).toDouble())
                              : QStringLiteral("n/a"),
                          m.value(QStringLiteral("process_match")).isDouble()
                              ? pct(m.value(QStringLiteral("process_match")).toDouble())
                              : QStringLiteral("n/a"))});
        }
    }
    QList<const AlertEvent *> shown;
    for (const AlertEvent &e : r.alertEvents)
        shown << &e;
    if (!shown.isEmpty()) {
        out.append({L::Info, QStringLiteral("ALERTS (%1)").arg(shown.size())});
        for (const AlertEvent *e : shown)
            out.append(
                {e->change == QLatin1String("cleared") ? L::Info : logLevel(e->alert.severity),
                 alertLine(*e)});
    }
    if (r.retraining) {
        const RetrainingDecision &d = *r.retraining;
        switch (d.kind) {
        case RetrainingDecisionKind::Enqueued:
            out.append(
                {L::Info,
                 QStringLiteral("Retraining requested: job %1 (%2)").arg(d.jobId, d.reason)});
            break;
        case RetrainingDecisionKind::QueueFull:
        case RetrainingDecisionKind::Failed:
            out.append({L::Error, QStringLiteral("[%1] Retraining not queued: %2")
                                      .arg(d.error ? int(d.error->code) : int(ErrorCode::Internal))
                                      .arg(d.detail)});
            break;
        default:
            out.append({L::Info, QStringLiteral("Retraining not requested (%1): %2")
                                     .arg(decisionName(d.kind), d.detail)});
        }
    }
    if (r.status == CycleStatus::Cancelled)
        out.append({L::Warning, QStringLiteral("Quality evaluation cancelled (cycle_%1) after %2 s")
                                    .arg(r.cycleId, n2(r.durationSeconds))});
    else
        out.append(
            {r.status == CycleStatus::Succeeded ? L::Info : L::Error,
             QStringLiteral("Quality evaluation finished (cycle_%1) in %2 s: %3")
                 .arg(r.cycleId, n2(r.durationSeconds),
                      r.status == CycleStatus::Succeeded ? severityName(r.level).toUpper()
                                                         : cycleStatusName(r.status).toUpper())});
    return out;
}

QStringList csvHeader()
{
    return {QStringLiteral("cycle_id"),
            QStringLiteral("finished_at"),
            QStringLiteral("status"),
            QStringLiteral("level"),
            QStringLiteral("trigger"),
            QStringLiteral("as_of"),
            QStringLiteral("strategy"),
            QStringLiteral("sample_size"),
            QStringLiteral("items_sampled"),
            QStringLiteral("items_evaluated"),
            QStringLiteral("items_failed"),
            QStringLiteral("items_without_actuals"),
            QStringLiteral("mae_minutes"),
            QStringLiteral("setup_mae_minutes"),
            QStringLiteral("run_mae_minutes"),
            QStringLiteral("trim_mae_minutes"),
            QStringLiteral("rmse_minutes"),
            QStringLiteral("bias_minutes"),
            QStringLiteral("p90_abs_error_minutes"),
            QStringLiteral("process_match"),
            QStringLiteral("process_match_positional"),
            QStringLiteral("job_recall"),
            QStringLiteral("job_precision"),
            QStringLiteral("cv"),
            QStringLiteral("sample_count"),
            QStringLiteral("coverage"),
            QStringLiteral("alerts_active"),
            QStringLiteral("retraining"),
            QStringLiteral("error_code"),
            QStringLiteral("duration_seconds"),
            QStringLiteral("model_version")};
}

QStringList csvFields(const CycleReport &r)
{
    const QualityMetrics &m = r.metrics.overall;
    const bool measured = r.measured;
    auto metric = [&](const char *key) {
        return measured ? csvNumber(metricValue(m, QString::fromLatin1(key))) : QString();
    };
    auto count = [&](int v) { return measured ? QString::number(v) : QString(); };
    return {r.cycleId,
            sql::timeText(r.finishedAt),
            cycleStatusName(r.status),
            r.status == CycleStatus::Succeeded ? severityName(r.level) : QString(),
            r.trigger,
            r.asOf.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")),
            r.sampled ? strategyName(r.sample.strategy) : QString(),
            r.sampled ? QString::number(r.sample.items.size()) : QString(),
            count(m.itemsSampled),
            count(m.itemsEvaluated),
            count(m.itemsFailed),
            count(m.itemsWithoutActuals),
            metric("mae_minutes"),
            metric("setup_mae_minutes"),
            metric("run_mae_minutes"),
            metric("trim_mae_minutes"),
            metric("rmse_minutes"),
            metric("bias_minutes"),
            metric("p90_abs_error_minutes"),
            metric("process_match"),
            metric("process_match_positional"),
            metric("job_recall"),
            metric("job_precision"),
            metric("cv"),
            metric("sample_count"),
            metric("coverage"),
            QString::number(r.activeAlerts.size()),
            r.retraining ? decisionName(r.retraining->kind) : QString(),
            r.error ? QString::number(int(r.error->code)) : QString(),
            QString::number(r.durationSeconds, 'f', 3),
            r.modelVersion};
}

QByteArray csvLine(const QStringList &fields)
{
    QStringList quoted;
    for (QString f : fields) {
        if (f.contains(u',') || f.contains(u'"') || f.contains(u'\n') || f.contains(u'\r'))
            f = u'"' + f.replace(u'"', QStringLiteral("\"\"")) + u'"';
        quoted << f;
    }
    return quoted.join(u',').toUtf8() + "\r\n";
}

Status appendCsvRow(const QString &path, const CycleReport &report)
{
    QByteArray content;
    if (QFileInfo::exists(path)) {
        auto existing = readWholeFile(path);
        if (!existing)
            return std::unexpected(existing.error());
        content = *existing;
    }
    if (content.isEmpty())
        content = QByteArray("\xEF\xBB\xBF") + csvLine(csvHeader());
    else if (!content.endsWith('\n'))
        content += "\r\n";
    content += csvLine(csvFields(report));
    return writeFileAtomically(path, content);
}

} // namespace routing::quality
