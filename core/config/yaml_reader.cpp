#include "core/config/yaml_reader.h"

#include <algorithm>
#include <cmath>

namespace routing::config_detail {
namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

int editDistance(const QString &a, const QString &b)
{
    QList<int> prev(b.size() + 1), cur(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

QString number(double v) { return QString::number(v, 'g', 10); }

} // namespace

QString Range::describe() const
{
    const QString lo = minExclusive ? QStringLiteral("(") : QStringLiteral("[");
    return QStringLiteral("%1%2, %3]").arg(lo, number(min), number(max));
}

YamlMap::YamlMap(const QString &file, YAML::Node node, QString path, QStringList *errors)
    : m_file(file), m_node(std::move(node)), m_path(std::move(path)), m_errors(errors)
{
}

QString YamlMap::where(const YAML::Mark &mark) const
{
    if (mark.line < 0)
        return m_file;
    return QStringLiteral("%1:%2:%3").arg(m_file).arg(mark.line + 1).arg(mark.column + 1);
}

QString YamlMap::keyPath(const char *key) const
{
    if (!key)
        return m_path.isEmpty() ? QStringLiteral("(top level)") : m_path;
    return m_path.isEmpty() ? QString::fromUtf8(key) : m_path + u'.' + QString::fromUtf8(key);
}

void YamlMap::error(const char *key, const QString &message) const
{
    YAML::Mark mark = m_node.Mark();
    if (key) {
        for (auto it = m_node.begin(); it != m_node.end(); ++it) {
            if (it->first.Scalar() == key) {
                mark = it->second.IsNull() ? it->first.Mark() : it->second.Mark();
                break;
            }
        }
    }
    m_errors->append(QStringLiteral("%1: %2: %3").arg(where(mark), keyPath(key), message));
}

bool YamlMap::has(const char *key) const
{
    return m_node[key].IsDefined();
}

std::optional<YAML::Node> YamlMap::scalar(const char *key, const char *expected)
{
    m_read.append(QString::fromUtf8(key));
    const YAML::Node node = m_node[key];
    if (!node.IsDefined())
        return std::nullopt;
    if (!node.IsScalar()) {
        error(key, QStringLiteral("expected %1, found a %2")
                       .arg(QString::fromUtf8(expected),
                            node.IsMap() ? QStringLiteral("mapping")
                                         : node.IsSequence() ? QStringLiteral("list")
                                                             : QStringLiteral("null value")));
        return std::nullopt;
    }
    return node;
}

void YamlMap::read(const char *key, double &out, Range range)
{
    const auto node = scalar(key, "a number");
    if (!node)
        return;
    double v = 0;
    if (!YAML::convert<double>::decode(*node, v) || !std::isfinite(v)) {
        error(key, QStringLiteral("'%1' is not a number; allowed %2").arg(qs(node->Scalar()), range.describe()));
        return;
    }
    const bool low = range.minExclusive ? v <= range.min : v < range.min;
    if (low || v > range.max) {
        error(key, QStringLiteral("%1 is out of range; allowed %2").arg(number(v), range.describe()));
        return;
    }
    out = v;
}

void YamlMap::read(const char *key, int &out, Range range)
{
    const auto node = scalar(key, "an integer");
    if (!node)
        return;
    long long v = 0;
    if (!YAML::convert<long long>::decode(*node, v)) {
        error(key, QStringLiteral("'%1' is not an integer; allowed %2").arg(qs(node->Scalar()), range.describe()));
        return;
    }
    const bool low = range.minExclusive ? v <= range.min : v < range.min;
    if (low || v > range.max) {
        error(key, QStringLiteral("%1 is out of range; allowed %2").arg(v).arg(range.describe()));
        return;
    }
    out = static_cast<int>(v);
}

void YamlMap::read(const char *key, bool &out)
{
    const auto node = scalar(key, "true or false");
    if (!node)
        return;
    bool v = false;
    if (!YAML::convert<bool>::decode(*node, v)) {
        error(key, QStringLiteral("'%1' is not a boolean; allowed true or false").arg(qs(node->Scalar())));
        return;
    }
    out = v;
}

void YamlMap::read(const char *key, QString &out, const QStringList &allowed, bool allowEmpty)
{
    const auto node = scalar(key, "a text value");
    if (!node)
        return;
    const QString v = qs(node->Scalar()).trimmed();
    if (!allowed.isEmpty() && !allowed.contains(v)) {
        error(key, QStringLiteral("'%1' is not allowed; allowed: %2").arg(v, allowed.join(QStringLiteral(", "))));
        return;
    }
    if (!allowEmpty && v.isEmpty()) {
        error(key, QStringLiteral("must not be empty"));
        return;
    }
    out = v;
}

void YamlMap::readUInt64(const char *key, quint64 &out)
{
    const auto node = scalar(key, "a non-negative integer");
    if (!node)
        return;
    unsigned long long v = 0;
    if (node->Scalar().starts_with('-') || !YAML::convert<unsigned long long>::decode(*node, v)) {
        error(key, QStringLiteral("'%1' is not a non-negative integer").arg(qs(node->Scalar())));
        return;
    }
    out = v;
}

void YamlMap::readOptionalUInt64(const char *key, std::optional<quint64> &out)
{
    m_read.append(QString::fromUtf8(key));
    const YAML::Node node = m_node[key];
    if (node.IsDefined() && node.IsNull()) {
        out.reset();
        return;
    }
    m_read.removeLast();
    quint64 v = out.value_or(0);
    const int before = m_errors->size();
    readUInt64(key, v);
    if (m_errors->size() == before && node.IsDefined())
        out = v;
}

void YamlMap::readList(const char *key, QStringList &out, const QStringList &allowed)
{
    m_read.append(QString::fromUtf8(key));
    const YAML::Node node = m_node[key];
    if (!node.IsDefined())
        return;
    if (!node.IsSequence()) {
        error(key, QStringLiteral("expected a list"));
        return;
    }
    QStringList values;
    for (const auto &item : node) {
        const QString v = item.IsScalar() ? qs(item.Scalar()).trimmed() : QString();
        if (v.isEmpty() || (!allowed.isEmpty() && !allowed.contains(v))) {
            m_errors->append(QStringLiteral("%1: %2: '%3' is not allowed; allowed: %4")
                                 .arg(where(item.Mark()), keyPath(key), v,
                                      allowed.isEmpty() ? QStringLiteral("non-empty text")
                                                        : allowed.join(QStringLiteral(", "))));
            return;
        }
        if (values.contains(v)) {
            m_errors->append(QStringLiteral("%1: %2: '%3' is listed twice").arg(where(item.Mark()), keyPath(key), v));
            return;
        }
        values.append(v);
    }
    out = values;
}

void YamlMap::readList(const char *key, QList<int> &out, Range range)
{
    m_read.append(QString::fromUtf8(key));
    const YAML::Node node = m_node[key];
    if (!node.IsDefined())
        return;
    if (!node.IsSequence() || node.size() == 0) {
        error(key, QStringLiteral("expected a non-empty list of integers"));
        return;
    }
    QList<int> values;
    for (const auto &item : node) {
        long long v = 0;
        if (!item.IsScalar() || !YAML::convert<long long>::decode(item, v) || v < range.min || v > range.max) {
            m_errors->append(QStringLiteral("%1: %2: '%3' is not an integer in %4")
                                 .arg(where(item.Mark()), keyPath(key),
                                      item.IsScalar() ? qs(item.Scalar()) : QStringLiteral("?"),
                                      range.describe()));
            return;
        }
        values.append(static_cast<int>(v));
    }
    out = values;
}

std::optional<YamlMap> YamlMap::child(const char *key)
{
    m_read.append(QString::fromUtf8(key));
    const YAML::Node node = m_node[key];
    if (!node.IsDefined())
        return std::nullopt;
    if (!node.IsMap()) {
        error(key, QStringLiteral("expected a mapping of keys"));
        return std::nullopt;
    }
    return YamlMap(m_file, node, keyPath(key), m_errors);
}

QList<std::pair<QString, YAML::Node>> YamlMap::entries()
{
    QList<std::pair<QString, YAML::Node>> out;
    for (auto it = m_node.begin(); it != m_node.end(); ++it) {
        out.append({qs(it->first.Scalar()), it->second});
        m_read.append(qs(it->first.Scalar()));
    }
    return out;
}

void YamlMap::finish(const QStringList &extraAllowed)
{
    QStringList allowed = m_read + extraAllowed;
    allowed.removeDuplicates();
    for (auto it = m_node.begin(); it != m_node.end(); ++it) {
        const QString key = qs(it->first.Scalar());
        if (allowed.contains(key))
            continue;
        QString best;
        int bestDistance = 3;
        for (const QString &candidate : allowed) {
            const int d = editDistance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        QString message = QStringLiteral("unknown key '%1' in %2")
                              .arg(key, m_path.isEmpty() ? QStringLiteral("the top level") : QStringLiteral("'%1'").arg(m_path));
        if (!best.isEmpty())
            message += QStringLiteral(" (did you mean '%1'?)").arg(best);
        message += QStringLiteral("; allowed keys: %1").arg(allowed.join(QStringLiteral(", ")));
        m_errors->append(QStringLiteral("%1: %2").arg(where(it->first.Mark()), message));
    }
}

} // namespace routing::config_detail
