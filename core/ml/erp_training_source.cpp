#include "core/ml/erp_training_source.h"

#include "core/data/erp_database.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/data/work_order_repository.h"
#include "core/ml/ml_logging.h"

#include <QElapsedTimer>

namespace routing::ml {

Result<TrainingData> ErpTrainingSource::load(const QDateTime &from, const QDateTime &to,
                                             const ProgressCallback &progress,
                                             const CancelFlag *cancel) const
{
    const auto report = [&](int percent, const QString &message) {
        if (progress)
            progress(percent, QStringLiteral("load"), message);
    };
    QElapsedTimer timer;
    timer.start();
    TrainingData data;
    data.setWindow(from, to);

    report(0, QStringLiteral("reading the item master"));
    const ItemRepository items(m_db);
    const auto strata = items.allItemStrata();
    if (!strata)
        return std::unexpected(strata.error());
    QStringList codes;
    codes.reserve(strata->size());
    for (const ItemStratum &s : *strata)
        codes << s.code;
    // Batches of a few thousand codes keep the progress moving and the cancel check responsive;
    // the repository splits them further into IN lists of DatabaseConfig::batchSize.
    constexpr int kChunk = 5000;
    for (qsizetype start = 0; start < codes.size(); start += kChunk) {
        if (isCancelled(cancel))
            return cancelled();
        const auto chunk = items.items(codes.mid(start, kChunk));
        if (!chunk)
            return std::unexpected(chunk.error());
        for (auto it = chunk->cbegin(); it != chunk->cend(); ++it)
            data.addItem(it.value());
        report(int(20 * (start + kChunk) / std::max<qsizetype>(1, codes.size())),
               QStringLiteral("%1 items read").arg(data.items().size()));
    }
    // The hash iterates in code order, so a QHash's order does not matter; items() keeps the
    // order of addItem, which is the chunk's hash order: make it the code order for determinism.
    {
        TrainingData sorted;
        sorted.setWindow(from, to);
        std::vector<Item> all = data.items();
        std::sort(all.begin(), all.end(), [](const Item &a, const Item &b) { return a.code < b.code; });
        for (const Item &item : all)
            sorted.addItem(item);
        data = std::move(sorted);
    }

    report(20, QStringLiteral("reading the current routings"));
    const RoutingRepository routings(m_db);
    qint64 routingCount = 0;
    const auto routed = routings.allCurrentRoutings([&](const Routing &routing) {
        data.addRouting(routing);
        if (++routingCount % 2000 == 0) {
            report(20 + int(20 * routingCount / std::max<qsizetype>(1, codes.size())),
                   QStringLiteral("%1 routings read").arg(routingCount));
            if (isCancelled(cancel))
                return false;
        }
        return true;
    });
    if (isCancelled(cancel))
        return cancelled();
    if (!routed)
        return std::unexpected(routed.error());

    report(40, QStringLiteral("reading work-order results"));
    const WorkOrderRepository workOrders(m_db);
    qint64 opCount = 0;
    const auto ops = workOrders.operationsInWindow(from, to, [&](const WorkOrderOp &op) {
        data.addOperation(op);
        if (++opCount % 50000 == 0) {
            report(std::min(95, 40 + int(opCount / 20000)),
                   QStringLiteral("%1 work-order operations read").arg(opCount));
            if (isCancelled(cancel))
                return false;
        }
        return true;
    });
    if (isCancelled(cancel))
        return cancelled();
    if (!ops)
        return std::unexpected(ops.error());

    data.finish();
    qCInfo(lcMl) << "training data read:" << data.items().size() << "items,"
                 << data.routedItemCount() << "routings," << data.operations().size()
                 << "operations," << data.orphanOperations() << "orphans in"
                 << timer.elapsed() << "ms";
    report(100, QStringLiteral("%1 items, %2 routings, %3 operations")
                    .arg(data.items().size())
                    .arg(data.routedItemCount())
                    .arg(data.operations().size()));
    return data;
}

} // namespace routing::ml
