#pragma once

#include "core/ml/item_prediction.h"

#include <QCache>
#include <QMutex>
#include <QString>

#include <optional>

namespace routing::ml {

/// A size-limited LRU of item predictions with an optional time to live. Thread-safe. The key
/// must identify everything the prediction depends on (model, request content, options): the
/// Predictor builds it, and clears the cache when the model changes.
class PredictionCache final
{
public:
    explicit PredictionCache(int maxEntries = 1000, int ttlSeconds = 0);

    std::optional<ItemPrediction> find(const QString &key);
    void insert(const QString &key, const ItemPrediction &prediction);
    void clear();
    void setLimits(int maxEntries, int ttlSeconds);

    bool isEnabled() const;
    int size() const;
    qint64 hits() const;
    qint64 misses() const;

private:
    struct Entry
    {
        ItemPrediction prediction;
        qint64 storedMs = 0;
    };

    mutable QMutex m_mutex;
    QCache<QString, Entry> m_cache;
    int m_ttlSeconds = 0;
    qint64 m_hits = 0;
    qint64 m_misses = 0;
};

} // namespace routing::ml
