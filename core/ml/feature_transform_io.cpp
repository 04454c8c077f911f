// FeatureTransform::toJson() and fromJson(): feature_transform.json.

#include "core/ml/feature_transform.h"

#include <QJsonArray>

#include <cmath>

namespace routing::ml {

namespace {

constexpr int kFormatVersion = 1;
const char *const kFormat = "routing-feature-transform";

std::unexpected<Error> bad(const QString &message)
{
    return fail(ErrorCode::ModelNotFound, QStringLiteral("feature transform: %1").arg(message));
}

} // namespace

QJsonObject FeatureTransform::toJson() const
{
    QJsonArray categorical;
    for (const Categorical &c : m_categorical)
        categorical.append(QJsonObject{{QStringLiteral("column"), c.column},
                                       {QStringLiteral("values"), c.values.toJson()}});
    QJsonArray numeric;
    for (const Numeric &n : m_numeric)
        numeric.append(QJsonObject{{QStringLiteral("column"), n.column},
                                   {QStringLiteral("length"), n.length},
                                   {QStringLiteral("log1p_mean"), n.mean},
                                   {QStringLiteral("log1p_scale"), n.scale}});
    QJsonArray sentinels;
    for (double s : m_sentinels)
        sentinels.append(s);
    return QJsonObject{
        {QStringLiteral("format"), QString::fromLatin1(kFormat)},
        {QStringLiteral("version"), kFormatVersion},
        {QStringLiteral("categorical"), categorical},
        {QStringLiteral("numeric"), numeric},
        {QStringLiteral("missing_sentinels"), sentinels},
        {QStringLiteral("unit_column"), m_unitColumn},
        {QStringLiteral("group_column"), m_groupColumn},
        {QStringLiteral("groups"), m_groups.toJson()},
        {QStringLiteral("jobs"), m_jobs.toJson()},
        {QStringLiteral("resources"), m_resources.toJson()},
        {QStringLiteral("inside_flags"), m_insideFlags.toJson()},
        {QStringLiteral("feature_names"), QJsonArray::fromStringList(m_featureNames)},
        {QStringLiteral("dimension"), dimension()},
    };
}

Result<FeatureTransform> FeatureTransform::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return bad(QStringLiteral("not a feature transform document"));
    if (json.value(QStringLiteral("version")).toInt() != kFormatVersion)
        return bad(QStringLiteral("unsupported version %1")
                       .arg(json.value(QStringLiteral("version")).toInt()));
    FeatureTransform t;
    for (const QJsonValue &v : json.value(QStringLiteral("categorical")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString column = o.value(QStringLiteral("column")).toString();
        if (column.isEmpty())
            return bad(QStringLiteral("a categorical column has no name"));
        auto values = StringTable::fromJson(o.value(QStringLiteral("values")).toArray(),
                                            QStringLiteral("categories of %1").arg(column));
        if (!values)
            return std::unexpected(values.error());
        t.m_categorical.push_back({column, std::move(*values)});
    }
    for (const QJsonValue &v : json.value(QStringLiteral("numeric")).toArray()) {
        const QJsonObject o = v.toObject();
        Numeric n;
        n.column = o.value(QStringLiteral("column")).toString();
        n.length = o.value(QStringLiteral("length")).toBool();
        n.mean = o.value(QStringLiteral("log1p_mean")).toDouble(std::nan(""));
        n.scale = o.value(QStringLiteral("log1p_scale")).toDouble(std::nan(""));
        if (n.column.isEmpty() || !std::isfinite(n.mean) || !std::isfinite(n.scale) || n.scale <= 0)
            return bad(QStringLiteral("numeric column \"%1\" is incomplete").arg(n.column));
        t.m_numeric.push_back(n);
    }
    for (const QJsonValue &v : json.value(QStringLiteral("missing_sentinels")).toArray())
        t.m_sentinels.append(v.toDouble());
    t.m_unitColumn = json.value(QStringLiteral("unit_column")).toString();
    t.m_groupColumn = json.value(QStringLiteral("group_column")).toString();
    const auto table = [&](const char *key, StringTable &out) -> Status {
        auto parsed = StringTable::fromJson(json.value(QLatin1String(key)).toArray(),
                                            QString::fromLatin1(key));
        if (!parsed)
            return std::unexpected(parsed.error());
        out = std::move(*parsed);
        return {};
    };
    for (const auto &[key, out] : {std::pair{"groups", &t.m_groups}, std::pair{"jobs", &t.m_jobs},
                                   std::pair{"resources", &t.m_resources},
                                   std::pair{"inside_flags", &t.m_insideFlags}}) {
        if (const Status s = table(key, *out); !s)
            return std::unexpected(s.error());
    }
    t.buildNames();
    QStringList stored;
    for (const QJsonValue &v : json.value(QStringLiteral("feature_names")).toArray())
        stored << v.toString();
    const int dimension = json.value(QStringLiteral("dimension")).toInt(-1);
    if (dimension != t.dimension() || stored.size() != t.dimension())
        return bad(QStringLiteral("dimension mismatch: the document says %1 features (%2 names), "
                                  "its columns make %3")
                       .arg(dimension)
                       .arg(stored.size())
                       .arg(t.dimension()));
    if (stored != t.m_featureNames)
        return bad(QStringLiteral("feature names do not match the columns (wrong feature set)"));
    return t;
}

} // namespace routing::ml
