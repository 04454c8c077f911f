#include "core/registry/golden_items.h"

#include "core/common/atomic_file.h"
#include "core/ml/routing_model.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace routing::registry {
namespace {

QJsonValue optNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

std::optional<double> numberOpt(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

QJsonObject itemJson(const Item &item)
{
    QJsonObject text;
    for (auto it = item.text.cbegin(); it != item.text.cend(); ++it)
        text.insert(it.key(), it.value());
    QJsonObject numbers;
    for (auto it = item.numbers.cbegin(); it != item.numbers.cend(); ++it)
        numbers.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("code"), item.code},
                       {QStringLiteral("name"), item.name},
                       {QStringLiteral("text"), text},
                       {QStringLiteral("numbers"), numbers}};
}

Item itemFromJson(const QJsonObject &json)
{
    Item item;
    item.code = json.value(QStringLiteral("code")).toString();
    item.name = json.value(QStringLiteral("name")).toString();
    const QJsonObject text = json.value(QStringLiteral("text")).toObject();
    for (auto it = text.begin(); it != text.end(); ++it)
        item.text.insert(it.key(), it.value().toString());
    const QJsonObject numbers = json.value(QStringLiteral("numbers")).toObject();
    for (auto it = numbers.begin(); it != numbers.end(); ++it)
        item.numbers.insert(it.key(), it.value().toDouble());
    return item;
}

QJsonObject routingJson(const Routing &routing)
{
    QJsonArray steps;
    for (const RoutingStep &s : routing.steps)
        steps.append(
            QJsonObject{{QStringLiteral("proc_seq"), s.procSeq},
                        {QStringLiteral("job_cd"), s.jobCd},
                        {QStringLiteral("job_nm"), s.jobNm},
                        {QStringLiteral("res_cd"), s.resCd},
                        {QStringLiteral("res_dis"), s.resDis},
                        {QStringLiteral("inside_flag"), s.insideFlag},
                        {QStringLiteral("setup_minutes"), optNumber(s.setupMinutes)},
                        {QStringLiteral("run_minutes_per_unit"), optNumber(s.runMinutesPerUnit)},
                        {QStringLiteral("time_unit"), s.timeUnit},
                        {QStringLiteral("inserted_at"), s.insertedAt.toString(Qt::ISODate)}});
    return QJsonObject{{QStringLiteral("item_code"), routing.itemCode},
                       {QStringLiteral("rout_no"), routing.routNo},
                       {QStringLiteral("inserted_at"), routing.insertedAt.toString(Qt::ISODate)},
                       {QStringLiteral("steps"), steps}};
}

Routing routingFromJson(const QJsonObject &json)
{
    Routing r;
    r.itemCode = json.value(QStringLiteral("item_code")).toString();
    r.routNo = json.value(QStringLiteral("rout_no")).toString();
    r.insertedAt =
        QDateTime::fromString(json.value(QStringLiteral("inserted_at")).toString(), Qt::ISODate);
    for (const QJsonValue &v : json.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject o = v.toObject();
        RoutingStep s;
        s.itemCode = r.itemCode;
        s.routNo = r.routNo;
        s.procSeq = o.value(QStringLiteral("proc_seq")).toInt();
        s.jobCd = o.value(QStringLiteral("job_cd")).toString();
        s.jobNm = o.value(QStringLiteral("job_nm")).toString();
        s.resCd = o.value(QStringLiteral("res_cd")).toString();
        s.resDis = o.value(QStringLiteral("res_dis")).toString();
        s.insideFlag = o.value(QStringLiteral("inside_flag")).toString();
        s.setupMinutes = numberOpt(o.value(QStringLiteral("setup_minutes")));
        s.runMinutesPerUnit = numberOpt(o.value(QStringLiteral("run_minutes_per_unit")));
        s.timeUnit = o.value(QStringLiteral("time_unit")).toString();
        s.insertedAt =
            QDateTime::fromString(o.value(QStringLiteral("inserted_at")).toString(), Qt::ISODate);
        r.steps << s;
    }
    return r;
}

bool close(double a, double b)
{
    return std::abs(a - b) <= 1e-3 + 1e-3 * std::max(std::abs(a), std::abs(b));
}

} // namespace

Result<GoldenSet> GoldenSet::record(const std::shared_ptr<const ml::RoutingModel> &model,
                                    const QList<ml::PredictRequest> &requests)
{
    if (!model)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("no model to record golden items with"));
    ml::Predictor predictor(model, 16);
    const QList<ml::ItemPrediction> predictions = predictor.predict(requests);
    GoldenSet set;
    set.modelId = model->modelId();
    for (qsizetype i = 0; i < predictions.size() && i < requests.size(); ++i) {
        const ml::ItemPrediction &p = predictions[i];
        if (!p.ok() || p.steps.isEmpty())
            continue;
        Entry e{requests[i], {}};
        for (const ml::PredictedStep &s : p.steps)
            e.expected << Step{s.procSeq, s.jobCd, s.setupMinutes, s.runMinutesPerUnit};
        set.items << e;
    }
    if (set.items.isEmpty())
        return fail(ErrorCode::TrainingFailed,
                    QStringLiteral("the model predicted none of the %1 golden item candidates")
                        .arg(requests.size()));
    return set;
}

Status GoldenSet::check(const std::shared_ptr<const ml::RoutingModel> &model) const
{
    if (!model)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("smoke test: no model"));
    if (items.isEmpty())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("smoke test: no golden items to predict"));
    QList<ml::PredictRequest> requests;
    for (const Entry &e : items)
        requests << e.request;
    ml::Predictor predictor(model, 16);
    const QList<ml::ItemPrediction> predictions = predictor.predict(requests);
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Entry &e = items[i];
        if (i >= predictions.size() || !predictions[i].ok())
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("smoke test: golden item %1 cannot be predicted: %2")
                            .arg(e.request.code, i < predictions.size() && predictions[i].error
                                                     ? predictions[i].error->message
                                                     : QStringLiteral("no result")));
        const QList<ml::PredictedStep> &steps = predictions[i].steps;
        if (steps.size() != e.expected.size())
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("smoke test: golden item %1 has %2 steps, %3 expected")
                            .arg(e.request.code)
                            .arg(steps.size())
                            .arg(e.expected.size()));
        for (qsizetype k = 0; k < steps.size(); ++k) {
            const Step &want = e.expected[k];
            const ml::PredictedStep &got = steps[k];
            if (got.procSeq != want.procSeq || got.jobCd != want.jobCd ||
                !std::isfinite(got.setupMinutes) || !std::isfinite(got.runMinutesPerUnit) ||
                !close(got.setupMinutes, want.setupMinutes) ||
                !close(got.runMinutesPerUnit, want.runMinutesPerUnit))
                return fail(
                    ErrorCode::ModelNotFound,
                    QStringLiteral(
                        "smoke test: golden item %1 step %2 (%3) predicts setup %4 / run %5 min, "
                        "recorded at training: %6 / %7 min")
                        .arg(e.request.code)
                        .arg(want.procSeq)
                        .arg(want.jobCd)
                        .arg(got.setupMinutes, 0, 'f', 4)
                        .arg(got.runMinutesPerUnit, 0, 'f', 4)
                        .arg(want.setupMinutes, 0, 'f', 4)
                        .arg(want.runMinutesPerUnit, 0, 'f', 4));
        }
    }
    return {};
}

QJsonObject GoldenSet::toJson() const
{
    QJsonArray list;
    for (const Entry &e : items) {
        QJsonArray steps;
        for (const Step &s : e.expected)
            steps.append(
                QJsonObject{{QStringLiteral("proc_seq"), s.procSeq},
                            {QStringLiteral("job_cd"), s.jobCd},
                            {QStringLiteral("setup_minutes"), s.setupMinutes},
                            {QStringLiteral("run_minutes_per_unit"), s.runMinutesPerUnit}});
        QJsonObject o{{QStringLiteral("code"), e.request.code},
                      {QStringLiteral("expected"), steps}};
        if (e.request.item)
            o.insert(QStringLiteral("item"), itemJson(*e.request.item));
        if (e.request.routing)
            o.insert(QStringLiteral("routing"), routingJson(*e.request.routing));
        list.append(o);
    }
    return QJsonObject{{QStringLiteral("schema_version"), 1},
                       {QStringLiteral("model_id"), modelId},
                       {QStringLiteral("items"), list}};
}

Result<GoldenSet> GoldenSet::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("schema_version")).toInt() != 1)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("golden items: unknown schema_version"));
    GoldenSet set;
    set.modelId = json.value(QStringLiteral("model_id")).toString();
    for (const QJsonValue &v : json.value(QStringLiteral("items")).toArray()) {
        const QJsonObject o = v.toObject();
        Entry e;
        e.request.code = o.value(QStringLiteral("code")).toString();
        if (o.contains(QStringLiteral("item")))
            e.request.item = itemFromJson(o.value(QStringLiteral("item")).toObject());
        if (o.contains(QStringLiteral("routing")))
            e.request.routing = routingFromJson(o.value(QStringLiteral("routing")).toObject());
        for (const QJsonValue &sv : o.value(QStringLiteral("expected")).toArray()) {
            const QJsonObject s = sv.toObject();
            e.expected << Step{s.value(QStringLiteral("proc_seq")).toInt(),
                               s.value(QStringLiteral("job_cd")).toString(),
                               s.value(QStringLiteral("setup_minutes")).toDouble(),
                               s.value(QStringLiteral("run_minutes_per_unit")).toDouble()};
        }
        if (e.request.code.isEmpty() || e.expected.isEmpty())
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("golden items: an entry lacks its code or expected steps"));
        set.items << e;
    }
    return set;
}

Result<GoldenSet> GoldenSet::read(const QString &dir)
{
    const QString path = QDir(dir).filePath(QString::fromLatin1(kFileName));
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("smoke test: %1").arg(bytes.error().message));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("%1 is not valid JSON: %2").arg(path, error.errorString()));
    return fromJson(doc.object());
}

Status GoldenSet::write(const QString &dir) const
{
    return writeFileAtomically(QDir(dir).filePath(QString::fromLatin1(kFileName)),
                               QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
}

} // namespace routing::registry
