#include "core/service/prometheus_text.h"

#include <QLocale>

#include <cmath>

namespace routing::service {

void PrometheusText::family(const QString &name, Type type, const QString &help)
{
    QString escaped = help;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'\n', QStringLiteral("\\n"));
    const char *typeName = type == Type::Gauge     ? "gauge"
                           : type == Type::Counter ? "counter"
                           : type == Type::Histogram ? "histogram"
                                                     : "untyped";
    m_out += "# HELP " + name.toUtf8() + ' ' + escaped.toUtf8() + '\n';
    m_out += "# TYPE " + name.toUtf8() + ' ' + typeName + '\n';
}

QByteArray PrometheusText::formatValue(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    // Shortest round-trip form: 0.005, not 0.0050000000000000001 (bucket labels stay readable).
    return QString::number(value, 'g', QLocale::FloatingPointShortest).toLatin1();
}

QByteArray PrometheusText::escapeLabel(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void PrometheusText::sample(const QString &name, double value, const Labels &labels)
{
    m_out += name.toUtf8();
    if (!labels.isEmpty()) {
        m_out += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i)
                m_out += ',';
            m_out += labels[i].first.toUtf8() + "=\"" + escapeLabel(labels[i].second) + '"';
        }
        m_out += '}';
    }
    m_out += ' ' + formatValue(value) + '\n';
}

void PrometheusText::histogram(const QString &name, const QString &help, const QList<double> &upperBounds,
                               const QList<quint64> &cumulativeCounts, double sum, quint64 count, const Labels &labels)
{
    if (!help.isNull())
        family(name, Type::Histogram, help);
    for (qsizetype i = 0; i < upperBounds.size() && i < cumulativeCounts.size(); ++i) {
        Labels l = labels;
        l.append({QStringLiteral("le"), QString::fromLatin1(formatValue(upperBounds[i]))});
        sample(name + QStringLiteral("_bucket"), double(cumulativeCounts[i]), l);
    }
    Labels inf = labels;
    inf.append({QStringLiteral("le"), QStringLiteral("+Inf")});
    sample(name + QStringLiteral("_bucket"), double(count), inf);
    sample(name + QStringLiteral("_sum"), sum, labels);
    sample(name + QStringLiteral("_count"), double(count), labels);
}

} // namespace routing::service
