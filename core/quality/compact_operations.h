#pragma once

// The metrics' first pass (quality_metrics.cpp): the operations of the sampled items copied once
// into compact per-operation arrays, codes as dense ids, so that the later passes hash and compare
// no strings and chase no pointers. Internal to routing_quality.

#include "core/data/erp_types.h"
#include "core/quality/gross_error_screen.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace routing::quality {

/// Dense ids for codes, first seen first; rank() renumbers them in code order.
class CodeIds
{
public:
    int id(const QString &code)
    {
        auto it = m_ids.constFind(code);
        if (it == m_ids.cend()) {
            it = m_ids.insert(code, int(m_codes.size()));
            m_codes << code;
        }
        return it.value();
    }
    int find(const QString &code) const { return m_ids.value(code, -1); }
    /// Renumbers in code order (comparing ids then compares codes); `ids` are remapped.
    void rank(std::vector<int> &ids);
    const QString &code(int id) const { return m_codes[id]; }
    int size() const { return int(m_codes.size()); }

private:
    QHash<QString, int> m_ids;
    QStringList m_codes;
};

/// The operations of the sampled items as compact per-operation arrays (input order).
struct CompactOperations
{
    std::vector<const WorkOrderOp *> ops;
    std::vector<int> item, procSeq; ///< item: index into the sorted sampled codes
    std::vector<char> usable;
    std::vector<double> run; ///< of usable operations, NaN otherwise
    /// job, res (ids of `jobs`, `resources`); run per unit, setup, qty of usable operations,
    /// NaN otherwise
    ScreenedOperations screened;
    CodeIds jobs, resources;
    qint64 unusable = 0;

    /// Appends `part` (the operations after these), its code ids renumbered into these.
    void append(CompactOperations &&part);
};

/// Operations [begin, end) of the sampled items (`itemIndex`: code → index) in compact arrays.
CompactOperations compactOperations(const QList<WorkOrderOp> &operations, qsizetype begin,
                                    qsizetype end, const QHash<QString, int> &itemIndex);

} // namespace routing::quality
