// The read-only endpoints: quality, jobs, models, configuration, metrics.

#include "core/service/console_api.h"

#include "core/jobs/job_queue.h"
#include "core/quality/alert_store.h"
#include "core/quality/quality_history.h"
#include "core/registry/model_registry.h"
#include "core/service/metrics_registry.h"
#include "core/service/prometheus_text.h"
#include "core/state/state_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace routing::service {
namespace {

QJsonValue when(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue num(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

HttpResponse storeError(const Error &e)
{
    return HttpResponse::error(503, QStringLiteral("state database: %1").arg(e.toString()));
}

QJsonObject cycleJson(const quality::CycleHistoryRow &r)
{
    QJsonObject metrics;
    for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it)
        metrics.insert(it.key(), num(it.value()));
    QJsonObject o{{QStringLiteral("cycle_id"), r.cycleId},
                  {QStringLiteral("status"), r.status},
                  {QStringLiteral("level"), r.level},
                  {QStringLiteral("started_at"), when(r.startedAt)},
                  {QStringLiteral("finished_at"), when(r.finishedAt)},
                  {QStringLiteral("as_of"),
                   r.asOf.isValid() ? QJsonValue(r.asOf.toString(Qt::ISODate)) : QJsonValue()},
                  {QStringLiteral("triggered_by"), r.triggeredBy},
                  {QStringLiteral("strategy"), r.strategy},
                  {QStringLiteral("sample_size"), r.sampleSize},
                  {QStringLiteral("model_version"), r.modelVersion},
                  {QStringLiteral("items_sampled"), r.itemsSampled},
                  {QStringLiteral("items_evaluated"), r.itemsEvaluated},
                  {QStringLiteral("items_failed"), r.itemsFailed},
                  {QStringLiteral("duration_seconds"), r.durationSeconds},
                  {QStringLiteral("metrics"), metrics}};
    if (r.errorCode != 0)
        o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), r.errorCode},
                                                      {QStringLiteral("message"), r.errorMessage}});
    return o;
}

QJsonObject alertJson(const quality::Alert &a)
{
    return QJsonObject{{QStringLiteral("id"), double(a.id)},
                       {QStringLiteral("key"), a.key},
                       {QStringLiteral("code"), a.code},
                       {QStringLiteral("severity"), quality::severityName(a.severity)},
                       {QStringLiteral("active"), a.active},
                       {QStringLiteral("metric"), a.metric},
                       {QStringLiteral("value"), num(a.value)},
                       {QStringLiteral("threshold"), num(a.threshold)},
                       {QStringLiteral("message"), a.message},
                       {QStringLiteral("raised_at"), when(a.raisedAt)},
                       {QStringLiteral("raised_cycle"), a.raisedCycle},
                       {QStringLiteral("updated_at"), when(a.updatedAt)},
                       {QStringLiteral("acknowledged_by"), a.acknowledgedBy},
                       {QStringLiteral("acknowledged_at"), when(a.acknowledgedAt)},
                       {QStringLiteral("shelved_until"), when(a.shelvedUntil)},
                       {QStringLiteral("cleared_at"), when(a.clearedAt)}};
}

/// Parses an optional integer query parameter in [min, max]; an error message otherwise.
std::optional<QString> intParam(const HttpRequest &r, const QString &name, int min, int max,
                                int *value)
{
    if (!r.query.hasQueryItem(name))
        return std::nullopt;
    bool ok = false;
    const QString text = r.query.queryItemValue(name);
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return QStringLiteral("query parameter '%1' must be an integer from %2 to %3, not '%4'")
            .arg(name)
            .arg(min)
            .arg(max)
            .arg(text);
    *value = v;
    return std::nullopt;
}

} // namespace

HttpResponse ConsoleApi::qualityCurrent(const HttpRequest &)
{
    quality::QualityHistory history(*m_ctx.state);
    const auto last = history.lastSucceeded();
    if (!last)
        return storeError(last.error());
    const auto recent = history.recent(1);
    if (!recent)
        return storeError(recent.error());
    quality::AlertStore alerts(*m_ctx.state);
    const auto active = alerts.activeAlerts();
    if (!active)
        return storeError(active.error());
    QJsonArray activeJson;
    for (const quality::Alert &a : *active)
        activeJson.append(alertJson(a));
    const EvaluatorSnapshot ev = evaluator();
    return HttpResponse::json(
        200, QJsonObject{
                 {QStringLiteral("current"), *last ? QJsonValue(cycleJson(**last)) : QJsonValue()},
                 {QStringLiteral("latest_cycle"),
                  recent->isEmpty() ? QJsonValue() : QJsonValue(cycleJson(recent->first()))},
                 {QStringLiteral("evaluation_running"), ev.running},
                 {QStringLiteral("next_run_at"), when(ev.nextRunAt)},
                 {QStringLiteral("active_alerts"), activeJson}});
}

HttpResponse ConsoleApi::qualityHistory(const HttpRequest &request)
{
    int days = 30, limit = 100;
    if (auto e = intParam(request, QStringLiteral("days"), 1, 3650, &days))
        return HttpResponse::error(400, *e);
    if (auto e = intParam(request, QStringLiteral("limit"), 1, 1000, &limit))
        return HttpResponse::error(400, *e);
    quality::QualityHistory history(*m_ctx.state);
    const auto rows = history.recent(limit);
    if (!rows)
        return storeError(rows.error());
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-days);
    QJsonArray cycles;
    for (const auto &row : *rows)
        if (!row.startedAt.isValid() || row.startedAt >= cutoff)
            cycles.append(cycleJson(row));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("days"), days},
                                               {QStringLiteral("limit"), limit},
                                               {QStringLiteral("count"), cycles.size()},
                                               {QStringLiteral("cycles"), cycles}});
}

HttpResponse ConsoleApi::qualityAlerts(const HttpRequest &request)
{
    const QString scope = request.query.queryItemValue(QStringLiteral("state"));
    if (!scope.isEmpty() && scope != QLatin1String("active") && scope != QLatin1String("all"))
        return HttpResponse::error(
            400, QStringLiteral("query parameter 'state' must be 'active' or 'all', not '%1'")
                     .arg(scope));
    int limit = 100;
    if (auto e = intParam(request, QStringLiteral("limit"), 1, 1000, &limit))
        return HttpResponse::error(400, *e);
    quality::AlertStore alerts(*m_ctx.state);
    const auto list =
        scope == QLatin1String("all") ? alerts.recentAlerts(limit) : alerts.activeAlerts();
    if (!list)
        return storeError(list.error());
    QJsonArray out;
    QJsonObject bySeverity{{QStringLiteral("info"), 0},
                           {QStringLiteral("warning"), 0},
                           {QStringLiteral("critical"), 0}};
    for (const quality::Alert &a : *list) {
        out.append(alertJson(a));
        if (a.active) {
            const QString s = quality::severityName(a.severity);
            bySeverity.insert(s, bySeverity.value(s).toInt() + 1);
        }
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("alerts"), out},
                                               {QStringLiteral("total"), out.size()},
                                               {QStringLiteral("active_by_severity"), bySeverity}});
}

HttpResponse ConsoleApi::trainingJobs(const HttpRequest &request)
{
    int limit = 50;
    if (auto e = intParam(request, QStringLiteral("limit"), 1, 1000, &limit))
        return HttpResponse::error(400, *e);
    const auto list = m_ctx.queue->list(limit);
    if (!list)
        return storeError(list.error());
    const auto counts = m_ctx.queue->counts();
    if (!counts)
        return storeError(counts.error());
    QJsonArray jobs;
    for (const jobs::Job &j : *list)
        jobs.append(j.toJson());
    // The manual's shape (§3.1): jobs, total, running, queue_size.
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("jobs"), jobs},
                         {QStringLiteral("total"), jobs.size()},
                         {QStringLiteral("running"), counts->running},
                         {QStringLiteral("queue_size"), counts->pending},
                         {QStringLiteral("capacity"), m_ctx.queue->policy().maxSize}});
}

HttpResponse ConsoleApi::trainingJob(const HttpRequest &request)
{
    const QString id = request.pathParams.value(QStringLiteral("id"));
    const auto job = m_ctx.queue->job(id);
    if (!job)
        return storeError(job.error());
    if (!*job)
        return HttpResponse::error(404, QStringLiteral("no training job '%1'").arg(id));
    return HttpResponse::json(200, (*job)->toJson());
}

HttpResponse ConsoleApi::modelVersions(const HttpRequest &)
{
    const auto versions = m_ctx.registry->versions();
    if (!versions)
        return HttpResponse::error(
            503, QStringLiteral("model registry: %1").arg(versions.error().toString()));
    const auto pointer = m_ctx.registry->pointer();
    QJsonArray list;
    for (const auto &v : *versions)
        list.append(v.toJson());
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("active"), pointer ? pointer->active : QString()},
                         {QStringLiteral("previous"), pointer ? pointer->previous : QString()},
                         {QStringLiteral("activated_at"),
                          pointer ? when(pointer->activatedAt) : QJsonValue()},
                         {QStringLiteral("versions"), list},
                         {QStringLiteral("total"), list.size()}});
}

HttpResponse ConsoleApi::configCurrent(const HttpRequest &)
{
    QJsonObject o = configToJson(m_ctx.config);
    o.insert(QStringLiteral("api_token_configured"), m_auth.enabled());
    return HttpResponse::json(200, o);
}

HttpResponse ConsoleApi::configThresholds(const HttpRequest &)
{
    return HttpResponse::json(200, thresholdsToJson(m_ctx.config));
}

HttpResponse ConsoleApi::metrics(const HttpRequest &)
{
    LiveMetrics live;
    const StateSnapshot snap = stateSnapshot();
    live.alertsActiveBySeverity = snap.alertsBySeverity;
    live.queuePending = snap.pending;
    live.queueRunning = snap.running;
    live.queueCapacity = m_ctx.queue->policy().maxSize;
    const ModelSnapshot model = this->model();
    live.modelVersion = model.version;
    live.modelActivatedAt = model.activatedAt;
    live.databaseUp =
        databaseComponent(false).value(QStringLiteral("status")).toString() == QLatin1String("UP");
    return HttpResponse::text(200, PrometheusText::contentType(), m_ctx.metrics->render(live));
}

QString ConsoleApi::redactConnectionString(const QString &connectionString)
{
    static const QRegularExpression secret(
        QStringLiteral(
            "(^|;)\\s*(uid|pwd|user|user id|username|password)\\s*=\\s*(\\{[^}]*\\}|[^;]*)"),
        QRegularExpression::CaseInsensitiveOption);
    QString out = connectionString;
    out.replace(secret, QStringLiteral("\\1\\2=***"));
    return out;
}

QJsonObject ConsoleApi::thresholdsToJson(const AppConfig &c)
{
    auto levels = [](const MetricLevels &l) {
        return QJsonObject{{QStringLiteral("warning"), l.warning},
                           {QStringLiteral("critical"), l.critical},
                           {QStringLiteral("clear"), l.clear}};
    };
    return QJsonObject{
        {QStringLiteral("mae_minutes"), levels(c.thresholds.maeMinutes)},
        {QStringLiteral("trim_mae_minutes"), levels(c.thresholds.trimMaeMinutes)},
        {QStringLiteral("process_match"), levels(c.thresholds.processMatch)},
        {QStringLiteral("process_match_measure"),
         c.thresholds.processMatchMeasure == ThresholdsConfig::ProcessMatchMeasure::Positional
             ? QStringLiteral("positional")
             : QStringLiteral("aligned")},
        {QStringLiteral("cv"), levels(c.thresholds.cv)},
        {QStringLiteral("sample_count_min"), c.thresholds.sampleCountMin},
        {QStringLiteral("trim_ratio"), c.thresholds.trimRatio},
        {QStringLiteral("debounce"), QJsonObject{{QStringLiteral("m"), c.alerts.debounceM},
                                                 {QStringLiteral("n"), c.alerts.debounceN}}},
        {QStringLiteral("auto_retrain"), c.alerts.autoRetrain},
        {QStringLiteral("auto_rollback"), c.alerts.autoRollback},
        {QStringLiteral("probation_cycles"), c.alerts.probationCycles}};
}

QJsonObject ConsoleApi::configToJson(const AppConfig &c)
{
    const char *strategies[] = {"random", "stratified", "recent_bias"};
    QJsonObject sampling{
        {QStringLiteral("sample_size"), c.sampling.sampleSize},
        {QStringLiteral("strategy"), QString::fromLatin1(strategies[int(c.sampling.strategy)])},
        {QStringLiteral("seed"),
         c.sampling.seed ? QJsonValue(double(*c.sampling.seed)) : QJsonValue()},
        {QStringLiteral("strata_column"), c.sampling.strataColumn},
        {QStringLiteral("recent_days_window"), c.sampling.recentDaysWindow},
        {QStringLiteral("min_population"), c.sampling.minPopulation}};
    QJsonObject schedule{{QStringLiteral("enabled"), c.schedule.enabled},
                         {QStringLiteral("interval_minutes"), c.schedule.intervalMinutes},
                         {QStringLiteral("daily_time"),
                          c.schedule.dailyTime
                              ? QJsonValue(c.schedule.dailyTime->toString(QStringLiteral("HH:mm")))
                              : QJsonValue()},
                         {QStringLiteral("max_execution_seconds"), c.schedule.maxExecutionSeconds}};
    QJsonObject queue{{QStringLiteral("max_size"), c.queue.maxSize},
                      {QStringLiteral("max_retries"), c.queue.maxRetries},
                      {QStringLiteral("retry_backoff_seconds"), c.queue.retryBackoffSeconds},
                      {QStringLiteral("cooldown_hours"), c.queue.cooldownHours}};
    QJsonObject training{{QStringLiteral("model_candidates"),
                          QJsonArray::fromStringList(c.training.modelCandidates)},
                         {QStringLiteral("min_improvement_pct"), c.training.minImprovementPct},
                         {QStringLiteral("max_duration_minutes"), c.training.maxDurationMinutes},
                         {QStringLiteral("validation_days"), c.training.validationDays},
                         {QStringLiteral("history_days"), c.training.historyDays}};
    // Never the token itself: only the name of the variable that holds it.
    QJsonObject http{{QStringLiteral("enabled"), c.http.enabled},
                     {QStringLiteral("bind_address"), c.http.bindAddress},
                     {QStringLiteral("port"), c.http.port},
                     {QStringLiteral("token_env"), c.http.tokenEnv},
                     {QStringLiteral("max_body_bytes"), c.http.maxBodyBytes}};
    QJsonObject database{
        {QStringLiteral("driver"), c.database.driver},
        {QStringLiteral("dialect"), dialectName(c.database.dialect)},
        {QStringLiteral("path"), c.database.path},
        {QStringLiteral("connection_string"), redactConnectionString(c.database.connectionString)},
        {QStringLiteral("user_env"), c.database.userEnv},
        {QStringLiteral("password_env"), c.database.passwordEnv},
        {QStringLiteral("connect_timeout_seconds"), c.database.connectTimeoutSeconds},
        {QStringLiteral("retries"), c.database.retries},
        {QStringLiteral("actuals_unit"), c.database.actualsUnit},
        {QStringLiteral("demo_plant"), c.database.usesDemoPlant()}};
    QJsonObject paths{{QStringLiteral("data"), c.dataDir()},
                      {QStringLiteral("models"), c.modelsDir()},
                      {QStringLiteral("state"), c.stateDbPath()},
                      {QStringLiteral("logs"), c.logsDir()},
                      {QStringLiteral("reports"), c.reportsDir()}};
    return QJsonObject{
        {QStringLiteral("source_file"), c.sourceFile},
        {QStringLiteral("sampling"), sampling},
        {QStringLiteral("thresholds"), thresholdsToJson(c)},
        {QStringLiteral("evaluation"),
         QJsonObject{{QStringLiteral("window_days"), c.evaluation.windowDays}}},
        {QStringLiteral("schedule"), schedule},
        {QStringLiteral("queue"), queue},
        {QStringLiteral("training"), training},
        {QStringLiteral("http"), http},
        {QStringLiteral("database"), database},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("logging"), QJsonObject{{QStringLiteral("level"), c.logging.level}}},
        {QStringLiteral("retention"),
         QJsonObject{{QStringLiteral("logs_days"), c.retention.logsDays},
                     {QStringLiteral("reports_days"), c.retention.reportsDays},
                     {QStringLiteral("keep_versions"), c.retention.keepVersions}}}};
}

} // namespace routing::service
