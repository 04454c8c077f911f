// The demo plant's data: realistic items, routings, work orders, outliers, standards, Korean text, drift.

#include "core/config/erp_contract.h"
#include "core/data/demo_plant_generator.h"
#include "core/data/demo_plant_work_orders.h"
#include "tests/core/demo_plant_test_db.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

using namespace routing;

using demotest::PlantDb;
using demotest::median;

using demotest::kEndDate;
using demotest::kItems;

class TestDemoPlantData final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("plant.db"));
        const auto summary = demotest::generateTestPlant(m_path);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
        m_summary = *summary;
        m_plant = std::make_unique<PlantDb>(m_path);
        QVERIFY(m_plant->isOpen());
    }

    void cleanupTestCase() { m_plant.reset(); }

    void itemStatisticsAreRealistic()
    {
        const PlantDb &p = *m_plant;
        auto share = [&](const QString &condition) {
            return p
                .scalar(QStringLiteral("SELECT AVG(CASE WHEN %1 THEN 1.0 ELSE 0.0 END) FROM "
                                       "BI_ITEM_INFO_VIEW")
                            .arg(condition))
                .toDouble();
        };
        auto inRange = [](const char *what, double value, double lo, double hi) {
            const bool ok = value >= lo && value <= hi;
            if (!ok)
                qWarning("%s = %f, expected %f..%f", what, value, lo, hi);
            return ok;
        };
        QVERIFY(
            inRange("no routing",
                    share(QStringLiteral("ITEM_CD NOT IN (SELECT ITEM_CD FROM BI_ROUTING_VIEW)")),
                    0.06, 0.14));
        QVERIFY(inRange("SealTypeGrup NULL", share(QStringLiteral("SealTypeGrup IS NULL")), 0.74,
                        0.86));
        QVERIFY(inRange("ROTATE_CTRCLOCKWISE NULL",
                        share(QStringLiteral("ROTATE_CTRCLOCKWISE IS NULL")), 0.69, 0.81));
        QVERIFY(inRange("MID_SEALSIZE NULL", share(QStringLiteral("MID_SEALSIZE IS NULL")), 0.12,
                        0.20));
        QVERIFY(inRange("OUTDIAMETER 0", share(QStringLiteral("OUTDIAMETER = 0")), 0.008, 0.04));
        QVERIFY(
            inRange("OUTDIAMETER 9999", share(QStringLiteral("OUTDIAMETER = 9999")), 0.005, 0.03));
        QVERIFY(
            inRange("OUTDIAMETER NULL", share(QStringLiteral("OUTDIAMETER IS NULL")), 0.01, 0.06));
        QVERIFY(inRange("inch", share(QStringLiteral("OUTDIAMETER_UNIT = 'inch'")), 0.02, 0.30));
        QVERIFY(inRange("mm", share(QStringLiteral("OUTDIAMETER_UNIT = 'mm'")), 0.65, 0.98));
        QVERIFY(inRange("standard", share(QStringLiteral("STANDARD_YN = 'Y'")), 0.3, 0.7));
        // Inch items carry inch values: their diameters are an order of magnitude smaller.
        const double mmMedian =
            p.scalar(QStringLiteral("SELECT OUTDIAMETER FROM BI_ITEM_INFO_VIEW WHERE "
                                    "OUTDIAMETER_UNIT = 'mm' AND OUTDIAMETER "
                                    "BETWEEN 0.01 AND 9998 ORDER BY OUTDIAMETER LIMIT 1 OFFSET "
                                    "(SELECT COUNT(*) / 2 FROM "
                                    "BI_ITEM_INFO_VIEW WHERE OUTDIAMETER_UNIT = 'mm' AND "
                                    "OUTDIAMETER BETWEEN 0.01 AND 9998)"))
                .toDouble();
        const double inchMedian =
            p.scalar(QStringLiteral("SELECT OUTDIAMETER FROM BI_ITEM_INFO_VIEW WHERE "
                                    "OUTDIAMETER_UNIT = 'inch' AND OUTDIAMETER "
                                    "BETWEEN 0.01 AND 9998 ORDER BY OUTDIAMETER LIMIT 1 OFFSET "
                                    "(SELECT COUNT(*) / 2 FROM "
                                    "BI_ITEM_INFO_VIEW WHERE OUTDIAMETER_UNIT = 'inch' AND "
                                    "OUTDIAMETER BETWEEN 0.01 AND 9998)"))
                .toDouble();
        QVERIFY2(inchMedian > 0 && mmMedian / inchMedian > 8,
                 qPrintable(QStringLiteral("%1 mm vs %2 inch").arg(mmMedian).arg(inchMedian)));

        // Zipf-skewed families: the top one holds ~16%, and there are many small ones.
        const QList<QVariantList> families =
            p.rows(QStringLiteral("SELECT PART_TYPE, COUNT(*) FROM BI_ITEM_INFO_VIEW GROUP BY "
                                  "PART_TYPE ORDER BY 2 DESC"));
        QVERIFY(inRange("top family share", families.first()[1].toDouble() / kItems, 0.12, 0.21));
        QVERIFY(inRange("families", families.size(), 150, 400));
        const auto singletons =
            std::count_if(families.begin(), families.end(),
                          [](const QVariantList &r) { return r[1].toInt() == 1; });
        QVERIFY(singletons > 50);

        // Clean, unique, upper-case codes.
        QCOMPARE(p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_ITEM_INFO_VIEW WHERE ITEM_CD <> "
                                         "UPPER(TRIM(ITEM_CD))"))
                     .toInt(),
                 0);
        QCOMPARE(p.scalar(QStringLiteral("SELECT COUNT(DISTINCT ITEM_CD) FROM BI_ITEM_INFO_VIEW"))
                     .toInt(),
                 kItems);
        // Attributes follow the family: each family's most common material covers most items.
        const double dominant =
            p.scalar(QStringLiteral("SELECT AVG(top * 1.0 / n) FROM (SELECT PART_TYPE, MAX(c) top, "
                                    "SUM(c) n FROM (SELECT "
                                    "PART_TYPE, ITEM_MATERIAL, COUNT(*) c FROM BI_ITEM_INFO_VIEW "
                                    "WHERE ITEM_MATERIAL IS NOT "
                                    "NULL GROUP BY 1, 2) GROUP BY 1 HAVING SUM(c) >= 10)"))
                .toDouble();
        QVERIFY(inRange("dominant material share", dominant, 0.5, 0.95));
    }

    void routingsComeFromFamilyTemplates()
    {
        const PlantDb &p = *m_plant;
        const QList<QVariantList> routings =
            p.rows(QStringLiteral("SELECT ITEM_CD, ROUT_NO, COUNT(*), MIN(PROC_SEQ), "
                                  "MAX(PROC_SEQ), SUM(PROC_SEQ % 10 <> 0) "
                                  "FROM BI_ROUTING_VIEW GROUP BY ITEM_CD, ROUT_NO"));
        QVERIFY(routings.size() > kItems / 2);
        int shortest = 99;
        int longest = 0;
        double total = 0;
        for (const QVariantList &r : routings) {
            const int steps = r[2].toInt();
            QVERIFY2(steps >= 4 && steps <= 24, qPrintable(r[0].toString()));
            QCOMPARE(r[3].toInt(), 10);
            QCOMPARE(r[4].toInt(), 10 * steps);
            QCOMPARE(r[5].toInt(), 0);
            shortest = std::min(shortest, steps);
            longest = std::max(longest, steps);
            total += steps;
        }
        QVERIFY(shortest <= 5);
        QVERIFY(longest >= 18);
        const double mean = total / routings.size();
        QVERIFY2(mean >= 6 && mean <= 14, qPrintable(QString::number(mean)));

        QCOMPARE(p.scalar(QStringLiteral(
                              "SELECT COUNT(*) FROM BI_ROUTING_VIEW WHERE TIME_UNIT <> '분(Min.)' "
                              "OR TIME_UNIT IS NULL"))
                     .toInt(),
                 0);
        QCOMPARE(
            p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_ROUTING_VIEW WHERE INSIDE_FLAG NOT IN "
                                    "('사내', '외주')"))
                .toInt(),
            0);
        QCOMPARE(p.scalar(QStringLiteral(
                              "SELECT COUNT(*) FROM BI_ROUTING_VIEW WHERE INSIDE_FLAG = '외주' "
                              "AND JOB_CD NOT IN ('HT01', 'PLT01', 'COAT', 'PNT')"))
                     .toInt(),
                 0);
        QVERIFY(p.scalar(QStringLiteral("SELECT COUNT(DISTINCT JOB_CD) FROM BI_ROUTING_VIEW"))
                    .toInt() >= 25);
        QVERIFY(p.scalar(QStringLiteral("SELECT COUNT(DISTINCT RES_CD) FROM BI_ROUTING_VIEW"))
                    .toInt() >= 40);
        // Standards in planners' steps: setup to half a minute, nothing negative.
        QCOMPARE(
            p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_ROUTING_VIEW WHERE SETUP_TIME * 2 <> "
                                    "ROUND(SETUP_TIME * 2) OR SETUP_TIME < 0 OR RUN_TIME <= 0"))
                .toInt(),
            0);
        // Work centres follow size: the small CNC lathe (up to 40 mm) never gets a larger part,
        // neither planned nor actually; the small lathe does get work.
        for (const QString &table :
             {QStringLiteral("BI_ROUTING_VIEW"), QStringLiteral("BI_WORK_ORDER_RESULTS")}) {
            QCOMPARE(
                p.scalar(QStringLiteral(
                             "SELECT COUNT(*) FROM %1 r JOIN BI_ITEM_INFO_VIEW i USING (ITEM_CD) "
                             "WHERE r.RES_CD = 'WC-CNC-01' AND i.OUTDIAMETER_UNIT = 'mm' AND "
                             "i.OUTDIAMETER BETWEEN 40.1 AND 9998")
                             .arg(table))
                    .toInt(),
                0);
            QVERIFY(p.scalar(QStringLiteral("SELECT COUNT(*) FROM %1 WHERE RES_CD = 'WC-CNC-01'")
                                 .arg(table))
                        .toInt() > 10);
        }
        // Item-dependent variation: items of one family do not all share one routing.
        const double variants =
            p.scalar(QStringLiteral("SELECT COUNT(DISTINCT seq) * 1.0 / COUNT(*) FROM (SELECT "
                                    "ITEM_CD, GROUP_CONCAT(JOB_CD, '>') seq "
                                    "FROM (SELECT ITEM_CD, JOB_CD FROM BI_ROUTING_VIEW WHERE "
                                    "ROUT_NO = '001' ORDER BY ITEM_CD, PROC_SEQ) "
                                    "GROUP BY ITEM_CD)"))
                .toDouble();
        QVERIFY2(variants > 0.2, qPrintable(QString::number(variants)));

        const double multi =
            p.scalar(QStringLiteral("SELECT AVG(n > 1) FROM (SELECT ITEM_CD, COUNT(DISTINCT "
                                    "ROUT_NO) n FROM BI_ROUTING_VIEW "
                                    "GROUP BY ITEM_CD)"))
                .toDouble();
        QVERIFY2(multi >= 0.05 && multi <= 0.17, qPrintable(QString::number(multi)));
    }

    void currentRoutingIsNewestThenHighestRoutNo()
    {
        const PlantDb &p = *m_plant;
        struct Version
        {
            QString routNo, inserted;
        };
        std::map<QString, std::vector<Version>> versions;
        for (const QVariantList &r : p.rows(QStringLiteral(
                 "SELECT DISTINCT ITEM_CD, ROUT_NO, INSRT_DT FROM BI_ROUTING_VIEW WHERE ITEM_CD IN "
                 "(SELECT ITEM_CD FROM BI_ROUTING_VIEW GROUP BY ITEM_CD HAVING COUNT(DISTINCT "
                 "ROUT_NO) > 1)")))
            versions[r[0].toString()].push_back({r[1].toString(), r[2].toString()});
        QVERIFY(versions.size() >= 30);

        int ties = 0;
        int currentNotHighest = 0;
        int checkedRows = 0;
        for (auto &[item, list] : versions) {
            // Each routing has one INSRT_DT for all its steps.
            for (const Version &v : list) {
                QCOMPARE(std::count_if(list.begin(), list.end(),
                                       [&](const Version &o) { return o.routNo == v.routNo; }),
                         1);
            }
            std::sort(list.begin(), list.end(), [](const Version &a, const Version &b) {
                return a.inserted != b.inserted ? a.inserted < b.inserted : a.routNo < b.routNo;
            });
            const Version &current = list.back();
            const Version &previous = list[list.size() - 2];
            if (previous.inserted == current.inserted)
                ++ties;
            const auto highest =
                std::max_element(list.begin(), list.end(), [](const Version &a, const Version &b) {
                    return a.routNo < b.routNo;
                });
            if (highest->routNo != current.routNo)
                ++currentNotHighest;
            // Orders reported well after the current routing was written ran on it.
            const QString after =
                QDateTime::fromString(current.inserted, QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                    .addDays(62)
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            QSqlQuery q(p.db());
            q.prepare(
                QStringLiteral("SELECT ROUT_NO FROM BI_WORK_ORDER_RESULTS WHERE ITEM_CD = ? AND "
                               "REPORT_DT >= ?"));
            q.addBindValue(item);
            q.addBindValue(after);
            QVERIFY(q.exec());
            while (q.next()) {
                QCOMPARE(q.value(0).toString(), current.routNo);
                ++checkedRows;
            }
        }
        QVERIFY2(ties >= 2, qPrintable(QString::number(ties)));
        QVERIFY2(currentNotHighest >= 2, qPrintable(QString::number(currentNotHighest)));
        QVERIFY2(checkedRows >= 100, qPrintable(QString::number(checkedRows)));
        // And older routings were in use before: some orders report them.
        QVERIFY(
            p.scalar(QStringLiteral(
                         "SELECT COUNT(DISTINCT ITEM_CD || ROUT_NO) FROM BI_WORK_ORDER_RESULTS "
                         "WHERE ITEM_CD IN (SELECT ITEM_CD FROM BI_ROUTING_VIEW GROUP BY ITEM_CD "
                         "HAVING COUNT(DISTINCT ROUT_NO) > 1)"))
                .toInt() > int(versions.size()));
    }

    void workOrdersAreConsistentAndInTheWindow()
    {
        const PlantDb &p = *m_plant;
        const qint64 rows = m_summary.workOrderRows;
        QVERIFY2(rows > kItems * 25, qPrintable(QString::number(rows)));
        QCOMPARE(
            p.scalar(QStringLiteral(
                         "SELECT MIN(REPORT_DT) >= '2022-07-02 00:00:00' AND MAX(REPORT_DT) <= "
                         "'2024-06-30 23:59:59' FROM BI_WORK_ORDER_RESULTS"))
                .toInt(),
            1);
        QCOMPARE(p.scalar(QStringLiteral(
                              "SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS WHERE REPORT_DT NOT GLOB "
                              "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] "
                              "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'"))
                     .toLongLong(),
                 0);
        // The plant does not work on Sundays.
        QCOMPARE(p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS WHERE "
                                         "strftime('%w', REPORT_DT) = '0'"))
                     .toLongLong(),
                 0);
        // Every result points at a routing step with the same process.
        QCOMPARE(
            p.scalar(QStringLiteral(
                         "SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS w LEFT JOIN BI_ROUTING_VIEW r "
                         "USING (ITEM_CD, ROUT_NO, PROC_SEQ) WHERE r.JOB_CD IS NULL OR "
                         "r.JOB_CD <> w.JOB_CD OR r.JOB_NM <> w.CD_NM"))
                .toLongLong(),
            0);
        QCOMPARE(p.scalar(QStringLiteral(
                              "SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS WHERE ORDER_QTY < 1 OR "
                              "ORDER_QTY > 200 OR ORDER_QTY <> ROUND(ORDER_QTY) OR BAD_QTY < 0 OR "
                              "BAD_QTY > ORDER_QTY OR SETUP_HOURS < 0 OR MACH_WORKED_HOURS < 0"))
                     .toLongLong(),
                 0);
        const double scrapShare =
            p.scalar(QStringLiteral("SELECT AVG(BAD_QTY > 0) FROM BI_WORK_ORDER_RESULTS"))
                .toDouble();
        QVERIFY(scrapShare > 0.02 && scrapShare < 0.12);
        // Mostly the planned centre, sometimes another one of the same process.
        const double planned =
            p.scalar(QStringLiteral("SELECT AVG(w.RES_CD = r.RES_CD) FROM BI_WORK_ORDER_RESULTS w "
                                    "JOIN BI_ROUTING_VIEW r USING "
                                    "(ITEM_CD, ROUT_NO, PROC_SEQ)"))
                .toDouble();
        QVERIFY2(planned > 0.93 && planned < 0.995, qPrintable(QString::number(planned)));

        // Skewed demand: the busiest tenth of the items carries a large part of the results, and
        // some items with a routing have no results at all.
        std::vector<double> perItem;
        for (const QVariantList &r : p.rows(QStringLiteral(
                 "SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS GROUP BY ITEM_CD ORDER BY 1 DESC")))
            perItem.push_back(r[0].toDouble());
        double top = 0;
        for (size_t i = 0; i < perItem.size() / 10; ++i)
            top += perItem[i];
        QVERIFY2(top / double(rows) > 0.3, qPrintable(QString::number(top / double(rows))));
        const int routedWithout =
            p.scalar(QStringLiteral("SELECT COUNT(DISTINCT ITEM_CD) FROM BI_ROUTING_VIEW WHERE "
                                    "ITEM_CD NOT IN (SELECT ITEM_CD "
                                    "FROM BI_WORK_ORDER_RESULTS)"))
                .toInt();
        QVERIFY(routedWithout > 10 && routedWithout < m_summary.itemsWithRouting / 3);

        // Typical operations take minutes to two hours (the *_HOURS columns are hours).
        std::vector<double> minutes;
        for (const QVariantList &r : p.rows(QStringLiteral(
                 "SELECT (SETUP_HOURS + MACH_WORKED_HOURS) * 60 FROM BI_WORK_ORDER_RESULTS")))
            minutes.push_back(r[0].toDouble());
        const double typical = median(minutes);
        QVERIFY2(typical >= 5 && typical <= 120, qPrintable(QString::number(typical)));
    }

    void aboutTwoPercentGrossOutliers()
    {
        // Per routing step, in-house: a value more than 4.5x away from the step's median (or a
        // zero) is a data-entry error; the lognormal noise (sigma <= 0.25) never gets that far.
        struct Obs
        {
            double runPerUnit, setup;
        };
        std::map<QString, std::vector<Obs>> steps;
        for (const QVariantList &r : m_plant->rows(QStringLiteral(
                 "SELECT w.ITEM_CD || '/' || w.ROUT_NO || '/' || w.PROC_SEQ || '/' || w.RES_CD, "
                 "w.MACH_WORKED_HOURS / w.ORDER_QTY, w.SETUP_HOURS FROM BI_WORK_ORDER_RESULTS w "
                 "JOIN "
                 "BI_ROUTING_VIEW r USING (ITEM_CD, ROUT_NO, PROC_SEQ) WHERE r.INSIDE_FLAG = "
                 "'사내'")))
            steps[r[0].toString()].push_back({r[1].toDouble(), r[2].toDouble()});
        qint64 flagged = 0;
        qint64 total = 0;
        for (const auto &[key, obs] : steps) {
            if (obs.size() < 6)
                continue;
            std::vector<double> runs, setups;
            for (const Obs &o : obs) {
                runs.push_back(o.runPerUnit);
                setups.push_back(o.setup);
            }
            const double runMedian = median(runs);
            const double setupMedian = median(setups);
            auto off = [](double v, double m) { return v <= 0 || v > 4.5 * m || v < m / 4.5; };
            for (const Obs &o : obs) {
                ++total;
                if (off(o.runPerUnit, runMedian) || off(o.setup, setupMedian))
                    ++flagged;
            }
        }
        QVERIFY(total > 10000);
        const double rate = double(flagged) / double(total);
        QVERIFY2(rate >= 0.012 && rate <= 0.03, qPrintable(QString::number(rate)));
    }

    void standardsAreBiasedAndTimesNonLinear()
    {
        // Planners' bias differs by process: the median actual/standard run ratio spreads out.
        std::map<QString, std::vector<double>> ratio;
        std::vector<double> logOd, logRun;
        for (const QVariantList &r : m_plant->rows(QStringLiteral(
                 "SELECT w.JOB_CD, w.MACH_WORKED_HOURS * 60 / (r.RUN_TIME * w.ORDER_QTY), "
                 "i.OUTDIAMETER, "
                 "w.MACH_WORKED_HOURS * 60 / w.ORDER_QTY, i.OUTDIAMETER_UNIT FROM "
                 "BI_WORK_ORDER_RESULTS w "
                 "JOIN BI_ROUTING_VIEW r USING (ITEM_CD, ROUT_NO, PROC_SEQ) JOIN BI_ITEM_INFO_VIEW "
                 "i "
                 "USING (ITEM_CD) WHERE r.INSIDE_FLAG = '사내' AND w.REPORT_DT < '2024-05-01' AND "
                 "w.MACH_WORKED_HOURS > 0"))) {
            ratio[r[0].toString()].push_back(r[1].toDouble());
            const double od = r[2].toDouble();
            if (r[0].toString() == QLatin1String("CNC01") && od > 1 && od < 9999 &&
                r[4].toString() == QLatin1String("mm")) {
                logOd.push_back(std::log(od));
                logRun.push_back(std::log(r[3].toDouble()));
            }
        }
        double lo = 1e9, hi = 0;
        for (const auto &[job, values] : ratio) {
            if (values.size() < 300)
                continue;
            const double m = median(values);
            lo = std::min(lo, m);
            hi = std::max(hi, m);
        }
        QVERIFY2(hi / lo > 1.4, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));

        // CNC turning time grows faster than the diameter (log-log slope above 1).
        QVERIFY(logOd.size() > 500);
        const double n = double(logOd.size());
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (size_t i = 0; i < logOd.size(); ++i) {
            sx += logOd[i];
            sy += logRun[i];
            sxx += logOd[i] * logOd[i];
            sxy += logOd[i] * logRun[i];
        }
        const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        QVERIFY2(slope > 1.05 && slope < 2.2, qPrintable(QString::number(slope)));
    }

    void koreanTextIsUtf8()
    {
        const PlantDb &p = *m_plant;
        // The bytes on disk are UTF-8 (not UTF-16, not CP949).
        QCOMPARE(
            p.scalar(QStringLiteral("SELECT hex(CAST(JOB_NM AS BLOB)) FROM BI_ROUTING_VIEW WHERE "
                                    "JOB_CD = 'CNC01' LIMIT 1"))
                .toString(),
            QString::fromLatin1(QStringLiteral("CNC 선반").toUtf8().toHex().toUpper()));
        QCOMPARE(p.scalar(QStringLiteral(
                              "SELECT COUNT(*) FROM BI_ROUTING_VIEW WHERE JOB_NM = '열처리' AND "
                              "INSIDE_FLAG = '외주'"))
                         .toInt() > 0,
                 true);
        int hangul = 0;
        const QList<QVariantList> names =
            p.rows(QStringLiteral("SELECT ITEM_NM FROM BI_ITEM_INFO_VIEW"));
        for (const QVariantList &r : names) {
            const QString name = r[0].toString();
            QVERIFY(!name.contains(QChar::ReplacementCharacter));
            if (std::any_of(name.begin(), name.end(),
                            [](QChar c) { return c.unicode() >= 0xAC00 && c.unicode() <= 0xD7A3; }))
                ++hangul;
        }
        QCOMPARE(hangul, int(names.size()));
    }

    void driftSlowsTheChosenCentres()
    {
        const PlantDb &p = *m_plant;
        const QString drift = m_summary.driftDate.toString(Qt::ISODate);
        const QString windowEnd = m_summary.driftDate.addDays(30).toString(Qt::ISODate);
        const QString before = m_summary.driftDate.addDays(-180).toString(Qt::ISODate);
        std::vector<double> affectedBefore, affectedAfter, otherBefore, otherAfter;
        double affectedRun = 0, allRun = 0;
        qint64 affectedOps = 0, allOps = 0;
        for (const QVariantList &r :
             p.rows(QStringLiteral("SELECT w.RES_CD, w.REPORT_DT, w.MACH_WORKED_HOURS * 60 / "
                                   "(r.RUN_TIME * w.ORDER_QTY), w.MACH_WORKED_HOURS FROM "
                                   "BI_WORK_ORDER_RESULTS w JOIN BI_ROUTING_VIEW r USING (ITEM_CD, "
                                   "ROUT_NO, PROC_SEQ) "
                                   "WHERE r.INSIDE_FLAG = '사내'"))) {
            const bool affected = m_summary.driftWorkCentres.contains(r[0].toString());
            const QString at = r[1].toString();
            ++allOps;
            affectedOps += affected;
            if (at < drift && r[3].toDouble() < 100) { // run hours before the drift (no typos)
                allRun += r[3].toDouble();
                affectedRun += affected ? r[3].toDouble() : 0.0;
            }
            if (at >= before && at < drift)
                (affected ? affectedBefore : otherBefore).push_back(r[2].toDouble());
            else if (at >= drift && at < windowEnd)
                (affected ? affectedAfter : otherAfter).push_back(r[2].toDouble());
        }
        QVERIFY2(affectedAfter.size() > 100, qPrintable(QString::number(affectedAfter.size())));
        const double affectedChange = median(affectedAfter) / median(affectedBefore);
        const double otherChange = median(otherAfter) / median(otherBefore);
        QVERIFY2(affectedChange >= 2.0, qPrintable(QString::number(affectedChange)));
        QVERIFY2(otherChange > 0.85 && otherChange < 1.15,
                 qPrintable(QString::number(otherChange)));
        // Busy centres (15-45% of the operations) with the most run time among such combinations.
        const double share = affectedRun / allRun;
        QVERIFY2(share >= 0.1 && share <= 0.6, qPrintable(QString::number(share)));
        const double opsShare = double(affectedOps) / double(allOps);
        QVERIFY2(opsShare >= 0.1 && opsShare <= 0.5, qPrintable(QString::number(opsShare)));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    DemoPlantSummary m_summary;
    std::unique_ptr<PlantDb> m_plant;
};

QTEST_GUILESS_MAIN(TestDemoPlantData)
#include "test_demo_plant_data.moc"