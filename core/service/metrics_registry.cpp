#include "core/service/metrics_registry.h"

#include "core/service/prometheus_text.h"

#include <QMutexLocker>

#include <algorithm>

namespace routing::service {
namespace {

using Type = PrometheusText::Type;

/// Fixed label sets so that every series exists from the first scrape (rate() needs a zero).
const QStringList kEvaluationResults{QStringLiteral("succeeded"), QStringLiteral("failed"),
                                     QStringLiteral("cancelled")};
const QStringList kJobResults{QStringLiteral("succeeded"), QStringLiteral("skipped"),
                              QStringLiteral("failed"), QStringLiteral("cancelled"),
                              QStringLiteral("deferred")};
const QStringList kSeverities{QStringLiteral("info"), QStringLiteral("warning"),
                              QStringLiteral("critical")};

} // namespace

MetricsRegistry::MetricsRegistry() : m_startedAt(QDateTime::currentDateTimeUtc()) {}

const QList<double> &MetricsRegistry::httpBuckets()
{
    static const QList<double> b{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                 0.1,    0.25,  0.5,    1,     2,    5};
    return b;
}

const QList<double> &MetricsRegistry::trainingBuckets()
{
    static const QList<double> b{30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400};
    return b;
}

void MetricsRegistry::Histogram::observe(const QList<double> &bounds, double value)
{
    if (counts.size() != bounds.size())
        counts = QList<quint64>(bounds.size(), 0);
    for (qsizetype i = 0; i < bounds.size(); ++i)
        if (value <= bounds[i]) {
            ++counts[i];
            break;
        }
    ++count;
    sum += value;
}

QList<quint64> MetricsRegistry::Histogram::cumulative() const
{
    QList<quint64> out;
    quint64 running = 0;
    for (quint64 c : counts)
        out << (running += c);
    return out;
}

void MetricsRegistry::setQuality(const QHash<QString, std::optional<double>> &metrics,
                                 const QDateTime &finishedAt)
{
    QMutexLocker lock(&m_mutex);
    m_quality = metrics;
    m_qualityAt = finishedAt;
}

void MetricsRegistry::recordEvaluation(const QString &result)
{
    QMutexLocker lock(&m_mutex);
    ++m_evaluations[result];
}

void MetricsRegistry::recordTrainingJob(const QString &result, double seconds)
{
    QMutexLocker lock(&m_mutex);
    ++m_trainingJobs[result];
    if (seconds >= 0)
        m_trainingDuration.observe(trainingBuckets(), seconds);
}

void MetricsRegistry::recordHttpRequest(const QString &method, const QString &route, int status,
                                        double seconds)
{
    Q_UNUSED(method)
    const QString handler = route.isEmpty() ? QStringLiteral("unmatched") : route;
    QMutexLocker lock(&m_mutex);
    m_http[handler].observe(httpBuckets(), seconds);
    ++m_httpByCode[handler + u'\t' + QString::number(status / 100) + QStringLiteral("xx")];
}

QByteArray MetricsRegistry::render(const LiveMetrics &live) const
{
    QMutexLocker lock(&m_mutex);
    PrometheusText p;

    // Quality gauges: the manual's minutes and percent become seconds and ratios.
    struct Gauge
    {
        const char *key;
        const char *name;
        const char *help;
        double scale;
    };
    const Gauge gauges[] = {
        {"mae_minutes", "routing_quality_mae_seconds",
         "Mean absolute error of predicted step times in the latest succeeded evaluation.", 60.0},
        {"trim_mae_minutes", "routing_quality_trimmed_mae_seconds",
         "Trimmed mean absolute error (trim_ratio) in the latest succeeded evaluation.", 60.0},
        {"rmse_minutes", "routing_quality_rmse_seconds",
         "Root mean squared error of predicted step times in the latest succeeded evaluation.",
         60.0},
        {"bias_minutes", "routing_quality_bias_seconds",
         "Mean signed error (predicted minus actual) in the latest succeeded evaluation.", 60.0},
        {"process_match", "routing_quality_process_match_ratio",
         "Share of the actual steps that the leave-one-out routing holds in the same order "
         "(aligned process match, 0-1).",
         1.0},
        {"process_match_positional", "routing_quality_process_match_positional_ratio",
         "Share of the actual steps whose JOB_CD the leave-one-out routing has at the same "
         "position (positional process match, 0-1).",
         1.0},
        {"cv", "routing_quality_cv_ratio",
         "Coefficient of variation of the absolute errors in the latest succeeded evaluation.",
         1.0},
        {"sample_count", "routing_quality_samples",
         "Items evaluated in the latest succeeded evaluation.", 1.0},
    };
    for (const Gauge &g : gauges) {
        const auto v = m_quality.value(QString::fromLatin1(g.key));
        if (!v)
            continue;
        p.family(QString::fromLatin1(g.name), Type::Gauge, QString::fromLatin1(g.help));
        p.sample(QString::fromLatin1(g.name), *v * g.scale);
    }
    if (m_qualityAt.isValid()) {
        p.family(QStringLiteral("routing_quality_last_evaluation_timestamp_seconds"), Type::Gauge,
                 QStringLiteral("When the latest succeeded evaluation finished (Unix time)."));
        p.sample(QStringLiteral("routing_quality_last_evaluation_timestamp_seconds"),
                 m_qualityAt.toSecsSinceEpoch());
    }

    p.family(QStringLiteral("routing_quality_evaluations_total"), Type::Counter,
             QStringLiteral("Evaluation cycles run by this process, by result."));
    for (const QString &r : kEvaluationResults)
        p.sample(QStringLiteral("routing_quality_evaluations_total"),
                 double(m_evaluations.value(r)), {{QStringLiteral("result"), r}});

    p.family(QStringLiteral("routing_alerts_active"), Type::Gauge,
             QStringLiteral("Active quality alerts, by severity."));
    for (const QString &s : kSeverities)
        p.sample(QStringLiteral("routing_alerts_active"), live.alertsActiveBySeverity.value(s),
                 {{QStringLiteral("severity"), s}});

    p.family(QStringLiteral("routing_training_jobs_total"), Type::Counter,
             QStringLiteral("Training jobs finished while this process ran the queue, by result."));
    for (const QString &r : kJobResults)
        p.sample(QStringLiteral("routing_training_jobs_total"), double(m_trainingJobs.value(r)),
                 {{QStringLiteral("result"), r}});

    p.family(QStringLiteral("routing_training_queue_jobs"), Type::Gauge,
             QStringLiteral("Training jobs in the queue, by state."));
    p.sample(QStringLiteral("routing_training_queue_jobs"), live.queuePending,
             {{QStringLiteral("state"), QStringLiteral("pending")}});
    p.sample(QStringLiteral("routing_training_queue_jobs"), live.queueRunning,
             {{QStringLiteral("state"), QStringLiteral("running")}});
    p.family(QStringLiteral("routing_training_queue_capacity_jobs"), Type::Gauge,
             QStringLiteral("queue.max_size: pending plus running jobs allowed."));
    p.sample(QStringLiteral("routing_training_queue_capacity_jobs"), live.queueCapacity);

    p.histogram(QStringLiteral("routing_training_duration_seconds"),
                QStringLiteral("Duration of training job attempts run by this process."),
                trainingBuckets(),
                m_trainingDuration.counts.isEmpty() ? QList<quint64>(trainingBuckets().size(), 0)
                                                    : m_trainingDuration.cumulative(),
                m_trainingDuration.sum, m_trainingDuration.count);

    p.family(QStringLiteral("routing_model_info"), Type::Gauge,
             QStringLiteral("The active model version (always 1)."));
    if (!live.modelVersion.isEmpty())
        p.sample(QStringLiteral("routing_model_info"), 1,
                 {{QStringLiteral("version"), live.modelVersion}});
    if (live.modelActivatedAt.isValid()) {
        p.family(QStringLiteral("routing_model_activated_timestamp_seconds"), Type::Gauge,
                 QStringLiteral("When the active model version was activated (Unix time)."));
        p.sample(QStringLiteral("routing_model_activated_timestamp_seconds"),
                 live.modelActivatedAt.toSecsSinceEpoch());
    }

    p.family(QStringLiteral("routing_database_up"), Type::Gauge,
             QStringLiteral("1 when the ERP database answered the last health check."));
    p.sample(QStringLiteral("routing_database_up"), live.databaseUp ? 1 : 0);

    p.family(QStringLiteral("routing_process_start_time_seconds"), Type::Gauge,
             QStringLiteral("When this console process started (Unix time)."));
    p.sample(QStringLiteral("routing_process_start_time_seconds"), m_startedAt.toSecsSinceEpoch());

    QStringList routes = m_http.keys();
    std::sort(routes.begin(), routes.end());
    bool first = true;
    for (const QString &route : routes) {
        const Histogram &h = m_http[route];
        // One family, several label sets: HELP/TYPE only with the first.
        p.histogram(
            QStringLiteral("routing_http_request_duration_seconds"),
            first ? QStringLiteral("Time to answer HTTP requests, by route pattern.") : QString(),
            httpBuckets(), h.cumulative(), h.sum, h.count, {{QStringLiteral("handler"), route}});
        first = false;
    }
    QStringList codeKeys = m_httpByCode.keys();
    std::sort(codeKeys.begin(), codeKeys.end());
    if (!codeKeys.isEmpty())
        p.family(QStringLiteral("routing_http_requests_total"), Type::Counter,
                 QStringLiteral("HTTP requests answered, by route pattern and status class."));
    for (const QString &k : codeKeys) {
        const QStringList parts = k.split(u'\t');
        p.sample(QStringLiteral("routing_http_requests_total"), double(m_httpByCode.value(k)),
                 {{QStringLiteral("handler"), parts.value(0)},
                  {QStringLiteral("code"), parts.value(1)}});
    }
    return p.text();
}

} // namespace routing::service
