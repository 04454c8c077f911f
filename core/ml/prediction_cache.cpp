#include "core/ml/prediction_cache.h"

#include <QDateTime>
#include <QMutexLocker>

namespace routing::ml {

PredictionCache::PredictionCache(int maxEntries, int ttlSeconds)
    : m_cache(qsizetype(std::max(0, maxEntries))), m_ttlSeconds(ttlSeconds)
{
}

std::optional<ItemPrediction> PredictionCache::find(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    Entry *entry = m_cache.object(key);
    if (entry && m_ttlSeconds > 0
        && QDateTime::currentMSecsSinceEpoch() - entry->storedMs > qint64(m_ttlSeconds) * 1000) {
        m_cache.remove(key);
        entry = nullptr;
    }
    if (!entry) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    return entry->prediction;
}

void PredictionCache::insert(const QString &key, const ItemPrediction &prediction)
{
    QMutexLocker lock(&m_mutex);
    if (m_cache.maxCost() <= 0)
        return;
    m_cache.insert(key, new Entry{prediction, QDateTime::currentMSecsSinceEpoch()});
}

void PredictionCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_cache.clear();
}

void PredictionCache::setLimits(int maxEntries, int ttlSeconds)
{
    QMutexLocker lock(&m_mutex);
    m_cache.setMaxCost(qsizetype(std::max(0, maxEntries)));
    m_ttlSeconds = ttlSeconds;
}

bool PredictionCache::isEnabled() const
{
    QMutexLocker lock(&m_mutex);
    return m_cache.maxCost() > 0;
}

int PredictionCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_cache.size());
}

qint64 PredictionCache::hits() const
{
    QMutexLocker lock(&m_mutex);
    return m_hits;
}

qint64 PredictionCache::misses() const
{
    QMutexLocker lock(&m_mutex);
    return m_misses;
}

} // namespace routing::ml
