#include "core/ml/routing_library.h"

#include "core/ml/training_data.h"

#include <cmath>

namespace routing::ml {

namespace {

constexpr quint32 kMagic = 0x524C4942; // "RLIB"
constexpr quint32 kVersion = 1;

float toFloat(const std::optional<double> &v)
{
    return v ? float(*v) : std::nanf("");
}

std::optional<double> fromFloat(float v)
{
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

} // namespace

RoutingLibrary RoutingLibrary::build(const TrainingData &data)
{
    RoutingLibrary lib;
    for (int item : data.routedItems()) {
        const Routing *routing = data.routingOf(item);
        lib.m_items.intern(data.items()[size_t(item)].code);
        for (const RoutingStep &s : routing->steps) {
            Step step;
            step.procSeq = s.procSeq;
            step.job = lib.m_jobs.intern(s.jobCd);
            if (lib.m_jobNames.size() <= step.job)
                lib.m_jobNames.resize(step.job + 1);
            if (lib.m_jobNames[step.job].isEmpty())
                lib.m_jobNames[step.job] = s.jobNm;
            step.res = lib.m_resources.intern(s.resCd);
            if (lib.m_resourceNames.size() <= step.res)
                lib.m_resourceNames.resize(step.res + 1);
            if (lib.m_resourceNames[step.res].isEmpty())
                lib.m_resourceNames[step.res] = s.resDis;
            step.inside = lib.m_insideFlags.intern(s.insideFlag);
            step.standardSetup = toFloat(s.setupMinutes);
            step.standardRun = toFloat(s.runMinutesPerUnit);
            lib.m_steps.push_back(step);
        }
        lib.m_offsets.push_back(quint32(lib.m_steps.size()));
    }
    return lib;
}

std::span<const RoutingLibrary::Step> RoutingLibrary::steps(int item) const
{
    const size_t begin = m_offsets[size_t(item)];
    const size_t end = m_offsets[size_t(item) + 1];
    return {m_steps.data() + begin, end - begin};
}

Routing RoutingLibrary::routing(int item) const
{
    Routing r;
    r.itemCode = itemCode(item);
    for (const Step &s : steps(item)) {
        RoutingStep step;
        step.itemCode = r.itemCode;
        step.procSeq = s.procSeq;
        step.jobCd = m_jobs.at(s.job);
        step.jobNm = jobName(s.job);
        step.resCd = m_resources.at(s.res);
        step.resDis = resourceName(s.res);
        step.insideFlag = m_insideFlags.at(s.inside);
        step.setupMinutes = fromFloat(s.standardSetup);
        step.runMinutesPerUnit = fromFloat(s.standardRun);
        r.steps.append(step);
    }
    return r;
}

Status RoutingLibrary::write(QDataStream &out) const
{
    out << kMagic << kVersion << m_items.values() << m_jobs.values() << m_resources.values()
        << m_insideFlags.values() << m_jobNames << m_resourceNames;
    out << quint64(m_offsets.size());
    for (quint32 o : m_offsets)
        out << o;
    out << quint64(m_steps.size());
    for (const Step &s : m_steps)
        out << qint32(s.procSeq) << qint32(s.job) << qint32(s.res) << qint32(s.inside)
            << s.standardSetup << s.standardRun;
    if (out.status() != QDataStream::Ok)
        return fail(ErrorCode::Io, QStringLiteral("writing the routing library failed"));
    return {};
}

Result<RoutingLibrary> RoutingLibrary::read(QDataStream &in)
{
    const auto bad = [](const QString &why) {
        return fail(ErrorCode::ModelNotFound, QStringLiteral("routing library: %1").arg(why));
    };
    quint32 magic = 0, version = 0;
    in >> magic >> version;
    if (magic != kMagic || version != kVersion)
        return bad(QStringLiteral("not a routing library (or an unsupported version)"));
    QStringList items, jobs, resources, inside;
    RoutingLibrary lib;
    in >> items >> jobs >> resources >> inside >> lib.m_jobNames >> lib.m_resourceNames;
    lib.m_items = StringTable(items);
    lib.m_jobs = StringTable(jobs);
    lib.m_resources = StringTable(resources);
    lib.m_insideFlags = StringTable(inside);
    quint64 offsets = 0;
    in >> offsets;
    if (in.status() != QDataStream::Ok || offsets != quint64(items.size()) + 1)
        return bad(QStringLiteral("truncated or inconsistent item table"));
    lib.m_offsets.resize(size_t(offsets));
    for (quint32 &o : lib.m_offsets)
        in >> o;
    quint64 steps = 0;
    in >> steps;
    if (in.status() != QDataStream::Ok || steps != lib.m_offsets.back() || steps > (1ull << 32))
        return bad(QStringLiteral("truncated or inconsistent step table"));
    lib.m_steps.resize(size_t(steps));
    for (Step &s : lib.m_steps) {
        qint32 procSeq, job, res, insideFlag;
        in >> procSeq >> job >> res >> insideFlag >> s.standardSetup >> s.standardRun;
        s.procSeq = procSeq;
        s.job = job;
        s.res = res;
        s.inside = insideFlag;
        if (job < 0 || job >= jobs.size() || res < 0 || res >= resources.size() || insideFlag < 0
            || insideFlag >= inside.size())
            return bad(QStringLiteral("a step refers to an unknown code"));
    }
    if (in.status() != QDataStream::Ok)
        return bad(QStringLiteral("truncated"));
    for (size_t i = 1; i < lib.m_offsets.size(); ++i)
        if (lib.m_offsets[i] < lib.m_offsets[i - 1])
            return bad(QStringLiteral("inconsistent offsets"));
    lib.m_jobNames.resize(jobs.size());
    lib.m_resourceNames.resize(resources.size());
    return lib;
}

} // namespace routing::ml
