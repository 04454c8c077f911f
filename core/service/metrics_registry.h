#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <optional>

namespace routing::service {

/// Values that are read fresh at every scrape (state database, registry) rather than counted.
struct LiveMetrics
{
    QHash<QString, int> alertsActiveBySeverity; ///< "info", "warning", "critical"
    int queuePending = 0;
    int queueRunning = 0;
    int queueCapacity = 0;
    QString modelVersion;       ///< "" when no model is active
    QDateTime modelActivatedAt; ///< invalid: never
    bool databaseUp = false;
};

/// The console's Prometheus metrics (exposition format 0.0.4, base units, low-cardinality labels
/// only). Thread-safe: the main thread records events (cycles, jobs), the HTTP thread records
/// request durations and renders. docs/monitoring.md maps the operator manual's names to these.
class MetricsRegistry final
{
public:
    MetricsRegistry();
    Q_DISABLE_COPY_MOVE(MetricsRegistry)

    /// The latest succeeded cycle's figures, in the report's units (minutes, ratios, counts), as
    /// in CycleReport's "metrics" JSON (keys mae_minutes, trim_mae_minutes, rmse_minutes,
    /// bias_minutes, process_match, cv, sample_count). Missing keys leave the gauge absent.
    void setQuality(const QHash<QString, std::optional<double>> &metrics,
                    const QDateTime &finishedAt);
    /// result: "succeeded" | "failed" | "cancelled".
    void recordEvaluation(const QString &result);
    /// result: the job's final state in lower case; `seconds` < 0 when it never ran.
    void recordTrainingJob(const QString &result, double seconds);
    /// `route` is the matched pattern ("" for none: counted as "unmatched").
    void recordHttpRequest(const QString &method, const QString &route, int status, double seconds);

    QByteArray render(const LiveMetrics &live) const;

    static const QList<double> &httpBuckets();
    static const QList<double> &trainingBuckets();

private:
    struct Histogram
    {
        QList<quint64> counts; ///< per bucket, not cumulative
        quint64 count = 0;
        double sum = 0.0;
        void observe(const QList<double> &bounds, double value);
        QList<quint64> cumulative() const;
    };

    mutable QMutex m_mutex;
    QHash<QString, std::optional<double>> m_quality;
    QDateTime m_qualityAt;
    QHash<QString, quint64> m_evaluations;
    QHash<QString, quint64> m_trainingJobs;
    Histogram m_trainingDuration;
    QHash<QString, Histogram> m_http;     ///< by route pattern
    QHash<QString, quint64> m_httpByCode; ///< "route\tcode_class"
    QDateTime m_startedAt;
};

} // namespace routing::service
