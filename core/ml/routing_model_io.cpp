// RoutingModel::save() and RoutingModel::load(): the artifact directory.

#include "core/ml/routing_model.h"

#include "core/common/atomic_file.h"
#include "core/ml/ml_logging.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace routing::ml {

namespace {

constexpr int kFormatVersion = 1;
const QString kManifest = QStringLiteral("model.json");
const QString kTransform = QStringLiteral("feature_transform.json");
const QString kBaseline = QStringLiteral("baseline.json");
const QString kStacking = QStringLiteral("stacking.json");
const QString kCorrections = QStringLiteral("level_correction.json");
const QString kLibrary = QStringLiteral("routing_library.bin");
const QString kItemStats = QStringLiteral("item_stats.json");
const QString kMetrics = QStringLiteral("metrics.json");
const QString kSummary = QStringLiteral("training_summary.json");

std::unexpected<Error> bad(const QString &message)
{
    return fail(ErrorCode::ModelNotFound, message);
}

Status writeJson(const QString &dir, const QString &name, const QJsonObject &json, bool indented = false)
{
    return writeFileAtomically(QDir(dir).filePath(name),
                               QJsonDocument(json).toJson(indented ? QJsonDocument::Indented
                                                                   : QJsonDocument::Compact));
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

Result<QJsonObject> readJson(const QString &dir, const QString &name)
{
    const QString path = QDir(dir).filePath(name);
    const auto bytes = readWholeFile(path);
    if (!bytes)
        return bad(QStringLiteral("cannot read %1").arg(path));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QStringLiteral("%1 is not valid JSON (%2 at offset %3): truncated or corrupt")
                       .arg(path, error.errorString())
                       .arg(error.offset));
    return doc.object();
}

} // namespace

void RoutingModel::computeId(const QJsonObject &manifest)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QJsonObject files = manifest.value(QStringLiteral("files")).toObject();
    for (const QString &name : files.keys()) {
        hash.addData(name.toUtf8());
        hash.addData(files.value(name).toObject().value(QStringLiteral("sha256")).toString().toLatin1());
    }
    m_id = QString::fromLatin1(hash.result().toHex().left(16));
}

Status RoutingModel::save(const QString &dir) const
{
    const ModelParts &p = m_parts;
    if (const Status s = writeJson(dir, kTransform, p.transform.toJson()); !s)
        return s;
    if (p.baseline)
        if (const Status s = writeJson(dir, kBaseline, p.baseline->toJson()); !s)
            return s;
    if (p.xgboost.isValid())
        if (const Status s = p.xgboost.save(dir); !s)
            return s;
    if (p.mlp.isValid())
        if (const Status s = p.mlp.save(dir); !s)
            return s;
    if (p.stacking)
        if (const Status s = writeJson(dir, kStacking, p.stacking->toJson()); !s)
            return s;
    QJsonObject corrections;
    for (int c = 0; c < kCandidateCount; ++c)
        if (hasCandidate(static_cast<CandidateKind>(c)))
            corrections.insert(candidateName(static_cast<CandidateKind>(c)), p.corrections[size_t(c)].toJson());
    if (const Status s = writeJson(dir, kCorrections, corrections); !s)
        return s;
    QByteArray library;
    {
        QDataStream out(&library, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        if (const Status s = p.library.write(out); !s)
            return s;
    }
    if (const Status s = writeFileAtomically(QDir(dir).filePath(kLibrary), library); !s)
        return s;
    if (const Status s = p.index.save(dir); !s)
        return s;
    if (const Status s = writeJson(dir, kItemStats, p.itemStats.toJson()); !s)
        return s;
    if (const Status s = writeJson(dir, kMetrics, p.metrics, true); !s)
        return s;
    if (const Status s = writeJson(dir, kSummary, p.summary, true); !s)
        return s;

    QJsonObject files;
    const QFileInfoList entries = QDir(dir).entryInfoList(QDir::Files, QDir::Name);
    for (const QFileInfo &info : entries) {
        if (info.fileName() == kManifest)
            continue;
        const auto bytes = readWholeFile(info.absoluteFilePath());
        if (!bytes)
            return std::unexpected(bytes.error());
        files.insert(info.fileName(), QJsonObject{{QStringLiteral("sha256"), sha256(*bytes)},
                                                  {QStringLiteral("bytes"), double(bytes->size())}});
    }
    QJsonArray candidates;
    for (CandidateKind c : this->candidates())
        candidates.append(candidateName(c));
    const QJsonObject manifest{
        {QStringLiteral("format"), QStringLiteral("routing-model")},
        {QStringLiteral("version"), kFormatVersion},
        {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("selected"), candidateName(p.selected)},
        {QStringLiteral("candidates"), candidates},
        {QStringLiteral("feature_dimension"), p.transform.dimension()},
        {QStringLiteral("feature_signature"), p.transform.signature()},
        {QStringLiteral("index_dimension"), p.index.dimension()},
        {QStringLiteral("library_items"), p.library.itemCount()},
        {QStringLiteral("neighbours"), p.neighbours},
        {QStringLiteral("min_support"), p.synthesis.minSupport},
        {QStringLiteral("weight_power"), p.synthesis.weightPower},
        {QStringLiteral("files"), files},
    };
    return writeJson(dir, kManifest, manifest, true);
}

Result<std::shared_ptr<const RoutingModel>> RoutingModel::load(const QString &dir, const LoadOptions &options)
{
    if (!QFileInfo(dir).isDir())
        return bad(QStringLiteral("model directory %1 does not exist").arg(dir));
    const auto manifest = readJson(dir, kManifest);
    if (!manifest)
        return std::unexpected(manifest.error());
    if (manifest->value(QStringLiteral("format")).toString() != QLatin1String("routing-model")
        || manifest->value(QStringLiteral("version")).toInt() != kFormatVersion)
        return bad(QStringLiteral("%1 is not a routing model manifest (version %2 expected)")
                       .arg(QDir(dir).filePath(kManifest))
                       .arg(kFormatVersion));
    const QJsonObject files = manifest->value(QStringLiteral("files")).toObject();
    for (const QString &required : {kTransform, kLibrary, QStringLiteral("similar_items.bin"), kItemStats, kCorrections})
        if (!files.contains(required))
            return bad(QStringLiteral("the manifest of %1 lists no %2").arg(dir, required));
    for (auto it = files.constBegin(); it != files.constEnd(); ++it) {
        const QString path = QDir(dir).filePath(it.key());
        const QFileInfo info(path);
        if (!info.isFile())
            return bad(QStringLiteral("missing model file %1").arg(path));
        const QJsonObject entry = it.value().toObject();
        if (info.size() != qint64(entry.value(QStringLiteral("bytes")).toDouble(-1)))
            return bad(QStringLiteral("%1 has %2 bytes, the manifest says %3 (truncated or replaced)")
                           .arg(path)
                           .arg(info.size())
                           .arg(qint64(entry.value(QStringLiteral("bytes")).toDouble(-1))));
        const bool binary = it.key().endsWith(QLatin1String(".bin")) || it.key().endsWith(QLatin1String(".hnsw"));
        if (options.verifyChecksums || binary) {
            const auto bytes = readWholeFile(path);
            if (!bytes)
                return bad(bytes.error().message);
            if (sha256(*bytes) != entry.value(QStringLiteral("sha256")).toString())
                return bad(QStringLiteral("%1 does not match its checksum in the manifest (corrupt)").arg(path));
        }
    }

    ModelParts p;
    const auto transformJson = readJson(dir, kTransform);
    if (!transformJson)
        return std::unexpected(transformJson.error());
    auto transform = FeatureTransform::fromJson(*transformJson);
    if (!transform)
        return bad(QStringLiteral("%1: %2").arg(QDir(dir).filePath(kTransform), transform.error().message));
    p.transform = std::move(*transform);
    const int dim = p.transform.dimension();
    if (manifest->value(QStringLiteral("feature_dimension")).toInt() != dim)
        return bad(QStringLiteral("the manifest says %1 features, the feature transform has %2 (wrong dimension)")
                       .arg(manifest->value(QStringLiteral("feature_dimension")).toInt())
                       .arg(dim));
    if (manifest->value(QStringLiteral("feature_signature")).toString() != p.transform.signature())
        return bad(QStringLiteral("the feature transform's columns differ from the ones the model was trained on (wrong feature set)"));

    if (files.contains(kBaseline)) {
        const auto json = readJson(dir, kBaseline);
        if (!json)
            return std::unexpected(json.error());
        auto baseline = BaselineModel::fromJson(*json);
        if (!baseline)
            return std::unexpected(baseline.error());
        if (baseline->maxFeatureIndex() >= dim)
            return bad(QStringLiteral("baseline tables read feature %1 of %2 (wrong dimension)")
                           .arg(baseline->maxFeatureIndex())
                           .arg(dim));
        p.baseline = std::move(*baseline);
    }
    if (files.contains(XgboostModel::fileName(Target::Setup)) || files.contains(XgboostModel::fileName(Target::Run))) {
        auto xgboost = XgboostModel::load(dir, dim);
        if (!xgboost)
            return std::unexpected(xgboost.error());
        p.xgboost = std::move(*xgboost);
    }
    if (files.contains(QStringLiteral("mlp.yml")) || files.contains(QStringLiteral("mlp_inputs.json"))) {
        auto mlp = MlpModel::load(dir, dim);
        if (!mlp)
            return std::unexpected(mlp.error());
        p.mlp = std::move(*mlp);
    }
    if (files.contains(kStacking)) {
        const auto json = readJson(dir, kStacking);
        if (!json)
            return std::unexpected(json.error());
        auto stacking = StackingModel::fromJson(*json);
        if (!stacking)
            return std::unexpected(stacking.error());
        p.stacking = *stacking;
    }
    const auto corrections = readJson(dir, kCorrections);
    if (!corrections)
        return std::unexpected(corrections.error());
    for (int c = 0; c < kCandidateCount; ++c) {
        const QJsonValue v = corrections->value(candidateName(static_cast<CandidateKind>(c)));
        if (v.isUndefined())
            continue;
        auto correction = LevelCorrection::fromJson(v.toObject());
        if (!correction)
            return std::unexpected(correction.error());
        p.corrections[size_t(c)] = std::move(*correction);
    }
    const auto libraryBytes = readWholeFile(QDir(dir).filePath(kLibrary));
    if (!libraryBytes)
        return bad(libraryBytes.error().message);
    {
        QDataStream in(*libraryBytes);
        in.setVersion(QDataStream::Qt_6_4);
        auto library = RoutingLibrary::read(in);
        if (!library)
            return std::unexpected(library.error());
        p.library = std::move(*library);
    }
    auto index = SimilarItemIndex::load(dir, SimilarItemIndex::encodedDimension(p.transform), p.library.itemCount());
    if (!index)
        return std::unexpected(index.error());
    p.index = std::move(*index);
    const auto stats = readJson(dir, kItemStats);
    if (!stats)
        return std::unexpected(stats.error());
    auto itemStats = ItemStats::fromJson(*stats);
    if (!itemStats)
        return std::unexpected(itemStats.error());
    p.itemStats = std::move(*itemStats);
    if (files.contains(kMetrics))
        if (const auto m = readJson(dir, kMetrics))
            p.metrics = *m;
    if (files.contains(kSummary))
        if (const auto s = readJson(dir, kSummary))
            p.summary = *s;
    p.neighbours = manifest->value(QStringLiteral("neighbours")).toInt(10);
    p.synthesis.minSupport = manifest->value(QStringLiteral("min_support")).toDouble(0.5);
    p.synthesis.weightPower = manifest->value(QStringLiteral("weight_power")).toDouble(2.0);
    const auto selected = candidateFromName(manifest->value(QStringLiteral("selected")).toString());
    if (!selected)
        return bad(QStringLiteral("the manifest names no known selected candidate"));
    p.selected = *selected;

    auto model = std::make_shared<RoutingModel>(std::move(p), QDir(dir).absolutePath());
    if (!model->hasCandidate(model->selected()))
        return bad(QStringLiteral("the selected candidate %1 is not in %2")
                       .arg(candidateName(model->selected()), dir));
    model->computeId(*manifest);
    qCInfo(lcMl) << "model loaded from" << dir << "selected" << candidateName(model->selected())
                 << "id" << model->modelId();
    return std::shared_ptr<const RoutingModel>(std::move(model));
}

} // namespace routing::ml
