#include "core/quality/cycle_report.h"

#include "core/quality/state_sql.h"

#include <QJsonArray>

namespace routing::quality {
namespace {

QJsonValue num(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue text(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString plantTime(const QDateTime &t)
{
    return t.isValid() ? t.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")) : QString();
}

QJsonObject errorJson(const Error &e)
{
    return {{QStringLiteral("code"), int(e.code)},
            {QStringLiteral("name"), errorCodeName(e.code)},
            {QStringLiteral("message"), e.message}};
}

QJsonObject alertJson(const Alert &a, const QDateTime &now)
{
    return {
        {QStringLiteral("id"), a.id},
        {QStringLiteral("key"), a.key},
        {QStringLiteral("code"), a.code},
        {QStringLiteral("severity"), severityName(a.severity)},
        {QStringLiteral("state"), a.active ? QStringLiteral("active") : QStringLiteral("cleared")},
        {QStringLiteral("metric"), text(a.metric)},
        {QStringLiteral("value"), num(a.value)},
        {QStringLiteral("threshold"), num(a.threshold)},
        {QStringLiteral("message"), a.message},
        {QStringLiteral("raised_at"), sql::timeText(a.raisedAt)},
        {QStringLiteral("raised_cycle"), text(a.raisedCycle)},
        {QStringLiteral("acknowledged_by"), text(a.acknowledgedBy)},
        {QStringLiteral("acknowledged_at"), text(sql::timeText(a.acknowledgedAt))},
        {QStringLiteral("shelved"), a.isShelved(now)},
        {QStringLiteral("shelved_until"), text(sql::timeText(a.shelvedUntil))},
        {QStringLiteral("cleared_at"), text(sql::timeText(a.clearedAt))}};
}

QJsonArray segmentsJson(const QList<SegmentMetrics> &segments, bool withProcessMatch)
{
    QJsonArray out;
    for (const SegmentMetrics &s : segments) {
        QJsonObject o{{QStringLiteral("segment"), s.segment},
                      {QStringLiteral("items"), s.items},
                      {QStringLiteral("operations"), s.operations},
                      {QStringLiteral("matched_operations"), s.matched},
                      {QStringLiteral("mae_minutes"), num(s.mae)},
                      {QStringLiteral("rmse_minutes"), num(s.rmse)},
                      {QStringLiteral("bias_minutes"), num(s.bias)},
                      {QStringLiteral("coverage"), num(s.coverage)}};
        if (withProcessMatch) {
            o.insert(QStringLiteral("process_match"), num(s.processMatch));
            o.insert(QStringLiteral("steps"), s.steps);
        }
        out << o;
    }
    return out;
}

QJsonObject flagsJson(const QList<GroupFlag> &flags, int total)
{
    QJsonArray groups;
    for (qsizetype i = 0; i < flags.size() && i < kReportListLimit; ++i) {
        const GroupFlag &f = flags[i];
        groups << QJsonObject{{QStringLiteral("item"), f.itemCode},
                              {QStringLiteral("proc_seq"), f.procSeq},
                              {QStringLiteral("job_cd"), f.jobCd},
                              {QStringLiteral("operations"), f.operations},
                              {QStringLiteral("cv"), num(f.cv)}};
    }
    return {{QStringLiteral("count"), total},
            {QStringLiteral("listed"), int(groups.size())},
            {QStringLiteral("groups"), groups}};
}

QJsonObject sampleJson(const CycleReport &r)
{
    const SampleResult &s = r.sample;
    QJsonObject o{{QStringLiteral("strategy"), strategyName(s.strategy)},
                  {QStringLiteral("requested_size"), s.requestedSize},
                  {QStringLiteral("size"), int(s.items.size())},
                  {QStringLiteral("population"), s.population},
                  {QStringLiteral("seed"), QString::number(s.seed)}};
    if (s.strategy == SamplingConfig::Strategy::Stratified) {
        o.insert(QStringLiteral("strata_column"), s.strataColumn);
        QJsonArray strata;
        for (const StratumAllocation &a : s.strata)
            strata << QJsonObject{{QStringLiteral("stratum"), a.stratum},
                                  {QStringLiteral("population"), a.population},
                                  {QStringLiteral("sampled"), a.sampled}};
        o.insert(QStringLiteral("strata"), strata);
    }
    if (s.strategy == SamplingConfig::Strategy::RecentBias) {
        o.insert(QStringLiteral("recent_days_window"), s.recentDaysWindow);
        o.insert(QStringLiteral("recent_population"), s.recentPopulation);
        o.insert(QStringLiteral("recent_sampled"), s.recentSampled);
        o.insert(QStringLiteral("random_sampled"), s.randomSampled);
    }
    return o;
}

} // namespace

QString cycleStatusName(CycleStatus status)
{
    switch (status) {
    case CycleStatus::Succeeded:
        return QStringLiteral("succeeded");
    case CycleStatus::Failed:
        return QStringLiteral("failed");
    case CycleStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

int exitCodeFor(const CycleReport &report)
{
    if (report.status != CycleStatus::Succeeded)
        return 3;
    switch (report.level) {
    case Severity::Critical:
        return 2;
    case Severity::Warning:
        return 1;
    case Severity::None:
    case Severity::Info:
        return 0;
    }
    return 0;
}

std::optional<double> metricValue(const QualityMetrics &m, const QString &key)
{
    static const QHash<QString, std::optional<double> QualityMetrics::*> members{
        {QStringLiteral("mae_minutes"), &QualityMetrics::mae},
        {QStringLiteral("setup_mae_minutes"), &QualityMetrics::maeSetup},
        {QStringLiteral("run_mae_minutes"), &QualityMetrics::maeRun},
        {QStringLiteral("trim_mae_minutes"), &QualityMetrics::trimmedMae},
        {QStringLiteral("rmse_minutes"), &QualityMetrics::rmse},
        {QStringLiteral("bias_minutes"), &QualityMetrics::bias},
        {QStringLiteral("p90_abs_error_minutes"), &QualityMetrics::p90AbsError},
        {QStringLiteral("process_match"), &QualityMetrics::processMatch},
        {QStringLiteral("process_match_positional"), &QualityMetrics::processMatchPositional},
        {QStringLiteral("process_precision"), &QualityMetrics::processPrecision},
        {QStringLiteral("job_recall"), &QualityMetrics::jobRecall},
        {QStringLiteral("job_precision"), &QualityMetrics::jobPrecision},
        {QStringLiteral("cv"), &QualityMetrics::cv},
        {QStringLiteral("sample_count"), &QualityMetrics::sampleCount},
        {QStringLiteral("coverage"), &QualityMetrics::coverage}};
    const auto it = members.constFind(key);
    return it == members.cend() ? std::nullopt : m.*(*it);
}

QJsonObject metricsToJson(const QualityMetrics &m)
{
    QJsonObject o;
    for (const QString &key :
         {QStringLiteral("mae_minutes"), QStringLiteral("setup_mae_minutes"),
          QStringLiteral("run_mae_minutes"), QStringLiteral("trim_mae_minutes"),
          QStringLiteral("rmse_minutes"), QStringLiteral("bias_minutes"),
          QStringLiteral("p90_abs_error_minutes"), QStringLiteral("process_match"),
          QStringLiteral("process_match_positional"), QStringLiteral("process_precision"),
          QStringLiteral("job_recall"), QStringLiteral("job_precision"), QStringLiteral("cv"),
          QStringLiteral("sample_count"), QStringLiteral("coverage")})
        o.insert(key, num(metricValue(m, key)));
    o.insert(QStringLiteral("items"),
             QJsonObject{{QStringLiteral("sampled"), m.itemsSampled},
                         {QStringLiteral("evaluated"), m.itemsEvaluated},
                         {QStringLiteral("failed"), m.itemsFailed},
                         {QStringLiteral("without_actuals"), m.itemsWithoutActuals},
                         {QStringLiteral("process_evaluated"), m.itemsProcessEvaluated},
                         {QStringLiteral("leave_one_out_failed"), m.itemsLooFailed}});
    o.insert(QStringLiteral("operations"),
             QJsonObject{{QStringLiteral("read"), m.operationsRead},
                         {QStringLiteral("unusable"), m.operationsUnusable},
                         {QStringLiteral("outliers"), m.operationsOutliers},
                         {QStringLiteral("gross_errors"), m.operationsGrossErrors},
                         {QStringLiteral("evaluated"), m.operationsEvaluated},
                         {QStringLiteral("matched"), m.operationsMatched}});
    o.insert(QStringLiteral("steps"), QJsonObject{{QStringLiteral("actual"), m.stepsActual},
                                                  {QStringLiteral("aligned"), m.stepsAligned},
                                                  {QStringLiteral("positional"), m.stepsMatched},
                                                  {QStringLiteral("predicted"), m.stepsPredicted},
                                                  {QStringLiteral("job_overlap"), m.jobOverlap}});
    o.insert(QStringLiteral("groups"),
             QJsonObject{{QStringLiteral("total"), m.groups},
                         {QStringLiteral("with_cv"), m.groupsWithCv},
                         {QStringLiteral("low_samples"), m.groupsLowSamples},
                         {QStringLiteral("high_cv"), m.groupsHighCv}});
    return o;
}

QJsonObject alertToJson(const Alert &alert, const QDateTime &now)
{
    return alertJson(alert, now);
}

QJsonObject toJson(const CycleReport &r)
{
    QJsonObject o{
        {QStringLiteral("cycle_id"), r.cycleId},
        {QStringLiteral("status"), cycleStatusName(r.status)},
        {QStringLiteral("exit_code"), exitCodeFor(r)},
        {QStringLiteral("level"), r.status == CycleStatus::Succeeded
                                      ? QJsonValue(severityName(r.level))
                                      : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("error"),
         r.error ? QJsonValue(errorJson(*r.error)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("trigger"), r.trigger},
        {QStringLiteral("started_at"), sql::timeText(r.startedAt)},
        {QStringLiteral("finished_at"), sql::timeText(r.finishedAt)},
        {QStringLiteral("duration_seconds"), r.durationSeconds},
        {QStringLiteral("as_of"), plantTime(r.asOf)},
        {QStringLiteral("window"), QJsonObject{{QStringLiteral("from"), plantTime(r.windowFrom)},
                                               {QStringLiteral("to"), plantTime(r.windowTo)},
                                               {QStringLiteral("days"), r.windowDays}}},
        {QStringLiteral("model_version"), text(r.modelVersion)}};
    o.insert(QStringLiteral("sample"),
             r.sampled ? QJsonValue(sampleJson(r)) : QJsonValue(QJsonValue::Null));
    if (r.measured) {
        QJsonObject metrics = metricsToJson(r.metrics.overall);
        metrics.insert(QStringLiteral("duration_seconds"), r.durationSeconds);
        o.insert(QStringLiteral("metrics"), metrics);
        QJsonObject levels;
        for (const Assessment &a : r.assessments)
            levels.insert(a.rule.key,
                          QJsonObject{{QStringLiteral("value"), num(a.value)},
                                      {QStringLiteral("level"), severityName(a.level)},
                                      {QStringLiteral("alert_state"), severityName(a.state)},
                                      {QStringLiteral("warning"), a.rule.levels.warning},
                                      {QStringLiteral("critical"), a.rule.levels.critical},
                                      {QStringLiteral("clear"), a.rule.levels.clear},
                                      {QStringLiteral("direction"),
                                       a.rule.direction == Direction::HigherIsWorse
                                           ? QStringLiteral("higher_is_worse")
                                           : QStringLiteral("lower_is_worse")},
                                      {QStringLiteral("window_cycles"), a.windowCycles},
                                      {QStringLiteral("warning_cycles"), a.warningCycles},
                                      {QStringLiteral("critical_cycles"), a.criticalCycles}});
        o.insert(QStringLiteral("levels"), levels);
        o.insert(QStringLiteral("segments"),
                 QJsonObject{
                     {QStringLiteral("part_type"), segmentsJson(r.metrics.byPartType, true)},
                     {QStringLiteral("work_centre"), segmentsJson(r.metrics.byWorkCentre, false)}});
        o.insert(
            QStringLiteral("flags"),
            QJsonObject{{QStringLiteral("low_samples"),
                         flagsJson(r.metrics.lowSampleGroups, r.metrics.overall.groupsLowSamples)},
                        {QStringLiteral("high_cv"),
                         flagsJson(r.metrics.highCvGroups, r.metrics.overall.groupsHighCv)}});
        QJsonArray failures;
        for (qsizetype i = 0; i < r.metrics.failures.size() && i < kReportListLimit; ++i)
            failures << QJsonObject{
                {QStringLiteral("item"), r.metrics.failures[i].itemCode},
                {QStringLiteral("leave_one_out"), r.metrics.failures[i].leaveOneOut},
                {QStringLiteral("message"), r.metrics.failures[i].message}};
        o.insert(QStringLiteral("failed_items"), failures);
    } else {
        o.insert(QStringLiteral("metrics"), QJsonValue(QJsonValue::Null));
    }
    const QDateTime now = r.finishedAt.isValid() ? r.finishedAt : QDateTime::currentDateTimeUtc();
    QJsonArray events;
    for (const AlertEvent &e : r.alertEvents) {
        QJsonObject a = alertJson(e.alert, now);
        a.insert(QStringLiteral("change"), e.change);
        events << a;
    }
    o.insert(QStringLiteral("alerts"), events);
    QJsonArray active;
    for (const Alert &a : r.activeAlerts)
        active << alertJson(a, now);
    o.insert(QStringLiteral("active_alerts"), active);
    if (r.retraining) {
        const RetrainingDecision &d = *r.retraining;
        o.insert(
            QStringLiteral("retraining"),
            QJsonObject{{QStringLiteral("decision"), decisionName(d.kind)},
                        {QStringLiteral("request_id"), d.requestId},
                        {QStringLiteral("job_id"), text(d.jobId)},
                        {QStringLiteral("reason"), d.reason},
                        {QStringLiteral("detail"), d.detail},
                        {QStringLiteral("cooldown_until"), text(sql::timeText(d.cooldownUntil))},
                        {QStringLiteral("error"), d.error ? QJsonValue(errorJson(*d.error))
                                                          : QJsonValue(QJsonValue::Null)}});
    } else {
        o.insert(QStringLiteral("retraining"), QJsonValue(QJsonValue::Null));
    }
    if (r.lastGood)
        o.insert(QStringLiteral("last_good"),
                 QJsonObject{{QStringLiteral("cycle_id"), r.lastGood->cycleId},
                             {QStringLiteral("finished_at"), sql::timeText(r.lastGood->finishedAt)},
                             {QStringLiteral("level"), r.lastGood->level},
                             {QStringLiteral("metrics"), r.lastGood->metrics}});
    else
        o.insert(QStringLiteral("last_good"), QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("outputs"),
             QJsonObject{{QStringLiteral("json"), text(r.jsonPath)},
                         {QStringLiteral("csv"), text(r.csvPath)},
                         {QStringLiteral("markdown"), text(r.markdownPath)},
                         {QStringLiteral("log"), text(r.logPath)}});
    if (!r.outputProblems.isEmpty())
        o.insert(QStringLiteral("output_problems"), QJsonArray::fromStringList(r.outputProblems));
    return o;
}

} // namespace routing::quality
