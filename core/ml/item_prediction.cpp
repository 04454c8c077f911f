#include "core/ml/item_prediction.h"

#include <QJsonArray>

#include <cmath>

namespace routing::ml {

namespace {

double rounded(double v, int decimals = 4)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

/// null when not predicted (PredictOptions::routingOnly).
QJsonValue minutesJson(double v)
{
    return std::isnan(v) ? QJsonValue() : QJsonValue(rounded(v));
}

QJsonArray contributionsJson(const QList<Contribution> &list)
{
    QJsonArray out;
    for (const Contribution &c : list)
        out.append(QJsonObject{{QStringLiteral("feature"), c.feature},
                               {QStringLiteral("value"), c.value},
                               {QStringLiteral("contribution"), rounded(c.contribution, 5)}});
    return out;
}

} // namespace

QString routingSourceName(RoutingSource source)
{
    return source == RoutingSource::Routing ? QStringLiteral("routing") : QStringLiteral("similar_items");
}

QJsonObject ItemPrediction::toJson() const
{
    if (error) {
        return QJsonObject{{QStringLiteral("item"), item},
                           {QStringLiteral("error"),
                            QJsonObject{{QStringLiteral("code"), int(error->code)},
                                        {QStringLiteral("name"), errorCodeName(error->code)},
                                        {QStringLiteral("message"), error->message}}}};
    }
    QJsonArray stepsJson;
    for (const PredictedStep &s : steps) {
        QJsonObject step{{QStringLiteral("proc_seq"), s.procSeq},
                         {QStringLiteral("job_cd"), s.jobCd},
                         {QStringLiteral("job_nm"), s.jobNm},
                         {QStringLiteral("res_cd"), s.resCd},
                         {QStringLiteral("res_dis"), s.resDis},
                         {QStringLiteral("inside_flag"), s.insideFlag},
                         {QStringLiteral("setup_minutes"), minutesJson(s.setupMinutes)},
                         {QStringLiteral("run_minutes_per_unit"), minutesJson(s.runMinutesPerUnit)},
                         {QStringLiteral("standard_setup_minutes"),
                          s.standardSetup ? QJsonValue(rounded(*s.standardSetup)) : QJsonValue()},
                         {QStringLiteral("standard_run_minutes_per_unit"),
                          s.standardRun ? QJsonValue(rounded(*s.standardRun)) : QJsonValue()}};
        if (source == RoutingSource::SimilarItems)
            step.insert(QStringLiteral("support"), rounded(s.support, 3));
        if (!s.setupContributions.isEmpty() || !s.runContributions.isEmpty())
            step.insert(QStringLiteral("contributions"),
                        QJsonObject{{QStringLiteral("setup"), contributionsJson(s.setupContributions)},
                                    {QStringLiteral("run"), contributionsJson(s.runContributions)}});
        stepsJson.append(step);
    }
    QJsonArray neighboursJson;
    for (const PredictedNeighbour &n : neighbours)
        neighboursJson.append(QJsonObject{{QStringLiteral("code"), n.code},
                                          {QStringLiteral("similarity"), rounded(n.similarity, 4)}});
    QJsonObject json{{QStringLiteral("item"), item},
                     {QStringLiteral("source"), routingSourceName(source)},
                     {QStringLiteral("confidence"), rounded(confidence, 4)},
                     {QStringLiteral("order_qty"), rounded(orderQty, 3)},
                     {QStringLiteral("candidate"), candidate},
                     {QStringLiteral("model_id"), modelId},
                     {QStringLiteral("steps"), stepsJson}};
    if (!neighbours.isEmpty())
        json.insert(QStringLiteral("neighbours"), neighboursJson);
    if (!contributionsModel.isEmpty())
        json.insert(QStringLiteral("contributions_model"), contributionsModel);
    return json;
}

} // namespace routing::ml
