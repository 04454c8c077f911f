#include "core/ml/training_report.h"

#include <QJsonArray>

namespace routing::ml {

namespace {

QString iso(const QDateTime &t)
{
    return t.toString(Qt::ISODate);
}

QString row(const CandidateResult &c)
{
    return QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
        .arg(c.name, -16)
        .arg(c.validation.mae, 10, 'f', 2)
        .arg(c.validation.trimmedMae, 11, 'f', 2)
        .arg(c.validation.rmse, 10, 'f', 2)
        .arg(c.validation.bias, 9, 'f', 2)
        .arg(c.trainingSeconds, 9, 'f', 1)
        .arg(c.inferenceMicrosPerRow, 10, 'f', 2);
}

} // namespace

QJsonObject CandidateResult::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("validation"), validation.toJson()},
                       {QStringLiteral("validation_all_rows"), validationAllRows.toJson()},
                       {QStringLiteral("setup_minutes_per_order"), setup.toJson()},
                       {QStringLiteral("run_minutes_per_operation"), run.toJson()},
                       {QStringLiteral("training_seconds"), trainingSeconds},
                       {QStringLiteral("inference_us_per_row"), inferenceMicrosPerRow},
                       {QStringLiteral("single_item_ms_p99"), singleItemMillis},
                       {QStringLiteral("details"), details}};
}

const CandidateResult *TrainingResult::candidate(const QString &name) const
{
    for (const CandidateResult &c : candidates)
        if (c.name == name)
            return &c;
    return nullptr;
}

QJsonObject TrainingResult::metricsJson() const
{
    QJsonObject candidatesJson;
    for (const CandidateResult &c : candidates)
        candidatesJson.insert(c.name, c.toJson());
    QJsonObject json{
        {QStringLiteral("unit"), QStringLiteral("minutes per operation (setup + run x ORDER_QTY)")},
        {QStringLiteral("as_of"), iso(asOf)},
        {QStringLiteral("validation_window"), QJsonArray{iso(cutoff), iso(asOf)}},
        {QStringLiteral("validation_rows"), double(validationRows)},
        {QStringLiteral("validation_clean_rows"), double(validationCleanRows)},
        {QStringLiteral("selected"), selected},
        {QStringLiteral("candidates"), candidatesJson},
        {QStringLiteral("standard_time"), standardTime.toJson()},
        {QStringLiteral("process_match"), processMatch.toJson()},
        {QStringLiteral("similarity_weight_power"), similarityWeightPower},
        {QStringLiteral("decision"), QJsonObject{{QStringLiteral("proposed"), proposed},
                                                 {QStringLiteral("decision"), decision},
                                                 {QStringLiteral("reason"), reason},
                                                 {QStringLiteral("improvement_pct"), improvementPct}}},
    };
    if (live)
        json.insert(QStringLiteral("live"), live->toJson());
    if (liveProcessMatch)
        json.insert(QStringLiteral("live_process_match"), liveProcessMatch->toJson());
    return json;
}

QJsonObject TrainingResult::summaryJson() const
{
    return QJsonObject{
        {QStringLiteral("data_hash"), dataHash},
        {QStringLiteral("as_of"), iso(asOf)},
        {QStringLiteral("windows"),
         QJsonObject{{QStringLiteral("training"), QJsonArray{iso(historyStart), iso(calibrationStart)}},
                     {QStringLiteral("calibration"), QJsonArray{iso(calibrationStart), iso(cutoff)}},
                     {QStringLiteral("validation"), QJsonArray{iso(cutoff), iso(asOf)}}}},
        {QStringLiteral("rows"),
         QJsonObject{{QStringLiteral("items"), double(items)},
                     {QStringLiteral("routed_items"), double(routedItems)},
                     {QStringLiteral("operations"), double(operations)},
                     {QStringLiteral("training"), double(trainingRows)},
                     {QStringLiteral("calibration"), double(calibrationRows)},
                     {QStringLiteral("validation"), double(validationRows)},
                     {QStringLiteral("validation_clean"), double(validationCleanRows)}}},
        {QStringLiteral("selected"), selected},
        {QStringLiteral("versions"), versions},
        {QStringLiteral("parameters"), parameters},
        {QStringLiteral("duration_seconds"), durationSeconds},
        {QStringLiteral("stage_seconds"), stageSeconds},
        {QStringLiteral("peak_rss_bytes"), double(peakRssBytes)},
    };
}

QString TrainingResult::toText() const
{
    QStringList lines;
    lines << QStringLiteral("Validation %1 .. %2: %3 operations (%4 after removing gross entry errors)")
                 .arg(iso(cutoff), iso(asOf))
                 .arg(validationRows)
                 .arg(validationCleanRows);
    lines << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                 .arg(QStringLiteral("candidate"), -16)
                 .arg(QStringLiteral("MAE min"), 10)
                 .arg(QStringLiteral("trim-MAE"), 11)
                 .arg(QStringLiteral("RMSE"), 10)
                 .arg(QStringLiteral("bias"), 9)
                 .arg(QStringLiteral("train s"), 9)
                 .arg(QStringLiteral("us/row"), 10);
    lines << row(standardTime);
    for (const CandidateResult &c : candidates)
        lines << row(c);
    if (live)
        lines << row(*live);
    lines << QStringLiteral("Process match (leave-one-out, %1 items): %2% aligned, precision %3%, "
                            "%4% same JOB_CD at the same PROC_SEQ")
                 .arg(processMatch.items)
                 .arg(100.0 * processMatch.match(), 0, 'f', 1)
                 .arg(100.0 * processMatch.precision(), 0, 'f', 1)
                 .arg(100.0 * processMatch.positionalMatch(), 0, 'f', 1);
    lines << QStringLiteral("Selected: %1. Decision: %2. %3").arg(selected, decision, reason);
    QStringList stages;
    for (auto it = stageSeconds.constBegin(); it != stageSeconds.constEnd(); ++it)
        stages << QStringLiteral("%1 %2 s").arg(it.key()).arg(it.value().toDouble(), 0, 'f', 1);
    lines << QStringLiteral("Wall time %1 s (%2), peak RSS %3 MiB")
                 .arg(durationSeconds, 0, 'f', 1)
                 .arg(stages.join(QStringLiteral(", ")))
                 .arg(peakRssBytes / (1024 * 1024));
    if (!artifactDir.isEmpty())
        lines << QStringLiteral("Model written to %1").arg(artifactDir);
    return lines.join(QLatin1Char('\n'));
}

} // namespace routing::ml
