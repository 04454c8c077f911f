#pragma once

// A tiny plant, built in memory, where the right answers are known (shared by the test_ml_* tests).
//
// Two part families with fixed routing templates and attribute-driven optional steps:
//   SHAFT  (code S…): CNC01 @ WC-CNC-01, GRD01 @ WC-GRD-01 only for material SUS, INSP, PKG
//   FLANGE (code F…): PRS01 @ WC-PRS-01, DRL01, BAL only when OUTDIAMETER > 150 mm, INSP, PKG
// Every step's true times are exact functions of the attributes (no noise):
//   setup = a constant per process; run per unit = 0.01 × OD (× 1.5 for SUS) for the first step,
//   a constant per process for the others.
// Planners' standards are wrong on purpose: setup standard 20 min everywhere, run standard
// 0.02 × OD for the first step. Work orders repeat every ~30 days over 420 days; one operation in
// fifty has its run time typed ×60 (a gross entry error the filter must catch).

#include "core/ml/training_data.h"

#include <QDateTime>

#include <cmath>

namespace routing::ml::test {

inline constexpr int kFixtureDays = 420;

inline QDateTime fixtureAsOf()
{
    return QDateTime(QDate(2025, 3, 1), QTime(0, 0));
}

struct FixtureStep
{
    QString job;
    QString res;
    double setup;      ///< true setup minutes
    double runPerUnit; ///< true run minutes per unit
};

inline double fixtureOd(int i)
{
    return 20.0 + double((i * 37) % 181); // 20 … 200 mm, spread over the items
}

inline bool fixtureSus(int i)
{
    return i % 3 == 0;
}

inline QList<FixtureStep> fixtureTrueSteps(bool shaft, int i)
{
    const double od = fixtureOd(i);
    const double first = 0.01 * od * (fixtureSus(i) ? 1.5 : 1.0);
    if (shaft) {
        QList<FixtureStep> steps{{QStringLiteral("CNC01"), QStringLiteral("WC-CNC-01"), 30.0, first}};
        if (fixtureSus(i))
            steps.append({QStringLiteral("GRD01"), QStringLiteral("WC-GRD-01"), 15.0, 0.4});
        steps.append({QStringLiteral("INSP"), QStringLiteral("WC-QC-01"), 5.0, 0.2});
        steps.append({QStringLiteral("PKG"), QStringLiteral("WC-PKG-01"), 3.0, 0.1});
        return steps;
    }
    QList<FixtureStep> steps{{QStringLiteral("PRS01"), QStringLiteral("WC-PRS-01"), 40.0, first},
                             {QStringLiteral("DRL01"), QStringLiteral("WC-DRL-01"), 10.0, 0.3}};
    if (od > 150)
        steps.append({QStringLiteral("BAL"), QStringLiteral("WC-BAL-01"), 12.0, 0.5});
    steps.append({QStringLiteral("INSP"), QStringLiteral("WC-QC-01"), 5.0, 0.2});
    steps.append({QStringLiteral("PKG"), QStringLiteral("WC-PKG-01"), 3.0, 0.1});
    return steps;
}

inline Item fixtureItem(bool shaft, int i)
{
    Item item;
    item.code = QStringLiteral("%1%2").arg(shaft ? QLatin1Char('S') : QLatin1Char('F')).arg(i, 4, 10, QLatin1Char('0'));
    item.name = item.code;
    item.text.insert(QStringLiteral("ITEM_NM"), item.code);
    item.text.insert(QStringLiteral("PART_TYPE"), shaft ? QStringLiteral("SHAFT") : QStringLiteral("FLANGE"));
    item.text.insert(QStringLiteral("ITEM_MATERIAL"), fixtureSus(i) ? QStringLiteral("SUS") : QStringLiteral("STEEL"));
    item.text.insert(QStringLiteral("STANDARD_YN"), i % 2 ? QStringLiteral("Y") : QStringLiteral("N"));
    item.text.insert(QStringLiteral("OUTDIAMETER_UNIT"), QStringLiteral("mm"));
    item.numbers.insert(QStringLiteral("OUTDIAMETER"), fixtureOd(i));
    item.numbers.insert(QStringLiteral("OUTTHICKNESS"), 10.0 + i % 7);
    return item;
}

inline Routing fixtureRouting(const Item &item, bool shaft, int i)
{
    Routing routing;
    routing.itemCode = item.code;
    routing.routNo = QStringLiteral("001");
    int seq = 10;
    const QList<FixtureStep> steps = fixtureTrueSteps(shaft, i);
    for (int s = 0; s < steps.size(); ++s) {
        RoutingStep step;
        step.itemCode = item.code;
        step.routNo = routing.routNo;
        step.procSeq = seq;
        seq += 10;
        step.jobCd = steps[s].job;
        step.jobNm = steps[s].job + QStringLiteral(" 공정");
        step.resCd = steps[s].res;
        step.resDis = steps[s].res;
        step.insideFlag = QStringLiteral("사내");
        step.setupMinutes = 20.0;
        step.runMinutesPerUnit = s == 0 ? 0.02 * fixtureOd(i) : steps[s].runPerUnit;
        routing.steps.append(step);
    }
    return routing;
}

/// `itemsPerFamily` items per family, all with routings and history; `withoutRouting` more per
/// family that have attributes but no routing (new items).
inline TrainingData fixtureData(int itemsPerFamily = 60, int withoutRouting = 0)
{
    TrainingData data;
    const QDateTime asOf = fixtureAsOf();
    data.setWindow(asOf.addDays(-kFixtureDays), asOf);
    int opCounter = 0;
    for (const bool shaft : {true, false}) {
        for (int i = 0; i < itemsPerFamily + withoutRouting; ++i) {
            const Item item = fixtureItem(shaft, i);
            data.addItem(item);
            if (i >= itemsPerFamily)
                continue;
            const Routing routing = fixtureRouting(item, shaft, i);
            data.addRouting(routing);
            const QList<FixtureStep> steps = fixtureTrueSteps(shaft, i);
            for (int day = (i * 7) % 30; day < kFixtureDays; day += 30) {
                const double qty = 10.0 + double((i + day) % 5) * 10.0;
                for (int s = 0; s < steps.size(); ++s) {
                    WorkOrderOp op;
                    op.itemCode = item.code;
                    op.routNo = routing.routNo;
                    op.procSeq = routing.steps[s].procSeq;
                    op.jobCd = steps[s].job;
                    op.resCd = steps[s].res;
                    op.reportedAt = asOf.addDays(-kFixtureDays + day).addSecs(3600 * (8 + s));
                    op.setupMinutes = steps[s].setup;
                    double run = steps[s].runPerUnit * qty;
                    if (++opCounter % 50 == 0)
                        run *= 60.0; // minutes typed into the hours field
                    op.runMinutes = run;
                    op.orderQty = qty;
                    op.badQty = 0.0;
                    data.addOperation(op);
                }
            }
        }
    }
    data.finish();
    return data;
}

} // namespace routing::ml::test
