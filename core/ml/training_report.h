#pragma once

#include "core/ml/error_metrics.h"
#include "core/ml/ml_types.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace routing::ml {

/// Validation figures of one candidate (or of the live model, or of the standard times).
struct CandidateResult
{
    QString name;                 ///< "baseline", "xgboost", "mlp", "stacking", "live:<name>", "standard_time"
    ErrorMetrics validation;      ///< minutes per operation, gross data-entry errors excluded
    ErrorMetrics validationAllRows; ///< the same with every row
    ErrorMetrics setup;           ///< setup minutes per order
    ErrorMetrics run;             ///< run minutes per operation (per unit × ORDER_QTY)
    double trainingSeconds = 0;
    double inferenceMicrosPerRow = 0; ///< batch prediction of the validation rows, per row
    double singleItemMillis = 0;      ///< p99 of predicting one item's steps (warm)
    QJsonObject details;

    QJsonObject toJson() const;
};

/// What a training run produced and decided.
struct TrainingResult
{
    QString artifactDir;  ///< empty when nothing was written
    QString dataHash;
    QDateTime asOf;
    QDateTime cutoff;     ///< validation = [cutoff, asOf)
    QDateTime calibrationStart; ///< early stopping, stacking and level corrections: [calibrationStart, cutoff)
    QDateTime historyStart;     ///< training = [historyStart, calibrationStart)
    qint64 items = 0;
    qint64 routedItems = 0;
    qint64 operations = 0;
    qint64 trainingRows = 0;
    qint64 calibrationRows = 0;
    qint64 validationRows = 0;
    qint64 validationCleanRows = 0;
    QList<CandidateResult> candidates;
    CandidateResult standardTime;
    QString selected;
    ProcessMatch processMatch;
    double similarityWeightPower = 2.0; ///< the vote sharpness chosen by leave-one-out
    std::optional<CandidateResult> live;
    std::optional<ProcessMatch> liveProcessMatch;
    bool proposed = false;       ///< true: deploy the new model; false: keep the live model
    QString decision;            ///< "propose" | "keep_live"
    QString reason;              ///< operator-readable, with the figures
    double improvementPct = 0;   ///< trimmed MAE improvement over the live model (or the standard)
    double durationSeconds = 0;
    QJsonObject stageSeconds;    ///< wall seconds per stage (prepare, candidates, similar_items, …)
    qint64 peakRssBytes = 0;
    QJsonObject versions;        ///< xgboost, opencv, qt
    QJsonObject parameters;      ///< seed, candidates, XGBoost/MLP settings, engine knobs

    const CandidateResult *candidate(const QString &name) const;
    QJsonObject metricsJson() const;  ///< metrics.json
    QJsonObject summaryJson() const;  ///< training_summary.json
    /// A plain-text table of the figures (the `train --wait` output).
    QString toText() const;
};

} // namespace routing::ml
