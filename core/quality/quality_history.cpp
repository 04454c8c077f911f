#include "core/quality/quality_history.h"

#include "core/quality/state_sql.h"
#include "core/state/state_store.h"

namespace routing::quality {
namespace {

const QStringList kFixedColumns{QStringLiteral("cycle_id"),
                                QStringLiteral("started_at"),
                                QStringLiteral("finished_at"),
                                QStringLiteral("as_of"),
                                QStringLiteral("status"),
                                QStringLiteral("error_code"),
                                QStringLiteral("error_message"),
                                QStringLiteral("triggered_by"),
                                QStringLiteral("strategy"),
                                QStringLiteral("sample_size"),
                                QStringLiteral("seed"),
                                QStringLiteral("model_version"),
                                QStringLiteral("level"),
                                QStringLiteral("items_sampled"),
                                QStringLiteral("items_evaluated"),
                                QStringLiteral("items_failed"),
                                QStringLiteral("items_without_actuals"),
                                QStringLiteral("duration_seconds"),
                                QStringLiteral("report_path"),
                                QStringLiteral("metrics_json")};

QString asOfText(const QDateTime &t)
{
    return t.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss"));
}

} // namespace

const QStringList &QualityHistory::metricColumns()
{
    static const QStringList columns{QStringLiteral("mae_minutes"),
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
                                     QStringLiteral("coverage")};
    return columns;
}

Result<QString> QualityHistory::begin(const QDateTime &startedAt, const QDateTime &asOf,
                                      const QString &triggeredBy)
{
    const QString base = startedAt.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    for (int n = 1; n < 1000; ++n) {
        const QString id = n == 1 ? base : QStringLiteral("%1-%2").arg(base).arg(n);
        // Insert first, look second: another console may take the same second at the same time.
        auto q =
            sql::exec(m_state,
                      QStringLiteral("INSERT INTO quality_cycles (cycle_id, started_at, as_of, "
                                     "status, triggered_by) VALUES (?, ?, ?, 'running', ?)"),
                      {id, sql::timeText(startedAt), asOfText(asOf), triggeredBy});
        if (q)
            return id;
        auto exists = sql::exec(
            m_state, QStringLiteral("SELECT 1 FROM quality_cycles WHERE cycle_id = ?"), {id});
        if (!exists)
            return std::unexpected(exists.error());
        if (!exists->next())
            return std::unexpected(q.error());
    }
    return fail(ErrorCode::Internal, QStringLiteral("no free cycle id for %1").arg(base));
}

Status QualityHistory::finish(const CycleHistoryRow &r)
{
    QStringList sets{QStringLiteral("finished_at = ?"),
                     QStringLiteral("status = ?"),
                     QStringLiteral("error_code = ?"),
                     QStringLiteral("error_message = ?"),
                     QStringLiteral("strategy = ?"),
                     QStringLiteral("sample_size = ?"),
                     QStringLiteral("seed = ?"),
                     QStringLiteral("model_version = ?"),
                     QStringLiteral("level = ?"),
                     QStringLiteral("items_sampled = ?"),
                     QStringLiteral("items_evaluated = ?"),
                     QStringLiteral("items_failed = ?"),
                     QStringLiteral("items_without_actuals = ?"),
                     QStringLiteral("duration_seconds = ?"),
                     QStringLiteral("report_path = ?"),
                     QStringLiteral("metrics_json = ?")};
    QVariantList values{sql::timeText(r.finishedAt),
                        r.status,
                        r.errorCode ? QVariant(r.errorCode) : QVariant(QMetaType(QMetaType::Int)),
                        sql::textOrNull(r.errorMessage),
                        sql::textOrNull(r.strategy),
                        r.sampleSize,
                        sql::textOrNull(r.seed),
                        sql::textOrNull(r.modelVersion),
                        sql::textOrNull(r.level),
                        r.itemsSampled,
                        r.itemsEvaluated,
                        r.itemsFailed,
                        r.itemsWithoutActuals,
                        r.durationSeconds,
                        sql::textOrNull(r.reportPath),
                        sql::textOrNull(r.metricsJson)};
    for (const QString &column : metricColumns()) {
        sets << column + QStringLiteral(" = ?");
        values << sql::optionalNumber(r.metrics.value(column));
    }
    values << r.cycleId;
    auto q = sql::exec(m_state,
                       QStringLiteral("UPDATE quality_cycles SET %1 WHERE cycle_id = ?")
                           .arg(sets.join(QStringLiteral(", "))),
                       values);
    if (!q)
        return std::unexpected(q.error());
    if (q->numRowsAffected() != 1)
        return fail(ErrorCode::Internal,
                    QStringLiteral("quality cycle %1 is not in the history").arg(r.cycleId));
    return {};
}

Result<int> QualityHistory::markInterrupted(const QDateTime &before)
{
    auto q = sql::exec(
        m_state,
        QStringLiteral("UPDATE quality_cycles SET status = 'failed', error_code = ?, "
                       "error_message = 'interrupted: the console stopped during the cycle' "
                       "WHERE status = 'running' AND started_at < ?"),
        {int(ErrorCode::Cancelled), sql::timeText(before)});
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected();
}

Result<QList<CycleHistoryRow>> QualityHistory::select(const QString &tail,
                                                      const QVariantList &values)
{
    const QStringList columns = kFixedColumns + metricColumns();
    auto q = sql::exec(m_state,
                       QStringLiteral("SELECT %1 FROM quality_cycles %2")
                           .arg(columns.join(QStringLiteral(", ")), tail),
                       values);
    if (!q)
        return std::unexpected(q.error());
    QList<CycleHistoryRow> out;
    while (q->next()) {
        CycleHistoryRow r;
        int i = 0;
        r.cycleId = q->value(i++).toString();
        r.startedAt = sql::timeValue(q->value(i++));
        r.finishedAt = sql::timeValue(q->value(i++));
        r.asOf = QDateTime::fromString(q->value(i++).toString(), Qt::ISODate);
        r.status = q->value(i++).toString();
        r.errorCode = q->value(i++).toInt();
        r.errorMessage = q->value(i++).toString();
        r.triggeredBy = q->value(i++).toString();
        r.strategy = q->value(i++).toString();
        r.sampleSize = q->value(i++).toInt();
        r.seed = q->value(i++).toString();
        r.modelVersion = q->value(i++).toString();
        r.level = q->value(i++).toString();
        r.itemsSampled = q->value(i++).toInt();
        r.itemsEvaluated = q->value(i++).toInt();
        r.itemsFailed = q->value(i++).toInt();
        r.itemsWithoutActuals = q->value(i++).toInt();
        r.durationSeconds = q->value(i++).toDouble();
        r.reportPath = q->value(i++).toString();
        r.metricsJson = q->value(i++).toString();
        for (const QString &column : metricColumns())
            r.metrics.insert(column, sql::numberValue(q->value(i++)));
        out << r;
    }
    return out;
}

Result<QList<std::optional<double>>>
QualityHistory::previousValues(const QString &metric, int count, const QString &excludeCycle)
{
    if (!metricColumns().contains(metric))
        return fail(ErrorCode::Internal, QStringLiteral("unknown quality metric %1").arg(metric));
    QList<std::optional<double>> out;
    if (count <= 0)
        return out;
    auto q = sql::exec(
        m_state,
        QStringLiteral("SELECT %1 FROM quality_cycles WHERE status = 'succeeded' AND cycle_id <> ? "
                       "ORDER BY started_at DESC, cycle_id DESC LIMIT ?")
            .arg(metric),
        {excludeCycle, count});
    if (!q)
        return std::unexpected(q.error());
    while (q->next())
        out.prepend(sql::numberValue(q->value(0)));
    return out;
}

Result<std::optional<CycleHistoryRow>> QualityHistory::lastSucceeded(const QString &excludeCycle)
{
    auto rows = select(QStringLiteral("WHERE status = 'succeeded' AND cycle_id <> ? "
                                      "ORDER BY started_at DESC, cycle_id DESC LIMIT 1"),
                       {excludeCycle});
    if (!rows)
        return std::unexpected(rows.error());
    return rows->isEmpty() ? std::nullopt : std::optional(rows->first());
}

Result<std::optional<CycleHistoryRow>> QualityHistory::cycle(const QString &cycleId)
{
    auto rows = select(QStringLiteral("WHERE cycle_id = ?"), {cycleId});
    if (!rows)
        return std::unexpected(rows.error());
    return rows->isEmpty() ? std::nullopt : std::optional(rows->first());
}

Result<QList<CycleHistoryRow>> QualityHistory::recent(int limit)
{
    return select(QStringLiteral("ORDER BY started_at DESC, cycle_id DESC LIMIT ?"), {limit});
}

Result<int> QualityHistory::prune(const QDateTime &cutoff, int keepSucceeded)
{
    auto q = sql::exec(
        m_state,
        QStringLiteral(
            "DELETE FROM quality_cycles WHERE started_at < ? AND status <> 'running' AND "
            "cycle_id NOT IN (SELECT cycle_id FROM quality_cycles WHERE status = 'succeeded' "
            "ORDER BY started_at DESC LIMIT ?)"),
        {sql::timeText(cutoff), keepSucceeded});
    if (!q)
        return std::unexpected(q.error());
    return q->numRowsAffected();
}

} // namespace routing::quality
