#pragma once

#include "core/common/error.h"
#include "core/data/erp_types.h"
#include "core/ml/string_table.h"

#include <QDataStream>

#include <span>
#include <vector>

namespace routing::ml {

class TrainingData;

/// A snapshot of the current routings of the items that have one: what routings of new items are
/// synthesised from. Stored with the model (routing_library.bin) so that a model predicts the same
/// way until it is replaced, whatever happens to the ERP in between.
class RoutingLibrary final
{
public:
    struct Step
    {
        int procSeq = 0;
        int job = -1;    ///< index into jobs()
        int res = -1;    ///< index into resources()
        int inside = -1; ///< index into insideFlags()
        float standardSetup = 0; ///< NaN when NULL
        float standardRun = 0;
    };

    RoutingLibrary() = default;

    /// The routed items of `data`, in TrainingData::routedItems() order.
    static RoutingLibrary build(const TrainingData &data);

    int itemCount() const { return m_items.size(); }
    const QString &itemCode(int item) const { return m_items.at(item); }
    int indexOf(const QString &code) const { return m_items.indexOf(code); }
    std::span<const Step> steps(int item) const;

    const StringTable &jobs() const { return m_jobs; }
    const StringTable &resources() const { return m_resources; }
    const StringTable &insideFlags() const { return m_insideFlags; }
    QString jobName(int job) const { return m_jobNames.value(job); }
    QString resourceName(int res) const { return m_resourceNames.value(res); }

    /// The library's copy of a routing as contract types (for comparisons and tests).
    Routing routing(int item) const;

    Status write(QDataStream &out) const;
    /// Every inconsistency (truncation, an index out of range) is ErrorCode::ModelNotFound.
    static Result<RoutingLibrary> read(QDataStream &in);

private:
    StringTable m_items;
    StringTable m_jobs;
    StringTable m_resources;
    StringTable m_insideFlags;
    QList<QString> m_jobNames;
    QList<QString> m_resourceNames;
    std::vector<quint32> m_offsets{0}; ///< item i's steps: [m_offsets[i], m_offsets[i+1])
    std::vector<Step> m_steps;
};

} // namespace routing::ml
