#pragma once

#include "core/common/error.h"
#include "core/quality/alert_store.h"
#include "core/quality/quality_metrics.h"
#include "core/quality/retraining_trigger.h"
#include "core/quality/sampler.h"
#include "core/quality/threshold_evaluator.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace routing::quality {

enum class CycleStatus { Succeeded, Failed, Cancelled };

/// "succeeded", "failed", "cancelled".
QString cycleStatusName(CycleStatus status);

/// The last successful cycle, kept in view when a cycle fails (DB outage …).
struct LastGoodCycle
{
    QString cycleId;
    QDateTime finishedAt;
    QString level;
    QJsonObject metrics; ///< that cycle's "metrics" object
};

/// Everything one evaluation cycle found and did. Also the payload of the worker's signal.
struct CycleReport
{
    QString cycleId;
    CycleStatus status = CycleStatus::Failed;
    std::optional<Error> error; ///< why the cycle failed or was cancelled
    QString trigger;            ///< manual | schedule | cli | api …
    QDateTime startedAt;        ///< UTC
    QDateTime finishedAt;       ///< UTC
    QDateTime asOf;             ///< T, plant wall clock
    bool replay = false;        ///< T was given by the caller (a past date), not "now"
    QDateTime windowFrom;       ///< T − window_days (included)
    QDateTime windowTo;         ///< T (excluded)
    int windowDays = 0;
    QString modelVersion;
    SampleResult sample;
    bool sampled = false; ///< false when the cycle failed before sampling
    MetricsResult metrics;
    bool measured = false;           ///< metrics were computed
    QList<Assessment> assessments;   ///< one per MetricRule
    Severity level = Severity::None; ///< the worst level of this cycle's metrics
    QList<AlertEvent> alertEvents;   ///< alerts this cycle raised, changed, kept or cleared
    QList<Alert> activeAlerts;       ///< after the cycle
    std::optional<RetrainingDecision> retraining;
    std::optional<LastGoodCycle> lastGood;
    double durationSeconds = 0.0;
    QString jsonPath;
    QString csvPath;
    QString markdownPath;
    QString logPath;
    QStringList outputProblems; ///< outputs that could not be written (the cycle still counts)
};

/// 0: every metric normal; 1: a warning; 2: a critical; 3: the cycle could not run (failed or
/// cancelled). The levels are this cycle's metric values against the configured levels.
int exitCodeFor(const CycleReport &report);

/// The whole report as JSON (the file deliverables/quality_reports/cycle_<id>.json and
/// `evaluate --json`). Numbers at full precision; null where a figure could not be computed.
QJsonObject toJson(const CycleReport &report);
/// One alert as the reports, the HTTP API and `alerts --json` show it.
QJsonObject alertToJson(const Alert &alert, const QDateTime &now);
/// The "metrics" object of toJson().
QJsonObject metricsToJson(const QualityMetrics &metrics);
/// Value of one metric by its JSON/history name (mae_minutes, process_match …).
std::optional<double> metricValue(const QualityMetrics &metrics, const QString &key);

/// At most this many flagged groups and failed items are listed in the JSON (counts are complete).
inline constexpr int kReportListLimit = 200;

} // namespace routing::quality

Q_DECLARE_METATYPE(routing::quality::CycleReport)
