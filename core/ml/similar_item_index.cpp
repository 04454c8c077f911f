#include "core/ml/similar_item_index.h"

#include "core/common/atomic_file.h"
#include "core/ml/feature_transform.h"
#include "core/ml/ml_logging.h"
#include "core/ml/routing_library.h"
#include "core/ml/training_data.h"

#include <QBuffer>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>

namespace routing::ml {

namespace {

constexpr quint32 kMagic = 0x53494458; // "SIDX"
constexpr quint32 kVersion = 1;
constexpr int kMinGroupNeighbours = 3;

/// hnswlib space over the learned metric (hnswlib needs no metric axioms, only a distance).
class MetricSpace final : public hnswlib::SpaceInterface<float>
{
public:
    MetricSpace(const SimilarityMetric *metric, int dim) : m_metric(metric), m_dim(size_t(dim)) {}
    size_t get_data_size() override { return m_dim * sizeof(float); }
    hnswlib::DISTFUNC<float> get_dist_func() override { return &MetricSpace::distance; }
    void *get_dist_func_param() override { return this; }

private:
    static float distance(const void *a, const void *b, const void *param)
    {
        const auto *self = static_cast<const MetricSpace *>(param);
        return self->m_metric->distance(static_cast<const float *>(a), static_cast<const float *>(b));
    }
    const SimilarityMetric *m_metric;
    size_t m_dim;
};

} // namespace

struct SimilarItemIndex::Impl
{
    int dim = 0;
    int count = 0;
    Options options;
    SimilarityMetric metric;
    std::vector<float> vectors;
    QHash<int, std::vector<int>> groups;
    QHash<int, std::vector<float>> groupColumns; ///< SimilarityMetric::columnsOf() per group
    std::unique_ptr<MetricSpace> space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw;

    const float *at(int i) const { return vectors.data() + size_t(i) * size_t(dim); }

    void buildGroups()
    {
        groups.clear();
        groupColumns.clear();
        for (int i = 0; i < count; ++i) {
            const float g = at(i)[0];
            if (!std::isnan(g))
                groups[int(g)].push_back(i);
        }
        for (auto it = groups.cbegin(); it != groups.cend(); ++it)
            groupColumns.insert(it.key(), metric.columnsOf(vectors.data(), dim, it.value()));
    }

    /// `columns`: metric.columnsOf() of `members`, when there is one.
    void topK(const float *query, const std::vector<int> *members, int k, int exclude,
              std::vector<Neighbour> &out, const std::vector<float> *columns = nullptr) const
    {
        std::vector<std::pair<float, int>> scored;
        const int n = members ? int(members->size()) : count;
        scored.reserve(size_t(n));
        if (members && columns) {
            std::vector<float> distances(static_cast<size_t>(n));
            metric.distances(query, columns->data(), n, distances.data());
            for (int j = 0; j < n; ++j)
                if ((*members)[size_t(j)] != exclude)
                    scored.push_back({distances[size_t(j)], (*members)[size_t(j)]});
        } else {
            for (int j = 0; j < n; ++j) {
                const int i = members ? (*members)[size_t(j)] : j;
                if (i != exclude)
                    scored.push_back({metric.distance(query, at(i)), i});
            }
        }
        const size_t keep = std::min(size_t(k), scored.size());
        std::partial_sort(scored.begin(), scored.begin() + qsizetype(keep), scored.end());
        for (size_t j = 0; j < keep; ++j)
            out.push_back({scored[j].second, scored[j].first, metric.similarity(scored[j].first)});
    }
};

SimilarItemIndex::SimilarItemIndex() : d(std::make_unique<Impl>()) {}
SimilarItemIndex::~SimilarItemIndex() = default;
SimilarItemIndex::SimilarItemIndex(SimilarItemIndex &&other) noexcept = default;
SimilarItemIndex &SimilarItemIndex::operator=(SimilarItemIndex &&other) noexcept = default;

QStringList SimilarItemIndex::attributeNames(const FeatureTransform &t)
{
    QStringList names{t.groupColumn()};
    for (int c = 0; c < t.categoricalCount(); ++c)
        if (t.categoricalColumn(c) != t.groupColumn())
            names << t.categoricalColumn(c);
    for (int n = 0; n < t.numericCount(); ++n)
        names << t.numericColumn(n);
    return names;
}

int SimilarItemIndex::encodedDimension(const FeatureTransform &t)
{
    return int(attributeNames(t).size());
}

std::vector<float> SimilarItemIndex::encode(const FeatureTransform &t, const Item &item)
{
    std::vector<float> v;
    v.reserve(size_t(encodedDimension(t)));
    const int group = t.groupCode(item);
    v.push_back(group < 0 ? kMissing : float(group));
    for (int c = 0; c < t.categoricalCount(); ++c) {
        if (t.categoricalColumn(c) == t.groupColumn())
            continue;
        const int code = t.categoryCode(c, item.textValue(t.categoricalColumn(c)));
        v.push_back(code < 0 ? kMissing : float(code));
    }
    for (int n = 0; n < t.numericCount(); ++n) {
        const double x = t.numericValue(item, n);
        v.push_back(std::isnan(x) ? kMissing
                                  : float((std::log1p(std::abs(x)) - t.numericMean(n)) / t.numericScale(n)));
    }
    return v;
}

SimilarItemIndex SimilarItemIndex::build(const FeatureTransform &transform, const TrainingData &data,
                                         const RoutingLibrary &library, const Options &options)
{
    SimilarItemIndex index;
    Impl &m = *index.d;
    m.options = options;
    m.dim = encodedDimension(transform);
    m.count = library.itemCount();
    m.vectors.reserve(size_t(m.count) * size_t(m.dim));
    for (int i = 0; i < m.count; ++i) {
        const Item &item = data.items()[size_t(data.itemIndex(library.itemCode(i)))];
        const std::vector<float> v = encode(transform, item);
        m.vectors.insert(m.vectors.end(), v.begin(), v.end());
    }
    int categorical = 0;
    for (int c = 0; c < transform.categoricalCount(); ++c)
        categorical += transform.categoricalColumn(c) != transform.groupColumn();
    m.metric = SimilarityMetric::learn(m.vectors, m.dim, categorical, transform.numericCount(),
                                       library, options.metricPairs, options.seed);
    m.buildGroups();
    if (options.mode == SearchMode::Hnsw
        || (options.mode == SearchMode::Auto && m.count > options.hnswThreshold))
        index.buildHnsw();
    return index;
}

void SimilarItemIndex::buildHnsw()
{
    Impl &m = *d;
    m.space = std::make_unique<MetricSpace>(&m.metric, m.dim);
    m.hnsw = std::make_unique<hnswlib::HierarchicalNSW<float>>(
        m.space.get(), size_t(std::max(1, m.count)), size_t(m.options.hnswM),
        size_t(m.options.efConstruction), size_t(m.options.seed));
    for (int i = 0; i < m.count; ++i)
        m.hnsw->addPoint(m.at(i), hnswlib::labeltype(i));
    m.hnsw->setEf(size_t(m.options.efSearch));
}

int SimilarItemIndex::size() const { return d->count; }
int SimilarItemIndex::dimension() const { return d->dim; }
bool SimilarItemIndex::usesHnsw() const { return bool(d->hnsw); }
const SimilarityMetric &SimilarItemIndex::metric() const { return d->metric; }
const float *SimilarItemIndex::vector(int index) const { return d->at(index); }

std::vector<Neighbour> SimilarItemIndex::searchAll(const float *query, int k, int exclude,
                                                   SearchMode mode) const
{
    std::vector<Neighbour> out;
    const bool hnsw = d->hnsw && mode != SearchMode::Exact;
    if (!hnsw) {
        d->topK(query, nullptr, k, exclude, out);
        return out;
    }
    auto result = d->hnsw->searchKnn(query, size_t(k + (exclude >= 0 ? 1 : 0)));
    std::vector<Neighbour> reversed;
    while (!result.empty()) {
        const auto [dist, label] = result.top();
        result.pop();
        if (int(label) != exclude)
            reversed.push_back({int(label), dist, d->metric.similarity(dist)});
    }
    for (auto it = reversed.rbegin(); it != reversed.rend() && int(out.size()) < k; ++it)
        out.push_back(*it);
    return out;
}

Result<std::vector<Neighbour>> SimilarItemIndex::search(const std::vector<float> &query, int k,
                                                        int exclude) const
{
    if (int(query.size()) != d->dim)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("similar-item query has %1 dimensions, the index %2")
                        .arg(query.size())
                        .arg(d->dim));
    std::vector<Neighbour> out;
    if (d->count == 0 || k <= 0)
        return out;
    if (!std::isnan(query[0])) {
        const auto group = d->groups.constFind(int(query[0]));
        if (group != d->groups.cend())
            d->topK(query.data(), &*group, k, exclude, out,
                    &*d->groupColumns.constFind(group.key()));
    }
    if (int(out.size()) >= std::min(k, kMinGroupNeighbours))
        return out;
    try {
        for (const Neighbour &n : searchAll(query.data(), k, exclude, SearchMode::Auto)) {
            if (int(out.size()) >= k)
                break;
            if (std::none_of(out.begin(), out.end(), [&](const Neighbour &o) { return o.index == n.index; }))
                out.push_back(n);
        }
    } catch (const std::exception &e) {
        return fail(ErrorCode::Internal, QStringLiteral("similar-item search: %1").arg(QString::fromUtf8(e.what())));
    }
    std::sort(out.begin(), out.end(), [](const Neighbour &a, const Neighbour &b) { return a.distance < b.distance; });
    return out;
}

Status SimilarItemIndex::save(const QString &dir) const
{
    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << kMagic << kVersion << qint32(d->dim) << qint32(d->count);
        out << QJsonDocument(d->metric.toJson({})).toJson(QJsonDocument::Compact);
        out.writeRawData(reinterpret_cast<const char *>(d->vectors.data()),
                         int(d->vectors.size() * sizeof(float)));
        if (out.status() != QDataStream::Ok)
            return fail(ErrorCode::Io, QStringLiteral("serialising the similar-item index failed"));
    }
    if (const Status s = writeFileAtomically(QDir(dir).filePath(QStringLiteral("similar_items.bin")), bytes); !s)
        return s;
    if (d->hnsw) {
        try {
            d->hnsw->saveIndex(QFile::encodeName(QDir(dir).filePath(QStringLiteral("similar_items.hnsw"))).toStdString());
        } catch (const std::exception &e) {
            return fail(ErrorCode::Io, QStringLiteral("saving the HNSW graph: %1").arg(QString::fromUtf8(e.what())));
        }
    }
    return {};
}

Result<SimilarItemIndex> SimilarItemIndex::load(const QString &dir, int expectedDimension, int expectedSize)
{
    const QString path = QDir(dir).filePath(QStringLiteral("similar_items.bin"));
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("missing similar-item index %1").arg(path));
    QDataStream in(*bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0, version = 0;
    qint32 dim = 0, count = 0;
    QByteArray metricJson;
    in >> magic >> version >> dim >> count >> metricJson;
    if (in.status() != QDataStream::Ok || magic != kMagic || version != kVersion)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("%1 is not a similar-item index").arg(path));
    if (dim != expectedDimension)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("similar-item index has %1 dimensions, the feature transform encodes %2")
                        .arg(dim)
                        .arg(expectedDimension));
    if (count != expectedSize)
        return fail(ErrorCode::ModelNotFound,
                    QStringLiteral("similar-item index holds %1 items, the routing library %2").arg(count).arg(expectedSize));
    auto metric = SimilarityMetric::fromJson(QJsonDocument::fromJson(metricJson).object());
    if (!metric)
        return std::unexpected(metric.error());
    if (metric->dimension() != dim)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("similarity metric does not match the index dimension"));
    SimilarItemIndex index;
    Impl &m = *index.d;
    m.dim = dim;
    m.count = count;
    m.metric = std::move(*metric);
    m.vectors.resize(size_t(dim) * size_t(count));
    const qint64 want = qint64(m.vectors.size() * sizeof(float));
    if (in.readRawData(reinterpret_cast<char *>(m.vectors.data()), int(want)) != want || !in.atEnd())
        return fail(ErrorCode::ModelNotFound, QStringLiteral("%1 is truncated or has trailing data").arg(path));
    m.buildGroups();
    const QString graph = QDir(dir).filePath(QStringLiteral("similar_items.hnsw"));
    if (QFileInfo::exists(graph)) {
        try {
            m.space = std::make_unique<MetricSpace>(&m.metric, m.dim);
            m.hnsw = std::make_unique<hnswlib::HierarchicalNSW<float>>(
                m.space.get(), QFile::encodeName(graph).toStdString(), false, size_t(count));
            m.hnsw->setEf(size_t(m.options.efSearch));
        } catch (const std::exception &e) {
            return fail(ErrorCode::ModelNotFound, QStringLiteral("%1: %2").arg(graph, QString::fromUtf8(e.what())));
        }
    }
    return index;
}

} // namespace routing::ml
