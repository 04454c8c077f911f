#pragma once

#include "core/data/erp_types.h"
#include "core/ml/ml_types.h"
#include "core/ml/string_table.h"

#include <QDateTime>
#include <QHash>

#include <optional>
#include <vector>

namespace routing::ml {

/// Everything a training run reads, held compactly: the item master, the current routing of every
/// item that has one, and the work-order operations of a REPORT_DT window with their codes interned
/// (a million operations take ~50 MB, not the ~300 MB of WorkOrderOp values).
///
/// Fill it with add*() in any order (ErpTrainingSource streams the three views into it; tests build
/// one in memory), then call finish() once: it links operations to items and routing steps, drops
/// operations of unknown items (counted), sorts by REPORT_DT and computes the data hash.
class TrainingData final
{
public:
    TrainingData() = default;

    /// The REPORT_DT window the operations were read from ([from, to)).
    void setWindow(const QDateTime &from, const QDateTime &to);
    void addItem(const Item &item);
    /// The current routing of an item (a later call for the same item replaces it).
    void addRouting(const Routing &routing);
    void addOperation(const WorkOrderOp &op);
    void finish();
    bool isFinished() const { return m_finished; }

    const std::vector<Item> &items() const { return m_items; }
    int itemIndex(const QString &code) const { return m_itemIndex.value(normalizeItemCode(code), -1); }
    /// The item's current routing, or nullptr.
    const Routing *routingOf(int item) const;
    int routedItemCount() const { return int(m_routings.size()); }
    /// Items with a current routing, in item order.
    const std::vector<int> &routedItems() const { return m_routedItems; }

    /// Operations sorted by REPORT_DT.
    const std::vector<OperationRecord> &operations() const { return m_operations; }
    /// The routing step an operation executed (OperationRecord::routingStep), or nullptr.
    const RoutingStep *routingStepOf(const OperationRecord &op) const;

    const StringTable &jobs() const { return m_jobs; }
    const StringTable &resources() const { return m_resources; }
    QString jobName(int job) const { return m_jobNames.value(job); }
    QString resourceName(int res) const { return m_resourceNames.value(res); }

    QDateTime windowFrom() const { return m_from; }
    QDateTime windowTo() const { return m_to; }
    /// Operations dropped by finish() because their item is not in the item master.
    qint64 orphanOperations() const { return m_orphans; }
    /// SHA-256 (hex) over the items, routings and operations in a canonical order.
    QString dataHash() const { return m_hash; }

private:
    struct PendingOp
    {
        int itemCode; ///< index into m_opItemCodes until finish()
        OperationRecord record;
    };

    std::vector<Item> m_items;
    QHash<QString, int> m_itemIndex;
    QHash<QString, Routing> m_routingByCode;
    QHash<int, Routing> m_routings; ///< by item index, after finish()
    std::vector<int> m_routedItems;
    StringTable m_opItemCodes;
    std::vector<PendingOp> m_pending;
    std::vector<OperationRecord> m_operations;
    StringTable m_jobs;
    StringTable m_resources;
    QHash<int, QString> m_jobNames;
    QHash<int, QString> m_resourceNames;
    QDateTime m_from;
    QDateTime m_to;
    qint64 m_orphans = 0;
    QString m_hash;
    bool m_finished = false;
};

} // namespace routing::ml
