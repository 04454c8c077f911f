#include "core/ml/string_table.h"

namespace routing::ml {

StringTable::StringTable(const QStringList &values)
{
    for (const QString &value : values)
        intern(value);
}

quint64 StringTable::hash(QStringView value)
{
    quint64 h = 1469598103934665603ULL;
    for (const QChar c : value) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

void StringTable::rehash(size_t buckets)
{
    m_slots.assign(buckets, -1);
    const size_t mask = buckets - 1;
    for (int i = 0; i < int(m_values.size()); ++i) {
        size_t slot = size_t(m_hashes[size_t(i)]) & mask;
        while (m_slots[slot] >= 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = i;
    }
}

int StringTable::indexOf(QStringView value) const
{
    if (m_slots.empty())
        return -1;
    const quint64 h = hash(value);
    const size_t mask = m_slots.size() - 1;
    for (size_t slot = size_t(h) & mask;; slot = (slot + 1) & mask) {
        const int i = m_slots[slot];
        if (i < 0)
            return -1;
        if (m_hashes[size_t(i)] == h && QStringView(m_values.at(i)) == value)
            return i;
    }
}

int StringTable::intern(const QString &value)
{
    const int existing = indexOf(value);
    if (existing >= 0)
        return existing;
    const int index = int(m_values.size());
    m_values.append(value);
    m_hashes.push_back(hash(value));
    // Load factor at most ½ keeps probe sequences short.
    if (m_slots.size() < 2 * size_t(m_values.size()) + 2) {
        size_t buckets = 16;
        while (buckets < 4 * size_t(m_values.size()))
            buckets *= 2;
        rehash(buckets);
    } else {
        const size_t mask = m_slots.size() - 1;
        size_t slot = size_t(m_hashes.back()) & mask;
        while (m_slots[slot] >= 0)
            slot = (slot + 1) & mask;
        m_slots[slot] = index;
    }
    return index;
}

QJsonArray StringTable::toJson() const
{
    return QJsonArray::fromStringList(m_values);
}

Result<StringTable> StringTable::fromJson(const QJsonArray &array, const QString &what)
{
    StringTable table;
    for (const QJsonValue &value : array) {
        if (!value.isString())
            return fail(ErrorCode::ModelNotFound, QStringLiteral("%1: a value is not a string").arg(what));
        const QString text = value.toString();
        if (table.indexOf(text) >= 0)
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("%1: duplicate value \"%2\"").arg(what, text));
        table.intern(text);
    }
    return table;
}

} // namespace routing::ml
