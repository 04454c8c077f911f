// The demo plant generator: the file it writes, determinism, and failures that leave nothing behind.

#include "core/config/erp_contract.h"
#include "core/data/demo_plant_generator.h"
#include "core/data/demo_plant_work_orders.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/data/sql_dialect.h"
#include "core/data/work_order_repository.h"
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
using demotest::kTables;

using demotest::kEndDate;
using demotest::kItems;

class TestDemoPlantGenerator final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("plant.db"));
        const auto summary =
            demotest::generateTestPlant(m_path, [this](int p) { m_progress << p; });
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().toString()));
        m_summary = *summary;
        m_plant = std::make_unique<PlantDb>(m_path);
        QVERIFY(m_plant->isOpen());
    }

    void cleanupTestCase() { m_plant.reset(); }

    void progressRunsFromZeroToHundred()
    {
        QVERIFY(m_progress.size() >= 5);
        QCOMPARE(m_progress.first(), 0);
        QCOMPARE(m_progress.last(), 100);
        for (int i = 1; i < m_progress.size(); ++i)
            QVERIFY(m_progress[i] > m_progress[i - 1]);
    }

    void summaryMatchesTheTables()
    {
        const PlantDb &p = *m_plant;
        QCOMPARE(m_summary.items, kItems);
        QCOMPARE(p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_ITEM_INFO_VIEW")).toInt(),
                 kItems);
        QCOMPARE(
            p.scalar(QStringLiteral("SELECT COUNT(DISTINCT ITEM_CD) FROM BI_ROUTING_VIEW")).toInt(),
            m_summary.itemsWithRouting);
        QCOMPARE(p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_ROUTING_VIEW")).toInt(),
                 m_summary.routingRows);
        QCOMPARE(
            p.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS")).toLongLong(),
            m_summary.workOrderRows);
        QCOMPARE(p.scalar(QStringLiteral("SELECT COUNT(DISTINCT PART_TYPE) FROM BI_ITEM_INFO_VIEW"))
                     .toInt(),
                 m_summary.partFamilies);
        QCOMPARE(m_summary.endDate, kEndDate);
        QCOMPARE(m_summary.startDate, kEndDate.addDays(-729));
        QCOMPARE(m_summary.driftDate, kEndDate.addDays(-45));
        QVERIFY(m_summary.driftWorkCentres.size() >= 2 && m_summary.driftWorkCentres.size() <= 3);
        QVERIFY(m_summary.seconds > 0);

        QHash<QString, QString> info;
        for (const QVariantList &row :
             p.rows(QStringLiteral("SELECT key, value FROM DEMO_PLANT_INFO")))
            info.insert(row[0].toString(), row[1].toString());
        QCOMPARE(info.value(QStringLiteral("seed")), QStringLiteral("42"));
        QCOMPARE(info.value(QStringLiteral("items")), QString::number(kItems));
        QCOMPARE(info.value(QStringLiteral("work_order_rows")),
                 QString::number(m_summary.workOrderRows));
        QCOMPARE(info.value(QStringLiteral("start_date")), QStringLiteral("2022-07-02"));
        QCOMPARE(info.value(QStringLiteral("end_date")), QStringLiteral("2024-06-30"));
        QCOMPARE(info.value(QStringLiteral("drift_date")), QStringLiteral("2024-05-16"));
        QCOMPARE(info.value(QStringLiteral("drift_work_centres")),
                 m_summary.driftWorkCentres.join(QLatin1Char(',')));
        const double factor = info.value(QStringLiteral("drift_run_time_factor")).toDouble();
        QVERIFY2(factor >= demo::DemoWorkOrders::kDriftFactorMin
                     && factor <= demo::DemoWorkOrders::kDriftFactorMax,
                 qPrintable(QString::number(factor)));
        QVERIFY(!info.value(QStringLiteral("generator_version")).isEmpty());
    }

    void contractTablesColumnsAndTypes_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QStringList>("columns");
        QTest::newRow("items") << QStringLiteral("BI_ITEM_INFO_VIEW") << erp::itemColumns();
        QTest::newRow("routing") << QStringLiteral("BI_ROUTING_VIEW") << erp::routingColumns();
        QTest::newRow("work orders")
            << QStringLiteral("BI_WORK_ORDER_RESULTS") << erp::workOrderColumns();
        QTest::newRow("info") << QStringLiteral("DEMO_PLANT_INFO")
                              << QStringList{QStringLiteral("key"), QStringLiteral("value")};
    }
    void contractTablesColumnsAndTypes()
    {
        QFETCH(QString, table);
        QFETCH(QStringList, columns);
        static const QHash<QString, QString> expectedType = {
            {QStringLiteral("PROC_SEQ"), QStringLiteral("INTEGER")},
            {QStringLiteral("ROTATE_CLOCKWISE"), QStringLiteral("INTEGER")},
            {QStringLiteral("ROTATE_CTRCLOCKWISE"), QStringLiteral("INTEGER")},
            {QStringLiteral("OUTDIAMETER"), QStringLiteral("REAL")},
            {QStringLiteral("INDIAMETER"), QStringLiteral("REAL")},
            {QStringLiteral("OUTTHICKNESS"), QStringLiteral("REAL")},
            {QStringLiteral("IN_SEALSIZE"), QStringLiteral("REAL")},
            {QStringLiteral("MID_SEALSIZE"), QStringLiteral("REAL")},
            {QStringLiteral("OUT_SEALSIZE"), QStringLiteral("REAL")},
            {QStringLiteral("SETUP_TIME"), QStringLiteral("REAL")},
            {QStringLiteral("RUN_TIME"), QStringLiteral("REAL")},
            {QStringLiteral("SETUP_HOURS"), QStringLiteral("REAL")},
            {QStringLiteral("MACH_WORKED_HOURS"), QStringLiteral("REAL")},
            {QStringLiteral("ORDER_QTY"), QStringLiteral("REAL")},
            {QStringLiteral("BAD_QTY"), QStringLiteral("REAL")}};
        QStringList names;
        for (const QVariantList &col :
             m_plant->rows(QStringLiteral("PRAGMA table_info(%1)").arg(table))) {
            const QString name = col[1].toString();
            names << name;
            QCOMPARE(col[2].toString(), expectedType.value(name, QStringLiteral("TEXT")));
        }
        QCOMPARE(names, columns);
        // Stored values have the declared storage class (no numbers as text).
        for (const QString &c : columns) {
            const QString type = expectedType.value(c, QStringLiteral("TEXT")).toLower();
            const QString sql = QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2 IS NOT NULL AND "
                                               "typeof(%2) <> '%3'")
                                    .arg(table, c, type);
            QCOMPARE(m_plant->scalar(sql).toInt(), 0);
        }
    }

    void indexesExist()
    {
        QStringList defs;
        for (const QVariantList &row : m_plant->rows(QStringLiteral(
                 "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")))
            defs << row[0].toString().simplified();
        const QString all = defs.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("BI_WORK_ORDER_RESULTS (REPORT_DT)")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("BI_ROUTING_VIEW (UPPER(TRIM(`ITEM_CD`))")),
                 qPrintable(all));
    }

    /// Results are stored as an ERP appends them, in REPORT_DT order, not item by item as they
    /// are generated: a window read through the REPORT_DT index then walks the table in order.
    void resultsAreStoredInReportOrder()
    {
        QCOMPARE(m_plant
                     ->scalar(QStringLiteral(
                         "SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS a JOIN BI_WORK_ORDER_RESULTS b "
                         "ON b.rowid = a.rowid + 1 WHERE b.REPORT_DT < a.REPORT_DT"))
                     .toInt(),
                 0);
        QCOMPARE(m_plant
                     ->scalar(QStringLiteral("SELECT MAX(rowid) - MIN(rowid) + 1 - COUNT(*) "
                                             "FROM BI_WORK_ORDER_RESULTS"))
                     .toInt(),
                 0); // no gaps: every row was compared with its neighbour
        // Stored item by item, the first rows would all be one item's.
        QVERIFY(m_plant
                    ->scalar(QStringLiteral("SELECT COUNT(DISTINCT ITEM_CD) FROM (SELECT ITEM_CD "
                                            "FROM BI_WORK_ORDER_RESULTS ORDER BY rowid LIMIT 200)"))
                    .toInt() > 10);
    }

    /// The repositories' batched reads compare normalised codes (UPPER(TRIM(ITEM_CD)) IN (…));
    /// without an index on that expression every batch scans the whole view.
    void repositoryQueriesSeekAnIndex_data()
    {
        QTest::addColumn<QString>("sql");
        const SqlDialect dialect(SqlDialectKind::Sqlite);
        const ErpSchema schema;
        QTest::newRow("items") << ItemRepository::itemsSql(dialect, schema, 3);
        QTest::newRow("routings") << RoutingRepository::routingsSql(dialect, schema, 3);
        QTest::newRow("work orders of items") << WorkOrderRepository::operationsSql(dialect, schema, 3);
        QTest::newRow("work-order window") << WorkOrderRepository::operationsSql(dialect, schema, 0);
    }

    void repositoryQueriesSeekAnIndex()
    {
        QFETCH(QString, sql);
        sql.replace(QLatin1Char('?'), QStringLiteral("'2025-01-01'")); // literals: the plan only
        QStringList plan;
        for (const QVariantList &row : m_plant->rows(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
            plan << row.value(3).toString();
        const QString all = plan.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("USING INDEX")) ||
                     all.contains(QStringLiteral("USING PRIMARY KEY")),
                 qPrintable(sql + QStringLiteral("\n") + all));
        QVERIFY2(!all.contains(QStringLiteral("SCAN")), qPrintable(sql + QStringLiteral("\n") + all));
    }

    void sameSeedGivesIdenticalPlant()
    {
        QTemporaryDir dir;
        DemoPlantOptions options;
        options.items = kItems;
        options.seed = 42;
        options.endDate = kEndDate;
        options.outFile = dir.filePath(QStringLiteral("again.db"));
        const auto again = generateDemoPlant(options);
        QVERIFY2(again, again ? "" : qPrintable(again.error().toString()));
        QCOMPARE(again->workOrderRows, m_summary.workOrderRows);
        QCOMPARE(again->driftWorkCentres, m_summary.driftWorkCentres);
        PlantDb other(options.outFile);
        QVERIFY(other.isOpen());
        for (const QString &table : kTables) {
            const QByteArray h = m_plant->tableHash(table);
            QVERIFY(!h.isEmpty());
            QVERIFY2(h == other.tableHash(table), qPrintable(table));
        }
    }

    void otherSeedGivesOtherPlant()
    {
        QTemporaryDir dir;
        DemoPlantOptions options;
        options.items = kItems;
        options.seed = 43;
        options.endDate = kEndDate;
        options.outFile = dir.filePath(QStringLiteral("other.db"));
        const auto other = generateDemoPlant(options);
        QVERIFY(other);
        PlantDb db(options.outFile);
        for (const QString &table : kTables)
            QVERIFY2(m_plant->tableHash(table) != db.tableHash(table), qPrintable(table));
    }

    void failureLeavesNoFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("parent is a file") << QStringLiteral("file-parent");
        QTest::newRow("target is a directory") << QStringLiteral("directory-target");
        QTest::newRow("read-only folder") << QStringLiteral("read-only");
    }
    void failureLeavesNoFile()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        QString out;
        if (kind == QLatin1String("file-parent")) {
            QFile blocker(dir.filePath(QStringLiteral("blocker")));
            QVERIFY(blocker.open(QIODevice::WriteOnly));
            blocker.write("not a folder");
            blocker.close();
            out = dir.filePath(QStringLiteral("blocker/plant.db"));
        } else if (kind == QLatin1String("directory-target")) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("plant.db")));
            out = dir.filePath(QStringLiteral("plant.db"));
        } else {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("ro")));
            const QString ro = dir.filePath(QStringLiteral("ro"));
            QVERIFY(QFile::setPermissions(ro, QFile::ReadOwner | QFile::ExeOwner));
            QFile probe(ro + QStringLiteral("/probe"));
            if (probe.open(QIODevice::WriteOnly)) { // root ignores permissions
                probe.close();
                probe.remove();
                QFile::setPermissions(ro, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
                QSKIP("file permissions are not enforced for this user (root)");
            }
            out = ro + QStringLiteral("/plant.db");
        }
        const QStringList before =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        DemoPlantOptions options;
        options.items = 60;
        options.endDate = kEndDate;
        options.outFile = out;
        const auto result = generateDemoPlant(options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Io);
        QVERIFY2(result.error().message.contains(QFileInfo(out).absoluteFilePath()),
                 qPrintable(result.error().message));

        const QStringList after =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QCOMPARE(after, before);
        if (kind == QLatin1String("directory-target")) {
            QVERIFY(QFileInfo(out).isDir());
            QVERIFY(QDir(out).isEmpty());
        } else if (kind == QLatin1String("read-only")) {
            QVERIFY(QDir(QFileInfo(out).absolutePath())
                        .isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
            QFile::setPermissions(QFileInfo(out).absolutePath(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
    }

    void replacesAnExistingPlantOnSuccess()
    {
        QTemporaryDir dir;
        const QString out =
            dir.filePath(QStringLiteral("sub/plant.db")); // folder created on demand
        QVERIFY(QDir().mkpath(QFileInfo(out).absolutePath()));
        QFile old(out);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older plant");
        old.close();

        DemoPlantOptions options;
        options.items = 60;
        options.endDate = kEndDate;
        options.outFile = out;
        const auto result = generateDemoPlant(options);
        QVERIFY2(result, result ? "" : qPrintable(result.error().toString()));
        PlantDb db(out);
        QVERIFY(db.isOpen());
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_ITEM_INFO_VIEW")).toInt(), 60);
        QCOMPARE(QDir(QFileInfo(out).absolutePath()).entryList(QDir::Files | QDir::Hidden).size(),
                 1);
    }

    void shortHistoryStaysInItsWindow()
    {
        QTemporaryDir dir;
        DemoPlantOptions options;
        options.items = 200;
        options.historyDays = 40;
        options.endDate = kEndDate;
        options.outFile = dir.filePath(QStringLiteral("short.db"));
        const auto result = generateDemoPlant(options);
        QVERIFY2(result, result ? "" : qPrintable(result.error().toString()));
        QCOMPARE(result->startDate, kEndDate.addDays(-39));
        QVERIFY(result->workOrderRows > 0);
        PlantDb db(options.outFile);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT COUNT(*) FROM BI_WORK_ORDER_RESULTS WHERE REPORT_DT < "
                                     "'2024-05-22 00:00:00' OR REPORT_DT > '2024-06-30 23:59:59'"))
                .toInt(),
            0);
    }

    void invalidOptionsAreRefused_data()
    {
        QTest::addColumn<int>("items");
        QTest::addColumn<int>("historyDays");
        QTest::addColumn<bool>("withFile");
        QTest::newRow("no items") << 0 << 730 << true;
        QTest::newRow("no history") << 100 << 0 << true;
        QTest::newRow("no output file") << 100 << 730 << false;
    }
    void invalidOptionsAreRefused()
    {
        QFETCH(int, items);
        QFETCH(int, historyDays);
        QFETCH(bool, withFile);
        QTemporaryDir dir;
        DemoPlantOptions options;
        options.items = items;
        options.historyDays = historyDays;
        options.outFile = withFile ? dir.filePath(QStringLiteral("plant.db")) : QString();
        const auto result = generateDemoPlant(options);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::InvalidData);
        QVERIFY(QDir(dir.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    DemoPlantSummary m_summary;
    QList<int> m_progress;
    std::unique_ptr<PlantDb> m_plant;
};

QTEST_GUILESS_MAIN(TestDemoPlantGenerator)
#include "test_demo_plant_generator.moc"