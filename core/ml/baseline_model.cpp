#include "core/ml/baseline_model.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace routing::ml {

namespace {

enum Level : int { GroupJobRes = 0, JobRes = 1, JobOnly = 2, Global = 3 };

/// 2 bits target, 2 bits level, 1 bit has-standard, 19 bits each for group, job, res (+1 so that
/// "missing" = -1 fits).
quint64 key(int target, int level, int group, int job, int res, bool hasStandard)
{
    const auto field = [](int v) { return quint64(quint32(v + 1) & 0x7FFFF); };
    return (quint64(target) << 62) | (quint64(level) << 60) | (quint64(hasStandard ? 1 : 0) << 59)
           | (field(group) << 38) | (field(job) << 19) | field(res);
}

int code(float v)
{
    return std::isnan(v) ? -1 : int(v);
}

float median(std::vector<float> &values)
{
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + qsizetype(mid), values.end());
    const float upper = values[mid];
    if (values.size() % 2)
        return upper;
    const float lower = *std::max_element(values.begin(), values.begin() + qsizetype(mid));
    return 0.5f * (lower + upper);
}

} // namespace

BaselineModel BaselineModel::fit(const SampleSet &train, int jobFeature, int resFeature,
                                 const std::array<int, kTargetCount> &standardFeatures,
                                 int minCount)
{
    BaselineModel model;
    model.m_jobFeature = jobFeature;
    model.m_resFeature = resFeature;
    model.m_minCount = minCount;
    for (int t = 0; t < kTargetCount; ++t)
        model.m_standardFeature[t] = standardFeatures[t];

    for (int t = 0; t < kTargetCount; ++t) {
        QHash<quint64, std::vector<float>> values;
        const auto &labels = train.label[size_t(t)];
        for (int r = 0; r < train.rows(); ++r) {
            const float label = labels[size_t(r)];
            if (std::isnan(label))
                continue;
            const float *row = train.row(r);
            const int job = code(row[jobFeature]);
            const int res = code(row[resFeature]);
            const bool hasStandard = row[standardFeatures[t]] > 0;
            const int group = train.group[size_t(r)];
            values[key(t, GroupJobRes, group, job, res, hasStandard)].push_back(label);
            values[key(t, JobRes, -1, job, res, hasStandard)].push_back(label);
            values[key(t, JobOnly, -1, job, -1, hasStandard)].push_back(label);
            values[key(t, Global, -1, -1, -1, hasStandard)].push_back(label);
        }
        for (auto it = values.begin(); it != values.end(); ++it)
            if (int(it->size()) >= minCount)
                model.m_medians.insert(it.key(), median(*it));
    }
    return model;
}

int BaselineModel::maxFeatureIndex() const
{
    return std::max({m_jobFeature, m_resFeature, m_standardFeature[0], m_standardFeature[1]});
}

float BaselineModel::lookup(Target target, int group, int job, int res, bool hasStandard) const
{
    const int t = int(target);
    for (const quint64 k : {key(t, GroupJobRes, group, job, res, hasStandard),
                            key(t, JobRes, -1, job, res, hasStandard),
                            key(t, JobOnly, -1, job, -1, hasStandard)}) {
        const auto it = m_medians.constFind(k);
        if (it != m_medians.cend())
            return *it;
    }
    // No history for this process: the standard time itself (label 0), or the plant-wide median
    // when the routing has no standard either.
    if (hasStandard)
        return 0.0f;
    return m_medians.value(key(t, Global, -1, -1, -1, false), 0.0f);
}

TargetPredictions BaselineModel::predict(const FeatureBatch &batch) const
{
    TargetPredictions out;
    for (int t = 0; t < kTargetCount; ++t) {
        out[size_t(t)].resize(size_t(batch.rows));
        for (int r = 0; r < batch.rows; ++r) {
            const float *row = batch.row(r);
            out[size_t(t)][size_t(r)] =
                lookup(static_cast<Target>(t), batch.groups ? batch.groups[r] : -1,
                       code(row[m_jobFeature]), code(row[m_resFeature]),
                       row[m_standardFeature[t]] > 0);
        }
    }
    return out;
}

QJsonObject BaselineModel::toJson() const
{
    // Sorted keys: the same model always writes the same file (hashes in the manifest compare).
    QList<quint64> keys = m_medians.keys();
    std::sort(keys.begin(), keys.end());
    QJsonArray entries;
    for (quint64 k : std::as_const(keys))
        entries.append(QJsonArray{QString::number(k), double(m_medians.value(k))});
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("routing-baseline")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("job_feature"), m_jobFeature},
                       {QStringLiteral("res_feature"), m_resFeature},
                       {QStringLiteral("setup_standard_feature"), m_standardFeature[0]},
                       {QStringLiteral("run_standard_feature"), m_standardFeature[1]},
                       {QStringLiteral("min_count"), m_minCount},
                       {QStringLiteral("medians"), entries}};
}

Result<BaselineModel> BaselineModel::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("routing-baseline")
        || json.value(QStringLiteral("version")).toInt() != 1)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("baseline tables: not a baseline document"));
    BaselineModel model;
    model.m_jobFeature = json.value(QStringLiteral("job_feature")).toInt(-1);
    model.m_resFeature = json.value(QStringLiteral("res_feature")).toInt(-1);
    model.m_standardFeature[0] = json.value(QStringLiteral("setup_standard_feature")).toInt(-1);
    model.m_standardFeature[1] = json.value(QStringLiteral("run_standard_feature")).toInt(-1);
    model.m_minCount = json.value(QStringLiteral("min_count")).toInt(3);
    if (std::min({model.m_jobFeature, model.m_resFeature, model.m_standardFeature[0],
                  model.m_standardFeature[1]}) < 0)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("baseline tables: feature indices missing"));
    for (const QJsonValue &v : json.value(QStringLiteral("medians")).toArray()) {
        const QJsonArray entry = v.toArray();
        bool ok = false;
        const quint64 k = entry.at(0).toString().toULongLong(&ok);
        if (!ok || entry.size() != 2 || !entry.at(1).isDouble())
            return fail(ErrorCode::ModelNotFound, QStringLiteral("baseline tables: a malformed entry"));
        model.m_medians.insert(k, float(entry.at(1).toDouble()));
    }
    return model;
}


} // namespace routing::ml
