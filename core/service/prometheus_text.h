#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace routing::service {

/// Builds the Prometheus text exposition format 0.0.4: each family's HELP and TYPE once, then
/// its samples. Label values are escaped; non-finite values are written as NaN/+Inf/-Inf.
class PrometheusText final
{
public:
    using Labels = QList<QPair<QString, QString>>;
    enum class Type { Gauge, Counter, Histogram, Untyped };

    /// Starts a metric family. Counters must be named ..._total (promtool lints it).
    void family(const QString &name, Type type, const QString &help);
    void sample(const QString &name, double value, const Labels &labels = {});
    /// A whole histogram: cumulative bucket counts for `upperBounds` (+Inf added), sum and count.
    /// A null `help` adds another label set to the family started by the previous call.
    void histogram(const QString &name, const QString &help, const QList<double> &upperBounds,
                   const QList<quint64> &cumulativeCounts, double sum, quint64 count, const Labels &labels = {});

    QByteArray text() const { return m_out; }
    static QByteArray contentType() { return "text/plain; version=0.0.4; charset=utf-8"; }

private:
    static QByteArray formatValue(double value);
    static QByteArray escapeLabel(const QString &value);
    QByteArray m_out;
};

} // namespace routing::service
