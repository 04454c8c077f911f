#include "core/ml/training_data.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cmath>

namespace routing::ml {

namespace {

float toFloat(const std::optional<double> &value)
{
    return value ? float(*value) : kMissing;
}

void addText(QCryptographicHash &hash, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    const qint32 size = qint32(utf8.size());
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&size), sizeof size));
    hash.addData(utf8);
}

template<typename T>
void addValue(QCryptographicHash &hash, T value)
{
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&value), sizeof value));
}

} // namespace

void TrainingData::setWindow(const QDateTime &from, const QDateTime &to)
{
    m_from = from;
    m_to = to;
}

void TrainingData::addItem(const Item &item)
{
    const QString code = normalizeItemCode(item.code);
    const auto it = m_itemIndex.constFind(code);
    if (it != m_itemIndex.cend()) {
        m_items[size_t(*it)] = item;
        m_items[size_t(*it)].code = code;
        return;
    }
    m_itemIndex.insert(code, int(m_items.size()));
    m_items.push_back(item);
    m_items.back().code = code;
}

void TrainingData::addRouting(const Routing &routing)
{
    Routing copy = routing;
    copy.itemCode = normalizeItemCode(routing.itemCode);
    std::stable_sort(copy.steps.begin(), copy.steps.end(),
                     [](const RoutingStep &a, const RoutingStep &b) { return a.procSeq < b.procSeq; });
    for (const RoutingStep &step : std::as_const(copy.steps)) {
        const int job = m_jobs.intern(step.jobCd);
        if (!step.jobNm.isEmpty())
            m_jobNames.insert(job, step.jobNm);
        const int res = m_resources.intern(step.resCd);
        if (!step.resDis.isEmpty())
            m_resourceNames.insert(res, step.resDis);
    }
    m_routingByCode.insert(copy.itemCode, std::move(copy));
}

void TrainingData::addOperation(const WorkOrderOp &op)
{
    PendingOp pending;
    pending.itemCode = m_opItemCodes.intern(normalizeItemCode(op.itemCode));
    OperationRecord &r = pending.record;
    r.job = m_jobs.intern(op.jobCd);
    if (!op.jobNm.isEmpty() && !m_jobNames.contains(r.job))
        m_jobNames.insert(r.job, op.jobNm);
    r.res = m_resources.intern(op.resCd);
    if (!op.resDis.isEmpty() && !m_resourceNames.contains(r.res))
        m_resourceNames.insert(r.res, op.resDis);
    r.procSeq = op.procSeq;
    r.reportedMs = op.reportedAt.isValid() ? op.reportedAt.toMSecsSinceEpoch() : 0;
    r.setupMinutes = toFloat(op.setupMinutes);
    r.runMinutes = toFloat(op.runMinutes);
    r.orderQty = toFloat(op.orderQty);
    m_pending.push_back(pending);
}

const Routing *TrainingData::routingOf(int item) const
{
    const auto it = m_routings.constFind(item);
    return it == m_routings.cend() ? nullptr : &*it;
}

const RoutingStep *TrainingData::routingStepOf(const OperationRecord &op) const
{
    if (op.routingStep < 0)
        return nullptr;
    const Routing *routing = routingOf(op.item);
    if (!routing || op.routingStep >= routing->steps.size())
        return nullptr;
    return &routing->steps.at(op.routingStep);
}

void TrainingData::finish()
{
    if (m_finished)
        return;
    m_finished = true;

    for (auto it = m_routingByCode.cbegin(); it != m_routingByCode.cend(); ++it) {
        const int item = itemIndex(it.key());
        if (item >= 0)
            m_routings.insert(item, it.value());
    }
    m_routingByCode.clear();
    for (int i = 0; i < int(m_items.size()); ++i)
        if (m_routings.contains(i))
            m_routedItems.push_back(i);

    std::vector<int> itemOfCode(size_t(m_opItemCodes.size()), -1);
    for (int c = 0; c < m_opItemCodes.size(); ++c)
        itemOfCode[size_t(c)] = itemIndex(m_opItemCodes.at(c));

    m_operations.reserve(m_pending.size());
    for (PendingOp &pending : m_pending) {
        OperationRecord r = pending.record;
        r.item = itemOfCode[size_t(pending.itemCode)];
        if (r.item < 0) {
            ++m_orphans;
            continue;
        }
        // The step the operation executed: same PROC_SEQ and JOB_CD in the current routing, else
        // the same JOB_CD at the nearest PROC_SEQ (routings get renumbered), else none: a standard
        // time of another process would be a wrong feature.
        if (const Routing *routing = routingOf(r.item)) {
            int best = -1;
            int bestGap = 1 << 30;
            for (int s = 0; s < routing->steps.size(); ++s) {
                const RoutingStep &step = routing->steps.at(s);
                if (m_jobs.indexOf(step.jobCd) != r.job)
                    continue;
                const int gap = std::abs(step.procSeq - r.procSeq);
                if (gap < bestGap) {
                    best = s;
                    bestGap = gap;
                }
            }
            r.routingStep = best;
        }
        m_operations.push_back(r);
    }
    m_pending.clear();
    m_pending.shrink_to_fit();
    std::stable_sort(m_operations.begin(), m_operations.end(),
                     [](const OperationRecord &a, const OperationRecord &b) {
                         if (a.reportedMs != b.reportedMs)
                             return a.reportedMs < b.reportedMs;
                         if (a.item != b.item)
                             return a.item < b.item;
                         return a.procSeq < b.procSeq;
                     });

    QCryptographicHash hash(QCryptographicHash::Sha256);
    // Items in code order with their attributes and routings; then the code tables; then the
    // operations as fixed-size binary records of indices into them (hashing a million operations
    // as text took seconds).
    std::vector<int> order(m_items.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(),
              [this](int a, int b) { return m_items[size_t(a)].code < m_items[size_t(b)].code; });
    for (int i : order) {
        const Item &item = m_items[size_t(i)];
        addText(hash, item.code);
        QStringList keys = item.text.keys();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            addText(hash, key);
            addText(hash, item.text.value(key));
        }
        keys = item.numbers.keys();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            addText(hash, key);
            addValue(hash, item.numbers.value(key));
        }
        if (const Routing *routing = routingOf(i)) {
            addText(hash, routing->routNo);
            for (const RoutingStep &step : routing->steps) {
                addValue(hash, step.procSeq);
                addText(hash, step.jobCd);
                addText(hash, step.resCd);
                addText(hash, step.insideFlag);
                addValue(hash, step.setupMinutes.value_or(-1.0));
                addValue(hash, step.runMinutesPerUnit.value_or(-1.0));
            }
        }
    }
    for (const QString &job : m_jobs.values())
        addText(hash, job);
    for (const QString &res : m_resources.values())
        addText(hash, res);
    std::vector<int> rank(m_items.size());
    for (size_t k = 0; k < order.size(); ++k)
        rank[size_t(order[k])] = int(k);
    struct Record
    {
        qint32 item, job, res, procSeq;
        qint64 reportedMs;
        float setup, run, qty, pad;
    };
    std::vector<Record> records;
    records.reserve(4096);
    const auto flush = [&] {
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(records.data()),
                                    qsizetype(records.size() * sizeof(Record))));
        records.clear();
    };
    for (const OperationRecord &r : m_operations) {
        records.push_back({rank[size_t(r.item)], r.job, r.res, r.procSeq, r.reportedMs, r.setupMinutes,
                           r.runMinutes, r.orderQty, 0.0f});
        if (records.size() == 4096)
            flush();
    }
    flush();
    m_hash = QString::fromLatin1(hash.result().toHex());
}

} // namespace routing::ml
