#include "core/ml/feature_transform.h"

#include "core/ml/ml_types.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cmath>

namespace routing::ml {

namespace {

/// Codes by descending frequency, ties by value: deterministic and independent of row order.
StringTable byFrequency(const QHash<QString, int> &counts)
{
    QList<QPair<QString, int>> entries;
    entries.reserve(counts.size());
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        entries.append({it.key(), it.value()});
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    StringTable table;
    for (const auto &entry : std::as_const(entries))
        table.intern(entry.first);
    return table;
}

float codeOrMissing(int code)
{
    return code < 0 ? kMissing : float(code);
}

} // namespace

namespace {

/// Trimmed; empty for the missing spellings.
QStringView trimmedCategory(QStringView value)
{
    const QStringView t = value.trimmed();
    if (t.size() <= 4 && (t.isEmpty() || t == u"-" || t == u"--" || t.compare(u"nan", Qt::CaseInsensitive) == 0
                          || t.compare(u"null", Qt::CaseInsensitive) == 0
                          || t.compare(u"none", Qt::CaseInsensitive) == 0))
        return {};
    return t;
}

bool hasLower(QStringView t)
{
    for (const QChar c : t)
        if (c.isLower())
            return true;
    return false;
}

} // namespace

int FeatureTransform::codeIn(const StringTable &table, QStringView rawValue, int unknown)
{
    const QStringView t = trimmedCategory(rawValue);
    if (t.isEmpty())
        return -1;
    const int code = hasLower(t) ? table.indexOf(t.toString().toUpper()) : table.indexOf(t);
    return code >= 0 ? code : unknown;
}

QString FeatureTransform::normalizeCategory(const QString &value)
{
    const QString text = value.trimmed().toUpper();
    if (text.isEmpty() || text == QLatin1String("-") || text == QLatin1String("--")
        || text == QLatin1String("NAN") || text == QLatin1String("NULL")
        || text == QLatin1String("NONE"))
        return {};
    return text;
}

double FeatureTransform::offset(const std::optional<double> &standard)
{
    if (!standard || !std::isfinite(*standard) || *standard <= 0)
        return 0.0;
    return std::log1p(*standard);
}

FeatureTransform FeatureTransform::fit(const std::vector<Item> &items, const StringTable &jobs,
                                       const StringTable &resources,
                                       const QStringList &insideFlags, const Options &options)
{
    FeatureTransform t;
    t.m_sentinels = options.missingSentinels;
    t.m_groupColumn = options.groupColumn;
    t.m_unitColumn = options.unitColumn;
    for (const QString &column : options.categorical) {
        QHash<QString, int> counts;
        for (const Item &item : items) {
            const QString value = normalizeCategory(item.textValue(column));
            if (!value.isEmpty())
                ++counts[value];
        }
        t.m_categorical.push_back({column, byFrequency(counts)});
    }
    {
        QHash<QString, int> counts;
        for (const Item &item : items) {
            const QString value = normalizeCategory(item.textValue(options.groupColumn));
            if (!value.isEmpty())
                ++counts[value];
        }
        t.m_groups = byFrequency(counts);
    }
    for (const QString &column : options.numeric) {
        Numeric numeric;
        numeric.column = column;
        numeric.length = options.lengthColumns.contains(column);
        t.m_numeric.push_back(numeric);
    }
    for (int c = 0; c < int(t.m_numeric.size()); ++c) {
        double sum = 0, sum2 = 0;
        qint64 n = 0;
        for (const Item &item : items) {
            const double v = t.numericValue(item, c);
            if (std::isnan(v))
                continue;
            const double x = std::log1p(std::abs(v));
            sum += x;
            sum2 += x * x;
            ++n;
        }
        if (n > 0) {
            const double mean = sum / double(n);
            const double var = std::max(0.0, sum2 / double(n) - mean * mean);
            t.m_numeric[size_t(c)].mean = mean;
            t.m_numeric[size_t(c)].scale = var > 1e-12 ? std::sqrt(var) : 1.0;
        }
    }
    t.m_jobs = jobs;
    t.m_resources = resources;
    for (const QString &flag : insideFlags) {
        const QString value = normalizeCategory(flag);
        if (!value.isEmpty())
            t.m_insideFlags.intern(value);
    }
    t.buildNames();
    return t;
}

void FeatureTransform::buildNames()
{
    m_textColumns = StringTable();
    m_textRole.clear();
    for (int c = 0; c < categoricalCount(); ++c) {
        m_textColumns.intern(m_categorical[size_t(c)].column);
        m_textRole.push_back(c);
    }
    for (const auto &[column, role] : {std::pair{m_groupColumn, -1}, std::pair{m_unitColumn, -2}}) {
        if (column.isEmpty() || m_textColumns.indexOf(column) >= 0)
            continue;
        m_textColumns.intern(column);
        m_textRole.push_back(role);
    }
    m_numericColumns = StringTable();
    for (const Numeric &n : m_numeric)
        m_numericColumns.intern(n.column);
    m_featureNames.clear();
    for (const Categorical &c : m_categorical)
        m_featureNames << c.column;
    for (const Numeric &n : m_numeric)
        m_featureNames << n.column;
    m_featureNames << QStringLiteral("JOB_CD") << QStringLiteral("RES_CD")
                   << QStringLiteral("PROC_SEQ") << QStringLiteral("INSIDE_FLAG")
                   << QStringLiteral("log1p_SETUP_TIME") << QStringLiteral("log1p_RUN_TIME")
                   << QStringLiteral("log_ORDER_QTY");
}

QString FeatureTransform::signature() const
{
    return QString::fromLatin1(
        QCryptographicHash::hash(m_featureNames.join(QLatin1Char('\n')).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex());
}

bool FeatureTransform::isInchUnit(QStringView raw) const
{
    const QStringView unit = trimmedCategory(raw);
    return unit.contains(u"INCH", Qt::CaseInsensitive) || unit.compare(u"IN", Qt::CaseInsensitive) == 0
           || unit == u"\"" || unit.contains(u"인치");
}

bool FeatureTransform::isInch(const Item &item) const
{
    if (m_unitColumn.isEmpty())
        return false;
    const auto it = item.text.constFind(m_unitColumn);
    return it != item.text.cend() && isInchUnit(*it);
}

double FeatureTransform::numericValue(const Item &item, int column) const
{
    const Numeric &n = m_numeric[size_t(column)];
    const std::optional<double> raw = item.number(n.column);
    if (!raw || !std::isfinite(*raw))
        return std::nan("");
    for (double sentinel : m_sentinels)
        if (*raw == sentinel)
            return std::nan("");
    return n.length && isInch(item) ? *raw * 25.4 : *raw;
}

int FeatureTransform::categoryCodeOf(int column, QStringView rawValue) const
{
    const Categorical &c = m_categorical[size_t(column)];
    return codeIn(c.values, rawValue, c.values.size());
}

int FeatureTransform::categoryCode(int column, const QString &rawValue) const
{
    return categoryCodeOf(column, rawValue);
}

int FeatureTransform::groupCode(const Item &item) const
{
    const auto it = item.text.constFind(m_groupColumn);
    return it == item.text.cend() ? -1 : codeIn(m_groups, *it, m_groups.size());
}

// JOB_CD and RES_CD are codes: matched as written (trimmed), not upper-cased.
int FeatureTransform::jobCode(const QString &jobCd) const
{
    const QStringView t = QStringView(jobCd).trimmed();
    if (t.isEmpty())
        return -1;
    const int code = m_jobs.indexOf(t);
    return code >= 0 ? code : m_jobs.size();
}

int FeatureTransform::resourceCode(const QString &resCd) const
{
    const QStringView t = QStringView(resCd).trimmed();
    if (t.isEmpty())
        return -1;
    const int code = m_resources.indexOf(t);
    return code >= 0 ? code : m_resources.size();
}

void FeatureTransform::encodeItem(const Item &item, float *out) const
{
    // One pass over the item's values (a lookup per column would hash every column name).
    const int categorical = categoricalCount();
    for (int k = 0; k < itemDimension(); ++k)
        out[k] = kMissing;
    bool inch = false;
    for (auto it = item.text.cbegin(); it != item.text.cend(); ++it) {
        const int column = m_textColumns.indexOf(it.key());
        if (column < 0)
            continue;
        const int role = m_textRole[size_t(column)];
        if (role >= 0)
            out[role] = codeOrMissing(categoryCodeOf(role, *it));
        if (it.key() == m_unitColumn)
            inch = isInchUnit(*it);
    }
    for (auto it = item.numbers.cbegin(); it != item.numbers.cend(); ++it) {
        const int n = m_numericColumns.indexOf(it.key());
        if (n < 0 || !std::isfinite(*it))
            continue;
        bool sentinel = false;
        for (double s : m_sentinels)
            sentinel = sentinel || *it == s;
        if (!sentinel)
            out[categorical + n] = float(m_numeric[size_t(n)].length && inch ? *it * 25.4 : *it);
    }
}

void FeatureTransform::encodeStep(const StepFeatures &step, float *out) const
{
    out[Job] = codeOrMissing(jobCode(step.jobCd));
    out[Res] = codeOrMissing(resourceCode(step.resCd));
    out[ProcSeq] = float(step.procSeq);
    out[Inside] = codeOrMissing(codeIn(m_insideFlags, step.insideFlag, m_insideFlags.size()));
    const auto logStandard = [](const std::optional<double> &v) {
        return (v && std::isfinite(*v) && *v >= 0) ? float(std::log1p(*v)) : kMissing;
    };
    out[LogStandardSetup] = logStandard(step.standardSetup);
    out[LogStandardRun] = logStandard(step.standardRun);
    out[LogOrderQty] = step.orderQty > 0 ? float(std::log(step.orderQty)) : kMissing;
}

QString FeatureTransform::describe(int feature, float value) const
{
    if (std::isnan(value))
        return QStringLiteral("(missing)");
    const auto fromTable = [value](const StringTable &table) {
        const int code = int(value);
        return code >= 0 && code < table.size() ? table.at(code) : QStringLiteral("(unknown)");
    };
    if (feature < categoricalCount())
        return fromTable(m_categorical[size_t(feature)].values);
    if (feature < itemDimension())
        return QString::number(double(value), 'g', 6);
    switch (feature - itemDimension()) {
    case Job: return fromTable(m_jobs);
    case Res: return fromTable(m_resources);
    case ProcSeq: return QString::number(int(value));
    case Inside: return fromTable(m_insideFlags);
    case LogStandardSetup:
    case LogStandardRun:
        return QStringLiteral("%1 min").arg(std::expm1(double(value)), 0, 'g', 5);
    case LogOrderQty: return QString::number(std::exp(double(value)), 'g', 6);
    default: return QString::number(double(value));
    }
}

} // namespace routing::ml
