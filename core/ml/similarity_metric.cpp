#include "core/ml/similarity_metric.h"

#include "core/ml/nnls.h"
#include "core/ml/routing_library.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <random>

namespace routing::ml {

namespace {

/// 1 − ½(J(jobs) + J(job, res)) over multisets.
double routingDifference(const RoutingLibrary &lib, int a, int b)
{
    const auto jaccard = [&](auto key) {
        QHash<qint64, int> ca, cb;
        for (const auto &s : lib.steps(a))
            ++ca[key(s)];
        for (const auto &s : lib.steps(b))
            ++cb[key(s)];
        qint64 inter = 0, uni = 0;
        for (auto it = ca.cbegin(); it != ca.cend(); ++it) {
            const int other = cb.value(it.key(), 0);
            inter += std::min(*it, other);
            uni += std::max(*it, other);
        }
        for (auto it = cb.cbegin(); it != cb.cend(); ++it)
            if (!ca.contains(it.key()))
                uni += *it;
        return uni ? double(inter) / double(uni) : 1.0;
    };
    const double jobs = jaccard([](const RoutingLibrary::Step &s) { return qint64(s.job); });
    const double pairs = jaccard([](const RoutingLibrary::Step &s) {
        return (qint64(s.job) << 32) | qint64(quint32(s.res));
    });
    return 1.0 - 0.5 * (jobs + pairs);
}

} // namespace

SimilarityMetric::SimilarityMetric(int categorical, int numeric)
    : m_categorical(categorical), m_numeric(numeric)
{
    m_weights.assign(size_t(dimension()), 1.0f);
    for (int n = 0; n < numeric; ++n)
        m_weights[size_t(1 + categorical + n)] = 0.5f;
    updateActive();
}

void SimilarityMetric::updateActive()
{
    m_activeCategorical.clear();
    m_activeNumeric.clear();
    for (int f = 0; f < dimension(); ++f) {
        const float w = m_weights[size_t(f)];
        if (w <= 0)
            continue;
        if (f <= m_categorical)
            m_activeCategorical.push_back({f, w});
        else
            m_activeNumeric.push_back({f, w});
    }
}

std::vector<float> SimilarityMetric::columnsOf(const float *vectors, int dimension,
                                               const std::vector<int> &members) const
{
    std::vector<float> columns;
    columns.reserve((m_activeCategorical.size() + m_activeNumeric.size()) * members.size());
    for (const auto *active : {&m_activeCategorical, &m_activeNumeric})
        for (const auto &[f, w] : *active)
            for (const int i : members)
                columns.push_back(vectors[size_t(i) * size_t(dimension) + size_t(f)]);
    return columns;
}

void SimilarityMetric::distances(const float *query, const float *columns, int count,
                                 float *out) const
{
    // The arithmetic of distance(), term by term; only the loop order differs.
    std::fill(out, out + count, 0.0f);
    const float *column = columns;
    for (const auto &[c, w] : m_activeCategorical) {
        const float x = query[c];
        const bool mx = x != x;
        for (int j = 0; j < count; ++j) {
            const float y = column[j];
            const bool my = y != y;
            const float delta = x == y ? 0.0f : ((mx & my) ? 0.0f : ((mx | my) ? 0.5f : 1.0f));
            out[j] += w * delta;
        }
        column += count;
    }
    for (const auto &[n, w] : m_activeNumeric) {
        const float x = query[n];
        const bool mx = x != x;
        for (int j = 0; j < count; ++j) {
            const float y = column[j];
            const bool my = y != y;
            const float diff = std::min(3.0f, std::abs(x - y));
            const float delta = (mx | my) ? ((mx & my) ? 0.0f : 1.0f) : diff;
            out[j] += w * delta;
        }
        column += count;
    }
}

void SimilarityMetric::differences(const float *a, const float *b, double *out) const
{
    for (int c = 0; c <= m_categorical; ++c) {
        const bool ma = std::isnan(a[c]), mb = std::isnan(b[c]);
        out[c] = (ma && mb) ? 0.0 : (ma || mb) ? 0.5 : (a[c] == b[c] ? 0.0 : 1.0);
    }
    for (int n = 1 + m_categorical; n < dimension(); ++n) {
        const bool ma = std::isnan(a[n]), mb = std::isnan(b[n]);
        out[n] = (ma && mb) ? 0.0 : (ma || mb) ? 1.0 : std::min(3.0, double(std::abs(a[n] - b[n])));
    }
}

float SimilarityMetric::distance(const float *a, const float *b) const
{
    // Written without data-dependent branches (selects only): the same δ as differences().
    float d = 0;
    for (const auto &[c, w] : m_activeCategorical) {
        const float x = a[c], y = b[c];
        const bool mx = x != x, my = y != y; // NaN: missing
        const float delta = x == y ? 0.0f : ((mx & my) ? 0.0f : ((mx | my) ? 0.5f : 1.0f));
        d += w * delta;
    }
    for (const auto &[n, w] : m_activeNumeric) {
        const float x = a[n], y = b[n];
        const bool mx = x != x, my = y != y;
        const float diff = std::min(3.0f, std::abs(x - y));
        const float delta = (mx | my) ? ((mx & my) ? 0.0f : 1.0f) : diff;
        d += w * delta;
    }
    return d;
}

SimilarityMetric SimilarityMetric::learn(const std::vector<float> &vectors, int dimension,
                                         int categorical, int numeric, const RoutingLibrary &library,
                                         int pairs, quint64 seed)
{
    SimilarityMetric metric(categorical, numeric);
    const int items = library.itemCount();
    if (items < 10 || pairs <= 0)
        return metric;
    QHash<int, std::vector<int>> byGroup;
    for (int i = 0; i < items; ++i) {
        const float g = vectors[size_t(i) * size_t(dimension)];
        byGroup[std::isnan(g) ? -1 : int(g)].push_back(i);
    }
    std::mt19937_64 engine(seed);
    const int dim = metric.dimension();
    Nnls nnls(dim + 1); // + intercept (the difference of identical-looking items)
    std::vector<double> row(size_t(dim) + 1);
    for (int p = 0; p < pairs; ++p) {
        const int a = int(engine() % quint64(items));
        int b;
        const float ga = vectors[size_t(a) * size_t(dimension)];
        const auto &group = byGroup[std::isnan(ga) ? -1 : int(ga)];
        // Four pairs in five within the group (where neighbours are searched), one across groups
        // so that the group weight is learned too.
        if (p % 5 != 4 && group.size() > 1)
            b = group[size_t(engine() % quint64(group.size()))];
        else
            b = int(engine() % quint64(items));
        if (a == b)
            continue;
        metric.differences(vectors.data() + size_t(a) * size_t(dimension),
                           vectors.data() + size_t(b) * size_t(dimension), row.data());
        row[size_t(dim)] = 1.0;
        const double y = routingDifference(library, a, b);
        nnls.addRow(row.data(), y);
    }
    const std::vector<double> x = nnls.solve(1e-6);
    double total = 0;
    for (int f = 0; f < dim; ++f)
        total += x[size_t(f)];
    if (total <= 1e-9)
        return metric; // nothing explains routing differences: keep uniform weights
    for (int f = 0; f < dim; ++f)
        metric.m_weights[size_t(f)] = float(x[size_t(f)]);
    metric.updateActive();
    return metric;
}

QJsonObject SimilarityMetric::toJson(const QStringList &names) const
{
    QJsonArray weights;
    for (size_t i = 0; i < m_weights.size(); ++i)
        weights.append(QJsonObject{{QStringLiteral("attribute"), names.value(qsizetype(i))},
                                   {QStringLiteral("weight"), double(m_weights[i])}});
    return QJsonObject{{QStringLiteral("categorical"), m_categorical},
                       {QStringLiteral("numeric"), m_numeric},
                       {QStringLiteral("weights"), weights}};
}

Result<SimilarityMetric> SimilarityMetric::fromJson(const QJsonObject &json)
{
    SimilarityMetric metric(json.value(QStringLiteral("categorical")).toInt(-1),
                            json.value(QStringLiteral("numeric")).toInt(-1));
    const QJsonArray weights = json.value(QStringLiteral("weights")).toArray();
    if (metric.m_categorical < 0 || metric.m_numeric < 0 || weights.size() != metric.dimension())
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("similarity metric: %1 weights for %2 attributes")
                        .arg(weights.size())
                        .arg(metric.dimension()));
    for (qsizetype i = 0; i < weights.size(); ++i) {
        const double w = weights.at(i).toObject().value(QStringLiteral("weight")).toDouble(-1);
        if (w < 0)
            return fail(ErrorCode::ModelNotFound, QStringLiteral("similarity metric: a bad weight"));
        metric.m_weights[size_t(i)] = float(w);
    }
    metric.updateActive();
    return metric;
}

} // namespace routing::ml
