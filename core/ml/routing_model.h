#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"
#include "core/ml/baseline_model.h"
#include "core/ml/feature_transform.h"
#include "core/ml/item_stats.h"
#include "core/ml/level_correction.h"
#include "core/ml/mlp_model.h"
#include "core/ml/routing_library.h"
#include "core/ml/routing_synthesizer.h"
#include "core/ml/similar_item_index.h"
#include "core/ml/stacking_model.h"
#include "core/ml/xgboost_model.h"

#include <QJsonObject>
#include <QString>

#include <array>
#include <memory>
#include <optional>

namespace routing::ml {

/// Everything a trained model consists of. Produced by Trainer, owned by RoutingModel.
struct ModelParts
{
    FeatureTransform transform;
    std::optional<BaselineModel> baseline;
    XgboostModel xgboost;
    MlpModel mlp;
    std::optional<StackingModel> stacking;
    std::array<LevelCorrection, kCandidateCount> corrections;
    RoutingLibrary library;
    SimilarItemIndex index;
    ItemStats itemStats;
    CandidateKind selected = CandidateKind::Baseline;
    RoutingSynthesizer::Options synthesis;
    int neighbours = 10;
    QJsonObject metrics; ///< metrics.json
    QJsonObject summary; ///< training_summary.json
};

/// A routing found for an item from its neighbours, with the neighbours' codes.
struct SimilarItemsRouting
{
    SynthesizedRouting routing;
    std::vector<Neighbour> neighbours;
    QStringList neighbourCodes;
};

/// A trained model: the artifact directory in memory. Immutable once built or loaded, and safe to
/// share between threads (the boosters and the network lock themselves).
///
/// Artifact directory (written by save(), checked by load()):
///   model.json               manifest: format, selected candidate, dimensions, files with SHA-256
///   feature_transform.json   the feature transform and category maps
///   xgb_setup.ubj, xgb_run.ubj   XGBoost boosters (UBJSON; load in Python's xgboost as they are)
///   mlp.yml, mlp_inputs.json     the OpenCV network and its input encoding
///   baseline.json, stacking.json, level_correction.json
///   routing_library.bin, similar_items.bin (+ similar_items.hnsw)   routing synthesis
///   item_stats.json, metrics.json, training_summary.json
class RoutingModel final
{
public:
    struct LoadOptions
    {
        /// Verify every file's SHA-256 against the manifest. Binary files the loader parses
        /// (routing library, index, HNSW graph) are always verified.
        bool verifyChecksums = true;
    };

    explicit RoutingModel(ModelParts parts, QString directory = {});
    ~RoutingModel();
    Q_DISABLE_COPY_MOVE(RoutingModel)

    /// Loads and cross-checks an artifact directory. Missing, truncated or inconsistent files, a
    /// wrong dimension or a different feature set are ErrorCode::ModelNotFound (1002) with a
    /// message naming the file and the problem.
    static Result<std::shared_ptr<const RoutingModel>> load(const QString &dir, const LoadOptions &options);
    static Result<std::shared_ptr<const RoutingModel>> load(const QString &dir) { return load(dir, LoadOptions{}); }
    /// Writes every file and the manifest into `dir` (which must exist and be empty).
    Status save(const QString &dir) const;

    const QString &directory() const { return m_directory; }
    /// Identifies this model's content (SHA-256 over the manifest's file hashes).
    const QString &modelId() const { return m_id; }
    const ModelParts &parts() const { return m_parts; }
    /// Moves the parts out, leaving this model empty (the trainer re-packs a model after
    /// evaluating it).
    ModelParts releaseParts() { return std::move(m_parts); }
    const FeatureTransform &transform() const { return m_parts.transform; }
    CandidateKind selected() const { return m_parts.selected; }
    bool hasCandidate(CandidateKind kind) const;
    QList<CandidateKind> candidates() const;

    /// Label-space predictions (log1p(minutes) − offset) of `candidate` for feature rows, with the
    /// candidate's level correction for each row's resource code.
    TargetPredictions predictLabels(const FeatureBatch &batch, const int *resources,
                                    CandidateKind candidate, Error *error = nullptr) const;
    /// Minutes from a label and its offset, never negative.
    static double minutes(float label, double offset);

    /// The item's routing from its neighbours; `excludeCode` (normally the item itself, for
    /// leave-one-out) is never a neighbour.
    /// `synthesis` overrides the model's vote options (the trainer tries several).
    Result<SimilarItemsRouting> synthesize(const Item &item, const QString &excludeCode = {},
                                           int neighbours = 0,
                                           const RoutingSynthesizer::Options *synthesis = nullptr) const;

private:
    void computeId(const QJsonObject &manifest);

    ModelParts m_parts;
    QString m_directory;
    QString m_id;
};

} // namespace routing::ml
