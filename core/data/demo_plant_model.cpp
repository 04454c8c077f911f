#include "core/data/demo_plant_model.h"

#include "core/data/demo_plant_random.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace routing::demo {
namespace {

// Positions in erp::itemColumns().
enum ItemColumn {
    cItemCd,
    cItemNm,
    cPartType,
    cItemType,
    cItemAcct,
    cItemUnit,
    cItemMaterial,
    cMaterialDesc,
    cRawMatlKind,
    cItemGrp1,
    cGroup1,
    cGroup2,
    cStandardYn,
    cSealTypeGrup,
    cInSealType,
    cMidSealType,
    cOutSealType,
    cOutDiameter,
    cInDiameter,
    cOutThickness,
    cOutDiameterUnit,
    cInSealSize,
    cMidSealSize,
    cOutSealSize,
    cRotateClockwise,
    cRotateCtrClockwise,
};

constexpr double kOrdersPerYear = 3.2;   // per routed item, before family and item factors
constexpr double kNoRoutingShare = 0.10; // new items
constexpr double kMultiRoutingShare = 0.11;

QVariant maybe(DemoRandom &rng, double nullShare, const QVariant &value)
{
    return rng.chance(nullShare) ? QVariant() : value;
}

/// A recorded dimension: mostly the true one (in the item's unit), sometimes NULL, 0 or 9999,
/// the plant's spellings of "unknown".
QVariant recordedDimension(DemoRandom &rng, double mm, bool inch)
{
    const double u = rng.uniform();
    if (u < 0.03)
        return {};
    if (u < 0.05)
        return 0.0;
    if (u < 0.065)
        return 9999.0;
    return inch ? round4(mm / 25.4) : round4(std::round(mm * 10.0) / 10.0);
}

double roundTo(double value, double step)
{
    return std::round(value / step) * step;
}

// Planners write standard times to half a minute; short run times to a tenth.
double plannerRounding(double minutes)
{
    if (minutes >= 2.0)
        return roundTo(minutes, 0.5);
    return std::max(0.1, round4(roundTo(minutes, 0.1)));
}

QString timeText(int secondOfDay)
{
    return QStringLiteral("%1:%2:%3")
        .arg(secondOfDay / 3600, 2, 10, QLatin1Char('0'))
        .arg(secondOfDay / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(secondOfDay % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

DemoPlantModel::DemoPlantModel(quint64 seed, int itemCount, QDate startDate, int historyDays)
    : m_seed(seed), m_startDate(startDate), m_historyDays(historyDays),
      m_catalogue(Catalogue::build(seed))
{
    auto index = [this](const char *code) {
        return m_catalogue.processIndex(QString::fromLatin1(code));
    };
    m_key = {index("INSP"),  index("CNC01"), index("MCT01"), index("GRD01"), index("GRD02"),
             index("LAP01"), index("DRL01"), index("WLD"),   index("DEB"),   index("WSH"),
             index("PKG"),   index("ASM01"), index("LKT"),   index("BAL")};
    m_items.reserve(size_t(itemCount));
    for (int i = 0; i < itemCount; ++i)
        m_items.push_back(makeItem(i));
}

DemoItem DemoPlantModel::makeItem(int index) const
{
    DemoRandom rng(streamSeed(m_seed, 2, quint64(index)));
    DemoItem item;
    item.family = rng.weighted(m_catalogue.familyCum);
    const Family &fam = m_catalogue.families[size_t(item.family)];
    item.material = fam.materials[size_t(rng.weighted(fam.materialCum))];
    item.standard = rng.chance(fam.standardShare);
    item.precision = rng.chance(item.standard ? 0.15 : 0.4);
    item.multiSeal = rng.chance(fam.sealTypeGroup == QLatin1String("SINGLE") ||
                                        fam.sealTypeGroup == QLatin1String("PUSHER")
                                    ? 0.1
                                    : 0.7);
    item.inch = rng.chance(fam.inchShare);
    // Parts are drawn to round sizes: half millimetres, or eighths of an inch.
    const double od = std::clamp(fam.odMedianMm * rng.noise(fam.odSigma), 4.0, 1500.0);
    if (item.inch)
        item.odMm = std::max(0.25, roundTo(od / 25.4, 0.125)) * 25.4;
    else
        item.odMm = od < 100 ? roundTo(od, 0.5) : std::round(od);
    if (fam.idRatio > 0) {
        const double id = item.odMm * std::clamp(fam.idRatio * rng.noise(0.08), 0.1, 0.95);
        item.idMm = item.inch ? std::max(0.0625, roundTo(id / 25.4, 0.0625)) * 25.4
                              : std::max(1.0, roundTo(id, 0.5));
    }
    item.thickMm = std::max(0.5, roundTo(fam.thickMedianMm * rng.noise(0.3), 0.1));
    item.hidden = rng.noise(0.08);
    item.qtyMedian =
        std::clamp(fam.qtyMedian * rng.noise(0.4) * (item.standard ? 1.6 : 0.7), 1.0, 50.0);
    // Mean-one lognormal: a few items are ordered every week, most a few times a year.
    item.ordersPerYear = kOrdersPerYear * fam.orderRate * std::exp(1.1 * rng.normal() - 0.605) *
                         (item.standard ? 1.4 : 0.8);
    item.code = QStringLiteral("%1-%2-%3")
                    .arg(fam.codePrefix)
                    .arg(std::min(999, int(std::lround(item.odMm))), 3, 10, QLatin1Char('0'))
                    .arg(index + 1, 5, 10, QLatin1Char('0'));
    fillRecord(item, rng);
    if (!rng.chance(kNoRoutingShare))
        makeRoutings(item, rng);
    return item;
}

void DemoPlantModel::fillRecord(DemoItem &item, DemoRandom &rng) const
{
    const Family &fam = m_catalogue.families[size_t(item.family)];
    const Material &mat = m_catalogue.materials[size_t(item.material)];
    const bool inch = item.inch;
    auto &r = item.record;
    static const QStringList industries = {QStringLiteral("석유화학"), QStringLiteral("발전"),
                                           QStringLiteral("조선"),     QStringLiteral("펌프"),
                                           QStringLiteral("반도체"),   QStringLiteral("제약"),
                                           QStringLiteral("수처리")};
    static const QStringList otherGroups = {QStringLiteral("SINGLE"), QStringLiteral("DOUBLE"),
                                            QStringLiteral("TANDEM"), QStringLiteral("CARTRIDGE")};

    r[cItemCd] = item.code;
    const QString size = inch ? QString::number(round4(item.odMm / 25.4)) + QLatin1Char('"')
                              : QString::number(std::lround(item.odMm));
    QString name = rng.pick(fam.nouns) + QLatin1Char(' ') + fam.partType + QLatin1Char('-') + size;
    if (rng.chance(0.3))
        name += QStringLiteral(" (%1)").arg(mat.code);
    r[cItemNm] = name;
    r[cPartType] = fam.partType;
    r[cItemType] = fam.itemType;
    r[cItemAcct] = fam.itemAcct;
    r[cItemUnit] = rng.pick(fam.units);
    r[cItemMaterial] = maybe(rng, 0.02, mat.code);
    r[cMaterialDesc] = maybe(rng, 0.05, mat.description);
    r[cRawMatlKind] =
        maybe(rng, 0.08, mat.rawKind.isEmpty() ? rng.pick(fam.rawKinds) : mat.rawKind);
    r[cItemGrp1] = maybe(rng, 0.03, fam.itemGrp1);
    r[cGroup1] = fam.group1;
    r[cGroup2] = maybe(rng, 0.3, rng.pick(industries));
    r[cStandardYn] = item.standard ? QStringLiteral("Y") : QStringLiteral("N");
    r[cSealTypeGrup] = maybe(rng, 0.8, rng.chance(0.9) ? fam.sealTypeGroup : rng.pick(otherGroups));
    r[cInSealType] = maybe(rng, 0.55, rng.pick(fam.sealTypeCodes));
    r[cMidSealType] = maybe(rng, 0.45, rng.pick(fam.sealTypeCodes));
    r[cOutSealType] = maybe(rng, 0.65, rng.pick(fam.sealTypeCodes));
    r[cOutDiameter] = recordedDimension(rng, item.odMm, inch);
    r[cInDiameter] = item.idMm > 0 ? recordedDimension(rng, item.idMm, inch)
                                   : (rng.chance(0.5) ? QVariant() : QVariant(0.0));
    r[cOutThickness] = recordedDimension(rng, item.thickMm, inch);
    r[cOutDiameterUnit] = maybe(rng, 0.01, inch ? QStringLiteral("inch") : QStringLiteral("mm"));

    // Seal sizes: the nominal shaft size, snapped to the sizes seal makers sell.
    const double shaft = item.idMm > 0 ? item.idMm : item.odMm * 0.6;
    double nominal = 0;
    double step = 0;
    if (inch) {
        nominal = std::max(0.125, roundTo(shaft / 25.4, 0.125));
        step = 0.25;
    } else {
        nominal = shaft < 20 ? std::max(1.0, std::round(shaft))
                             : (shaft < 100 ? roundTo(shaft, 5) : roundTo(shaft, 10));
        step = 5;
    }
    r[cInSealSize] = maybe(rng, 0.35, std::max(step, nominal - step));
    r[cMidSealSize] = maybe(rng, 0.16, nominal);
    r[cOutSealSize] = maybe(rng, 0.45, nominal + 2 * step);
    const int clockwise = rng.chance(0.7) ? 1 : 2;
    r[cRotateClockwise] = maybe(rng, 0.6, clockwise);
    r[cRotateCtrClockwise] = maybe(rng, 0.75, 3 - clockwise);
}

void DemoPlantModel::makeRoutings(DemoItem &item, DemoRandom &rng) const
{
    int versions = 1;
    if (rng.chance(kMultiRoutingShare))
        versions = rng.chance(0.7) ? 2 : 3;
    std::vector<int> days(static_cast<size_t>(versions));
    if (versions == 1) {
        // Three in four items predate the history; the rest were introduced during it.
        days[0] = rng.chance(0.75) ? -rng.uniformInt(30, 2000)
                                   : rng.uniformInt(0, std::max(0, m_historyDays - 30));
    } else {
        // Revised items: the current routing is at least 90 days old, so orders run on it.
        days.back() = rng.uniformInt(-200, std::max(-200, m_historyDays - 90));
        for (int v = versions - 2; v >= 0; --v)
            days[size_t(v)] = days[size_t(v) + 1] - rng.uniformInt(60, 700);
    }
    // A tie: two routings written in the same second (a migration); the highest ROUT_NO wins.
    const bool tie = versions > 1 && rng.chance(0.15);
    // A rewritten old routing: the current one is not the highest ROUT_NO.
    const bool rewritten = versions > 1 && !tie && rng.chance(0.2);
    for (int v = 0; v < versions; ++v) {
        RoutingVersion version = makeRouting(item, rng);
        version.day = days[size_t(v)];
        version.routNo = QStringLiteral("%1").arg(v + 1, 3, 10, QLatin1Char('0'));
        version.insertedAt = m_startDate.addDays(version.day).toString(Qt::ISODate) +
                             QLatin1Char(' ') + timeText(rng.uniformInt(8 * 3600, 19 * 3600 - 1));
        item.routings.push_back(std::move(version));
    }
    if (tie) {
        RoutingVersion &older = item.routings[size_t(versions) - 2];
        older.day = item.routings.back().day;
        older.insertedAt = item.routings.back().insertedAt;
    }
    if (rewritten)
        std::swap(item.routings.front().routNo, item.routings.back().routNo);
}

RoutingVersion DemoPlantModel::makeRouting(const DemoItem &item, DemoRandom &rng) const
{
    const Catalogue &cat = m_catalogue;
    const Family &fam = cat.families[size_t(item.family)];
    const Material &mat = cat.materials[size_t(item.material)];
    const int insp = m_key.insp;
    const int cnc01 = m_key.cnc01;
    const int fillers[] = {m_key.deb, m_key.wsh, m_key.insp, m_key.pkg};

    struct Planned
    {
        int process;
        double pass;
    };
    std::vector<Planned> plan;
    for (const FamilyStep &fs : fam.steps) {
        bool on = true;
        switch (fs.rule) {
        case StepRule::Always:
            break;
        case StepRule::Hard:
            on = mat.grind || item.precision;
            break;
        case StepRule::HeatTreat:
            on = mat.heatTreat;
            break;
        case StepRule::Lapping:
            on = mat.lap;
            break;
        case StepRule::LargeOd:
            on = item.odMm > 150;
            break;
        case StepRule::Custom:
            on = !item.standard;
            break;
        case StepRule::Platable:
            on = mat.platable;
            break;
        case StepRule::Random:
            on = rng.chance(fs.itemP);
            break;
        }
        if (!on)
            continue;
        plan.push_back({fs.process, 1.0});
        if (fs.process == cnc01 && item.thickMm > 40 && rng.chance(0.35))
            plan.push_back({cnc01, 0.6}); // second side
        if (!item.standard &&
            (fs.process == cnc01 || fs.process == m_key.mct01 || fs.process == m_key.grd01) &&
            rng.chance(0.3))
            plan.push_back({insp, 0.6}); // intermediate inspection
        if (fam.detailed && !cat.processes[size_t(fs.process)].outsourced &&
            cat.processes[size_t(fs.process)].runBase >= 1.8) {
            if (rng.chance(0.3))
                plan.push_back({m_key.deb, 0.5});
            if (rng.chance(0.7))
                plan.push_back({insp, 0.5}); // a planner who writes every check down
        }
        if (item.precision &&
            (fs.process == m_key.grd01 || fs.process == m_key.grd02 || fs.process == m_key.lap01) &&
            rng.chance(0.5))
            plan.push_back({insp, 0.6}); // measure before the next finishing step
        if (!item.standard && fs.process == m_key.drl01 && rng.chance(0.4))
            plan.push_back({m_key.deb, 0.5}); // deburr the holes
        if (fs.process == m_key.wld && item.odMm > 300) {
            if (rng.chance(0.4))
                plan.push_back({m_key.wld, 0.7}); // second seam
            if (rng.chance(0.5))
                plan.push_back({insp, 0.8}); // weld inspection
        }
        if (item.multiSeal && fs.process == m_key.asm01 && rng.chance(0.5))
            plan.push_back({m_key.asm01, 0.6}); // sub-assembly, then final assembly
    }
    for (int filler : fillers) {
        if (plan.size() >= 4)
            break;
        if (std::none_of(plan.begin(), plan.end(),
                         [&](const Planned &p) { return p.process == filler; }))
            plan.insert(plan.end() - (plan.empty() ? 0 : 1), {filler, 1.0});
    }
    while (plan.size() < 4)
        plan.insert(plan.end() - 1, {insp, 0.6});
    while (plan.size() > 24)
        plan.erase(plan.begin() + rng.uniformInt(1, int(plan.size()) - 2));

    // The family's typical item: what a planner copies when he does not look closely.
    DemoItem typical = item;
    typical.odMm = fam.odMedianMm;
    typical.idMm = fam.odMedianMm * fam.idRatio;
    typical.thickMm = fam.thickMedianMm;
    typical.material = fam.materials.front();
    typical.hidden = 1;
    typical.precision = false;

    RoutingVersion version;
    const int n = int(plan.size());
    for (int i = 0; i < n; ++i) {
        const Process &proc = cat.processes[size_t(plan[size_t(i)].process)];
        RoutingStep step;
        step.process = plan[size_t(i)].process;
        step.procSeq = 10 * (i + 1);
        step.passFactor = plan[size_t(i)].pass;
        // The router takes the smallest centre the part fits on, now and then another that fits.
        const std::vector<int> fits = fittingCentres(step.process, item.odMm);
        if (fits.size() > 1 && rng.chance(0.1)) {
            step.centre = rng.pick(fits);
        } else {
            const double smallest = cat.centres[size_t(fits.front())].maxOdMm;
            std::vector<int> tied;
            for (int c : fits) {
                if (cat.centres[size_t(c)].maxOdMm == smallest)
                    tied.push_back(c);
            }
            step.centre = rng.pick(tied);
        }
        step.trueSetup = trueSetup(item, step.process, step.centre, n) * step.passFactor;
        step.trueRun = trueRunPerUnit(item, step.process, step.centre) * step.passFactor;

        // Planners' standards: biased per process, noisy per item, some stale or copied.
        const double learning = proc.batch > 0 ? 1.0 : std::pow(item.qtyMedian / 10.0, -0.07);
        double run = step.trueRun * learning * proc.runBias * rng.noise(0.15);
        double setup = step.trueSetup * proc.setupBias * rng.noise(0.15);
        const double u = rng.uniform();
        if (u < 0.06) {
            run =
                trueRunPerUnit(typical, step.process, step.centre) * step.passFactor * proc.runBias;
            setup =
                trueSetup(typical, step.process, step.centre, n) * step.passFactor * proc.setupBias;
        } else if (u < 0.18) {
            run *= rng.noise(0.35);
            setup *= rng.noise(0.35);
        }
        step.stdRun = plannerRounding(run);
        step.stdSetup = proc.outsourced ? 0.0 : std::max(0.5, roundTo(setup, 0.5));
        version.steps.push_back(step);
    }
    return version;
}

std::vector<int> DemoPlantModel::fittingCentres(int process, double odMm) const
{
    // Centres are listed by ascending capacity and the last of each process takes any size.
    std::vector<int> fits;
    for (int c : m_catalogue.processes[size_t(process)].centres) {
        if (m_catalogue.centres[size_t(c)].maxOdMm >= odMm)
            fits.push_back(c);
    }
    if (fits.empty())
        fits.push_back(m_catalogue.processes[size_t(process)].centres.back());
    return fits;
}

double DemoPlantModel::trueRunPerUnit(const DemoItem &item, int process, int centre) const
{
    const Process &p = m_catalogue.processes[size_t(process)];
    const WorkCentre &w = m_catalogue.centres[size_t(centre)];
    const Family &fam = m_catalogue.families[size_t(item.family)];
    const double hardness = m_catalogue.materials[size_t(item.material)].hardness;

    double minutes = p.runBase * std::pow(item.odMm / 50.0, p.odExp);
    minutes *= (1.0 - p.thickCoef) + p.thickCoef * std::pow(item.thickMm / 20.0, 0.7);
    minutes *= std::pow(hardness, p.hardSens * w.hardAmp);
    if (item.idMm > 0 && p.odExp >= 1.0)
        minutes *= 0.75 + 0.5 * (1.0 - item.idMm / item.odMm); // thick walls: more to remove
    if (item.odMm > 300)
        minutes *= 1.25; // crane handling
    if (item.multiSeal && (process == m_key.asm01 || process == m_key.lkt || process == m_key.bal))
        minutes *= 1.5;
    return std::max(0.05, minutes * w.speed * fam.hidden * item.hidden);
}

double DemoPlantModel::trueSetup(const DemoItem &item, int process, int centre, int stepCount) const
{
    const Process &p = m_catalogue.processes[size_t(process)];
    if (p.outsourced)
        return 0;
    const WorkCentre &w = m_catalogue.centres[size_t(centre)];
    const Family &fam = m_catalogue.families[size_t(item.family)];
    const double hardness = m_catalogue.materials[size_t(item.material)].hardness;
    double minutes = p.setupBase * w.setupFactor * (1.0 + 0.03 * (stepCount - 8));
    minutes *= item.standard ? 1.0 : 1.3;
    minutes *= item.precision ? 1.2 : 1.0;
    minutes *= std::pow(hardness, 0.15) * std::sqrt(fam.hidden);
    if (item.odMm > 300)
        minutes *= 1.4;
    return std::max(1.0, minutes);
}

} // namespace routing::demo
