#include "core/quality/compact_operations.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace routing::quality {

namespace {

bool isUsable(const WorkOrderOp &op)
{
    return op.setupMinutes && op.runMinutes && op.orderQty && *op.orderQty > 0.0 &&
           *op.setupMinutes >= 0.0 && *op.runMinutes >= 0.0;
}

double runPerUnit(const WorkOrderOp &op)
{
    return *op.runMinutes / *op.orderQty;
}

} // namespace

void CodeIds::rank(std::vector<int> &ids)
{
    std::vector<int> order(size_t(m_codes.size()));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [this](int a, int b) { return m_codes[a] < m_codes[b]; });
    std::vector<int> rankOf(order.size());
    QStringList sorted;
    sorted.reserve(m_codes.size());
    for (size_t r = 0; r < order.size(); ++r) {
        rankOf[size_t(order[r])] = int(r);
        sorted << m_codes[order[r]];
    }
    for (int &id : ids)
        id = rankOf[size_t(id)];
    m_codes = sorted;
    for (int i = 0; i < int(m_codes.size()); ++i)
        m_ids[m_codes[i]] = i;
}

void CompactOperations::append(CompactOperations &&part)
{
    std::vector<int> jobOf(size_t(part.jobs.size())), resOf(size_t(part.resources.size()));
    for (int i = 0; i < part.jobs.size(); ++i)
        jobOf[size_t(i)] = jobs.id(part.jobs.code(i));
    for (int i = 0; i < part.resources.size(); ++i)
        resOf[size_t(i)] = resources.id(part.resources.code(i));
    for (int &id : part.screened.job)
        id = jobOf[size_t(id)];
    for (int &id : part.screened.res)
        id = resOf[size_t(id)];
    const auto concat = [](auto &to, const auto &from) {
        to.insert(to.end(), from.begin(), from.end());
    };
    concat(ops, part.ops);
    concat(item, part.item);
    concat(procSeq, part.procSeq);
    concat(usable, part.usable);
    concat(run, part.run);
    concat(screened.job, part.screened.job);
    concat(screened.res, part.screened.res);
    concat(screened.runPerUnit, part.screened.runPerUnit);
    concat(screened.setup, part.screened.setup);
    concat(screened.qty, part.screened.qty);
    unusable += part.unusable;
}

CompactOperations compactOperations(const QList<WorkOrderOp> &operations, qsizetype begin,
                                    qsizetype end, const QHash<QString, int> &itemIndex)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CompactOperations c;
    const size_t capacity = size_t(std::max<qsizetype>(0, end - begin));
    for (auto *v : {&c.item, &c.procSeq, &c.screened.job, &c.screened.res})
        v->reserve(capacity);
    for (auto *v : {&c.run, &c.screened.qty, &c.screened.runPerUnit, &c.screened.setup})
        v->reserve(capacity);
    c.ops.reserve(capacity);
    c.usable.reserve(capacity);
    for (qsizetype i = begin; i < end; ++i) {
        const WorkOrderOp &op = operations[i];
        const int item = itemIndex.value(op.itemCode, -1);
        if (item < 0)
            continue;
        c.ops.push_back(&op);
        c.item.push_back(item);
        c.procSeq.push_back(op.procSeq);
        c.screened.job.push_back(c.jobs.id(op.jobCd));
        c.screened.res.push_back(c.resources.id(op.resCd));
        const bool ok = isUsable(op);
        c.usable.push_back(ok);
        c.screened.runPerUnit.push_back(ok ? runPerUnit(op) : nan);
        c.screened.setup.push_back(ok ? *op.setupMinutes : nan);
        c.run.push_back(ok ? *op.runMinutes : nan);
        c.screened.qty.push_back(ok ? *op.orderQty : nan);
        if (!ok)
            ++c.unusable;
    }
    return c;
}

} // namespace routing::quality
