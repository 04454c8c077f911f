#pragma once

// Private to routing_config: typed, range-checked reads from a yaml-cpp mapping that remember which
// keys were read, so that every unknown key (a typo) is reported with its line and column.

#include <QList>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <optional>

namespace routing::config_detail {

struct Range
{
    double min;
    double max;
    bool minExclusive = false;
    QString describe() const;
};

class YamlMap
{
public:
    YamlMap(const QString &file, YAML::Node node, QString path, QStringList *errors);

    bool has(const char *key) const;
    void read(const char *key, double &out, Range range);
    void read(const char *key, int &out, Range range);
    void read(const char *key, bool &out);
    void read(const char *key, QString &out, const QStringList &allowed = {}, bool allowEmpty = true);
    void readUInt64(const char *key, quint64 &out);
    void readOptionalUInt64(const char *key, std::optional<quint64> &out);
    void readList(const char *key, QStringList &out, const QStringList &allowed = {});
    void readList(const char *key, QList<int> &out, Range range);
    /// A child mapping; nullopt when absent (or not a mapping, which is reported).
    std::optional<YamlMap> child(const char *key);
    /// Every key of this mapping with its scalar value (for open maps such as column overrides).
    QList<std::pair<QString, YAML::Node>> entries();
    /// Reports keys that were never read. Call once, after all reads.
    void finish(const QStringList &extraAllowed = {});

    /// Records an error located at `key` (or at the mapping itself when key is null).
    void error(const char *key, const QString &message) const;
    QString keyPath(const char *key) const;

private:
    std::optional<YAML::Node> scalar(const char *key, const char *expected);
    QString where(const YAML::Mark &mark) const;

    QString m_file;
    YAML::Node m_node;
    QString m_path;
    QStringList *m_errors;
    QStringList m_read;
};

} // namespace routing::config_detail
