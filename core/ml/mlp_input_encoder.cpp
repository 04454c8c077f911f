#include "core/ml/mlp_input_encoder.h"

#include <QJsonArray>

#include <cmath>

namespace routing::ml {

namespace {

std::unexpected<Error> bad(const QString &message)
{
    return fail(ErrorCode::ModelNotFound, QStringLiteral("MLP inputs: %1").arg(message));
}

} // namespace

void MlpInputEncoder::rawInputs(const float *row, std::vector<float> &out) const
{
    out.clear();
    for (int c = 0; c < m_features; ++c) {
        const float v = row[c];
        if (m_categorical.contains(c)) {
            const auto column = m_targetMeans.constFind(c);
            std::array<float, kTargetCount> means = m_globalMean;
            if (column != m_targetMeans.cend())
                means = column->value(std::isnan(v) ? -1 : int(v), m_globalMean);
            out.push_back(means[0]);
            out.push_back(means[1]);
        } else {
            const bool missing = std::isnan(v);
            out.push_back(missing ? 0.0f : (m_log1p.contains(c) ? float(std::log1p(std::abs(v))) : v));
            out.push_back(missing ? 1.0f : 0.0f);
        }
    }
}

MlpInputEncoder MlpInputEncoder::fit(const SampleSet &train, const std::vector<int> &usableRows,
                                     const std::vector<int> &sampleRows, const QList<int> &categorical,
                                     const QList<int> &log1p, double smoothing, float outputShift)
{
    MlpInputEncoder e;
    e.m_features = train.dimension;
    e.m_categorical = categorical;
    e.m_log1p = log1p;
    e.m_outputShift = outputShift;
    for (int t = 0; t < kTargetCount; ++t) {
        double sum = 0;
        for (int r : usableRows)
            sum += train.label[size_t(t)][size_t(r)];
        e.m_globalMean[size_t(t)] = usableRows.empty() ? 0.0f : float(sum / double(usableRows.size()));
    }
    for (int c : categorical) {
        QHash<int, std::array<double, 3>> acc; // sum setup, sum run, n
        for (int r : usableRows) {
            const float v = train.row(r)[c];
            auto &a = acc[std::isnan(v) ? -1 : int(v)];
            a[0] += train.label[0][size_t(r)];
            a[1] += train.label[1][size_t(r)];
            a[2] += 1;
        }
        auto &column = e.m_targetMeans[c];
        for (auto it = acc.cbegin(); it != acc.cend(); ++it)
            column.insert(it.key(), {float((it->at(0) + smoothing * e.m_globalMean[0]) / (it->at(2) + smoothing)),
                                     float((it->at(1) + smoothing * e.m_globalMean[1]) / (it->at(2) + smoothing))});
    }
    const int inputs = 2 * e.m_features;
    e.m_inputMean.assign(size_t(inputs), 0.0f);
    e.m_inputScale.assign(size_t(inputs), 1.0f);
    std::vector<double> sum(static_cast<size_t>(inputs), 0.0), sum2(static_cast<size_t>(inputs), 0.0);
    std::vector<float> raw;
    for (int r : sampleRows) {
        e.rawInputs(train.row(r), raw);
        for (int j = 0; j < inputs; ++j) {
            sum[size_t(j)] += raw[size_t(j)];
            sum2[size_t(j)] += double(raw[size_t(j)]) * raw[size_t(j)];
        }
    }
    const double n = double(std::max<size_t>(1, sampleRows.size()));
    for (int j = 0; j < inputs; ++j) {
        const double mean = sum[size_t(j)] / n;
        const double var = sum2[size_t(j)] / n - mean * mean;
        e.m_inputMean[size_t(j)] = float(mean);
        e.m_inputScale[size_t(j)] = var > 1e-10 ? float(std::sqrt(var)) : 1.0f;
    }
    for (int t = 0; t < kTargetCount; ++t) {
        double s = 0, s2 = 0;
        for (int r : sampleRows) {
            const double v = train.label[size_t(t)][size_t(r)];
            s += v;
            s2 += v * v;
        }
        const double mean = s / n;
        const double var = s2 / n - mean * mean;
        e.m_labelMean[size_t(t)] = float(mean);
        e.m_labelScale[size_t(t)] = var > 1e-10 ? float(std::sqrt(var)) : 1.0f;
    }
    return e;
}

std::vector<float> MlpInputEncoder::encode(const FeatureBatch &batch) const
{
    const int inputs = inputCount();
    std::vector<float> out(size_t(batch.rows) * size_t(inputs));
    std::vector<float> raw;
    for (int r = 0; r < batch.rows; ++r) {
        rawInputs(batch.row(r), raw);
        float *dst = out.data() + size_t(r) * size_t(inputs);
        for (int j = 0; j < inputs; ++j)
            dst[j] = (raw[size_t(j)] - m_inputMean[size_t(j)]) / m_inputScale[size_t(j)];
    }
    return out;
}

float MlpInputEncoder::encodeLabel(Target target, float label) const
{
    const float v = (label - m_labelMean[size_t(target)]) / m_labelScale[size_t(target)] + m_outputShift;
    return m_outputShift > 0 ? std::max(0.0f, v) : v;
}

float MlpInputEncoder::decodeOutput(Target target, float output) const
{
    return (output - m_outputShift) * m_labelScale[size_t(target)] + m_labelMean[size_t(target)];
}

QJsonObject MlpInputEncoder::toJson() const
{
    QJsonArray means;
    QList<int> columns = m_targetMeans.keys();
    std::sort(columns.begin(), columns.end());
    for (int c : std::as_const(columns)) {
        QList<int> codes = m_targetMeans.value(c).keys();
        std::sort(codes.begin(), codes.end());
        QJsonArray entries;
        for (int code : std::as_const(codes)) {
            const auto m = m_targetMeans.value(c).value(code);
            entries.append(QJsonArray{code, double(m[0]), double(m[1])});
        }
        means.append(QJsonObject{{QStringLiteral("feature"), c}, {QStringLiteral("codes"), entries}});
    }
    const auto floats = [](const auto &values) {
        QJsonArray a;
        for (float v : values)
            a.append(double(v));
        return a;
    };
    const auto ints = [](const QList<int> &values) {
        QJsonArray a;
        for (int v : values)
            a.append(v);
        return a;
    };
    return QJsonObject{{QStringLiteral("format"), QStringLiteral("routing-mlp-inputs")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("features"), m_features},
                       {QStringLiteral("categorical"), ints(m_categorical)},
                       {QStringLiteral("log1p"), ints(m_log1p)},
                       {QStringLiteral("target_means"), means},
                       {QStringLiteral("global_mean"), floats(m_globalMean)},
                       {QStringLiteral("input_mean"), floats(m_inputMean)},
                       {QStringLiteral("input_scale"), floats(m_inputScale)},
                       {QStringLiteral("label_mean"), floats(m_labelMean)},
                       {QStringLiteral("label_scale"), floats(m_labelScale)},
                       {QStringLiteral("output_shift"), double(m_outputShift)}};
}

Result<MlpInputEncoder> MlpInputEncoder::fromJson(const QJsonObject &json, int expectedFeatures)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String("routing-mlp-inputs")
        || json.value(QStringLiteral("version")).toInt() != 1)
        return bad(QStringLiteral("not an MLP input description"));
    MlpInputEncoder e;
    e.m_features = json.value(QStringLiteral("features")).toInt(-1);
    if (e.m_features != expectedFeatures)
        return bad(QStringLiteral("made for %1 features, the feature transform has %2")
                       .arg(e.m_features)
                       .arg(expectedFeatures));
    for (const QJsonValue &v : json.value(QStringLiteral("categorical")).toArray())
        e.m_categorical.append(v.toInt());
    for (const QJsonValue &v : json.value(QStringLiteral("log1p")).toArray())
        e.m_log1p.append(v.toInt());
    for (const QJsonValue &v : json.value(QStringLiteral("target_means")).toArray()) {
        const QJsonObject o = v.toObject();
        auto &column = e.m_targetMeans[o.value(QStringLiteral("feature")).toInt()];
        for (const QJsonValue &entry : o.value(QStringLiteral("codes")).toArray()) {
            const QJsonArray a = entry.toArray();
            if (a.size() != 3)
                return bad(QStringLiteral("a malformed target mean"));
            column.insert(a.at(0).toInt(), {float(a.at(1).toDouble()), float(a.at(2).toDouble())});
        }
    }
    const auto fixed = [&](const char *key, std::array<float, kTargetCount> &out) {
        const QJsonArray a = json.value(QLatin1String(key)).toArray();
        if (a.size() != kTargetCount)
            return false;
        for (int i = 0; i < kTargetCount; ++i)
            out[size_t(i)] = float(a.at(i).toDouble());
        return true;
    };
    const auto vector = [&](const char *key, std::vector<float> &out) {
        const QJsonArray a = json.value(QLatin1String(key)).toArray();
        out.resize(size_t(a.size()));
        for (qsizetype i = 0; i < a.size(); ++i)
            out[size_t(i)] = float(a.at(i).toDouble());
        return int(out.size()) == 2 * e.m_features;
    };
    if (!fixed("global_mean", e.m_globalMean) || !fixed("label_mean", e.m_labelMean)
        || !fixed("label_scale", e.m_labelScale) || !vector("input_mean", e.m_inputMean)
        || !vector("input_scale", e.m_inputScale))
        return bad(QStringLiteral("incomplete"));
    e.m_outputShift = float(json.value(QStringLiteral("output_shift")).toDouble());
    return e;
}

} // namespace routing::ml
