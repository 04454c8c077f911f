// The generated SQL of the three dialects. SQLite and PostgreSQL also run for real in
// test_repositories; MSSQL cannot run here (no server on Linux CI), so its SQL is checked only as
// text in this file.
#include "core/data/erp_database.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/data/sql_dialect.h"
#include "core/data/work_order_repository.h"

#include <QTest>

#include <ctime>

using namespace routing;

Q_DECLARE_METATYPE(routing::SqlDialectKind)

namespace {

constexpr auto Sqlite = SqlDialectKind::Sqlite;
constexpr auto Pg = SqlDialectKind::PostgreSql;
constexpr auto Ms = SqlDialectKind::MsSql;

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

} // namespace

class TestSqlDialect final : public QObject
{
    Q_OBJECT

private slots:
    void quoteIdentifier_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        // SQLite gets backticks: its "x" turns into the string 'x' when no column x exists.
        QTest::newRow("sqlite plain")
            << Sqlite << s("BI_ITEM_INFO_VIEW") << s("`BI_ITEM_INFO_VIEW`");
        QTest::newRow("sqlite dotted")
            << Sqlite << s("main.BI_ROUTING_VIEW") << s("`main`.`BI_ROUTING_VIEW`");
        QTest::newRow("sqlite backtick") << Sqlite << s("we`ird") << s("`we``ird`");
        QTest::newRow("sqlite double quote") << Sqlite << s("we\"ird") << s("`we\"ird`");
        QTest::newRow("pg mixed case") << Pg << s("SealTypeGrup") << s("\"SealTypeGrup\"");
        QTest::newRow("pg dotted")
            << Pg << s("erp.BI_ITEM_INFO_VIEW") << s("\"erp\".\"BI_ITEM_INFO_VIEW\"");
        QTest::newRow("pg space") << Pg << s("Reported At") << s("\"Reported At\"");
        QTest::newRow("pg injection")
            << Pg << s("x\"; DROP TABLE t; --") << s("\"x\"\"; DROP TABLE t; --\"");
        QTest::newRow("mssql plain") << Ms << s("ITEM_CD") << s("[ITEM_CD]");
        QTest::newRow("mssql dotted")
            << Ms << s("dbo.BI_ITEM_INFO_VIEW") << s("[dbo].[BI_ITEM_INFO_VIEW]");
        QTest::newRow("mssql three parts")
            << Ms << s("KsmErp.dbo.BI_ROUTING_VIEW") << s("[KsmErp].[dbo].[BI_ROUTING_VIEW]");
        QTest::newRow("mssql bracket") << Ms << s("a]b") << s("[a]]b]");
        QTest::newRow("mssql korean") << Ms << s("품목") << s("[품목]");
    }
    void quoteIdentifier()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(SqlDialect(kind).quoteIdentifier(name), expected);
    }

    void functions_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<QString>("normalized");
        QTest::addColumn<QString>("limited");
        QTest::addColumn<QString>("inList");
        QTest::newRow("sqlite") << Sqlite << s("UPPER(TRIM(c))") << s("SELECT a, b FROM t LIMIT 5")
                                << s("c IN (?, ?, ?)");
        QTest::newRow("postgresql")
            << Pg << s("UPPER(TRIM(c))") << s("SELECT a, b FROM t LIMIT 5") << s("c IN (?, ?, ?)");
        // TRIM() needs SQL Server 2017; LTRIM(RTRIM()) runs on the plants' 2016 servers.
        QTest::newRow("mssql") << Ms << s("UPPER(LTRIM(RTRIM(c)))")
                               << s("SELECT TOP (5) a, b FROM t") << s("c IN (?, ?, ?)");
    }
    void functions()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(QString, normalized);
        QFETCH(QString, limited);
        QFETCH(QString, inList);
        const SqlDialect dialect(kind);
        QCOMPARE(dialect.normalizedCode(s("c")), normalized);
        QCOMPARE(dialect.selectLimited(s("a, b"), s("FROM t"), 5), limited);
        QCOMPARE(dialect.inList(s("c"), 3), inList);
        QCOMPARE(SqlDialect::placeholders(1), s("?"));
    }

    void orderTerm_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<int>("nulls");
        QTest::addColumn<bool>("ascending");
        QTest::addColumn<QString>("expected");
        using N = SqlDialect::Nulls;
        QTest::newRow("sqlite default") << Sqlite << int(N::Default) << true << s("x ASC");
        QTest::newRow("sqlite last") << Sqlite << int(N::Last) << true << s("x ASC NULLS LAST");
        QTest::newRow("pg first desc") << Pg << int(N::First) << false << s("x DESC NULLS FIRST");
        QTest::newRow("pg last desc") << Pg << int(N::Last) << false << s("x DESC NULLS LAST");
        QTest::newRow("mssql default") << Ms << int(N::Default) << false << s("x DESC");
        QTest::newRow("mssql last")
            << Ms << int(N::Last) << true << s("CASE WHEN x IS NULL THEN 1 ELSE 0 END, x ASC");
        QTest::newRow("mssql first desc")
            << Ms << int(N::First) << false << s("CASE WHEN x IS NULL THEN 0 ELSE 1 END, x DESC");
    }
    void orderTerm()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(int, nulls);
        QFETCH(bool, ascending);
        QFETCH(QString, expected);
        QCOMPARE(SqlDialect(kind).orderTerm(s("x"),
                                            ascending ? Qt::AscendingOrder : Qt::DescendingOrder,
                                            SqlDialect::Nulls(nulls)),
                 expected);
    }

    void dateTimes_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<QDateTime>("value");
        QTest::addColumn<QVariant>("parameter");
        QTest::addColumn<QString>("literal");
        const QDateTime plain(QDate(2024, 3, 1), QTime(7, 5, 9));
        const QDateTime withMs(QDate(2024, 3, 1), QTime(7, 5, 9, 250));
        QTest::newRow("sqlite") << Sqlite << plain << QVariant(s("2024-03-01 07:05:09"))
                                << s("'2024-03-01 07:05:09'");
        QTest::newRow("sqlite ms") << Sqlite << withMs << QVariant(s("2024-03-01 07:05:09.250"))
                                   << s("'2024-03-01 07:05:09.250'");
        QTest::newRow("postgresql")
            << Pg << plain << QVariant(plain) << s("TIMESTAMP '2024-03-01 07:05:09'");
        QTest::newRow("mssql") << Ms << plain << QVariant(plain)
                               << s("CONVERT(datetime2, '2024-03-01T07:05:09', 126)");
    }
    void dateTimes()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(QDateTime, value);
        QFETCH(QVariant, parameter);
        QFETCH(QString, literal);
        const SqlDialect dialect(kind);
        const QVariant bound = dialect.dateTimeParameter(value);
        QCOMPARE(bound.typeId(), parameter.typeId());
        QCOMPARE(bound, parameter);
        QCOMPARE(dialect.dateTimeLiteral(value), literal);
    }

    void dateTimeValue_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime at(QDate(2024, 3, 15), QTime(8, 30, 0));
        QTest::newRow("odbc timestamp") << QVariant(at) << at;
        QTest::newRow("sqlite text") << QVariant(s("2024-03-15 08:30:00")) << at;
        QTest::newRow("iso T") << QVariant(s("2024-03-15T08:30:00")) << at;
        QTest::newRow("fraction") << QVariant(s("2024-03-15 08:30:00.500")) << at.addMSecs(500);
        QTest::newRow("date only")
            << QVariant(s("2024-03-15")) << QDateTime(QDate(2024, 3, 15), QTime(0, 0));
        QTest::newRow("null") << QVariant(QMetaType::fromType<QString>()) << QDateTime();
        QTest::newRow("garbage") << QVariant(s("yesterday")) << QDateTime();
        QTest::newRow("19 chars, not a date") << QVariant(s("2024-13-45 08:30:00")) << QDateTime();
        QTest::newRow("19 chars, letters") << QVariant(s("2024-03-1x 08:30:00")) << QDateTime();
    }
    void dateTimeValue()
    {
        QFETCH(QVariant, value);
        QFETCH(QDateTime, expected);
        QCOMPARE(SqlDialect::dateTimeValue(value), expected);
        LocalDayOffsets offsets;
        QCOMPARE(SqlDialect::dateTimeValue(value, &offsets), expected);
        QCOMPARE(SqlDialect::dateTimeValue(value, &offsets), expected); // the day cached
    }

    // The per-day offset cache must give the instant Qt's local time gives, wall clock kept,
    // across DST switches (spring gap, autumn overlap, a 30-minute shift) and without DST.
    // POSIX TZ rules: no tzdata needed.
    void dateTimeValueAcrossDaylightSaving_data()
    {
        QTest::addColumn<QByteArray>("tz");
        QTest::newRow("UTC") << QByteArray("UTC0");
        QTest::newRow("Korea, no DST") << QByteArray("KST-9");
        QTest::newRow("Central Europe") << QByteArray("CET-1CEST,M3.5.0,M10.5.0/3");
        QTest::newRow("US Eastern") << QByteArray("EST5EDT,M3.2.0,M11.1.0");
        QTest::newRow("Lord Howe, 30 min") << QByteArray("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
    }
    void dateTimeValueAcrossDaylightSaving()
    {
        QFETCH(QByteArray, tz);
        const QByteArray saved = qgetenv("TZ");
        const bool hadTz = qEnvironmentVariableIsSet("TZ");
        const auto setTz = [](const QByteArray *value) {
            if (value)
                qputenv("TZ", *value);
            else
                qunsetenv("TZ");
#ifdef Q_OS_WIN
            _tzset();
#else
            tzset();
#endif
        };
        setTz(&tz);
        LocalDayOffsets offsets;
        int checked = 0, shifted = 0;
        for (const QDate first : {QDate(2024, 3, 6), QDate(2024, 3, 27), QDate(2024, 4, 3),
                                  QDate(2024, 10, 3), QDate(2024, 10, 24), QDate(2024, 11, 1)}) {
            for (int pass = 0; pass < 2; ++pass) { // the second pass reads the cached days
                for (int day = 0; day < 7; ++day) {
                    for (int minute = 0; minute < 24 * 60; minute += 15) {
                        const QDate date = first.addDays(day);
                        const QTime time(minute / 60, minute % 60);
                        const QDateTime exact(date, time);
                        const QDateTime got = SqlDialect::dateTimeValue(
                            QVariant(date.toString(Qt::ISODate) + u' ' +
                                     time.toString(QStringLiteral("HH:mm:ss"))),
                            &offsets);
                        QVERIFY2(got == exact && got.toMSecsSinceEpoch() ==
                                                     exact.toMSecsSinceEpoch(),
                                 qPrintable(QStringLiteral("%1 %2: %3, Qt says %4")
                                                .arg(date.toString(Qt::ISODate),
                                                     time.toString(), got.toString(Qt::ISODate),
                                                     exact.toString(Qt::ISODate))));
                        if (exact.isValid() && exact.time() == time) { // the wall clock exists
                            QCOMPARE(got.date(), date);
                            QCOMPARE(got.time(), time);
                        } else {
                            ++shifted; // in the spring gap (Qt 6.4: invalid)
                        }
                        ++checked;
                    }
                }
            }
        }
        setTz(hadTz ? &saved : nullptr);
        QVERIFY(checked > 8000);
        if (tz.contains(','))
            QVERIFY2(shifted > 0, "the spring gap was not crossed: the test lost its point");
    }

    void repositorySql_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<QString>("routings");
        QTest::addColumn<QString>("allRoutings");
        QTest::addColumn<QString>("actuals");
        const char *pgRoutings =
            "SELECT \"ITEM_CD\", \"ROUT_NO\", \"PROC_SEQ\", \"JOB_CD\", \"JOB_NM\", \"RES_CD\", "
            "\"RES_DIS\", \"INSIDE_FLAG\", \"SETUP_TIME\", \"RUN_TIME\", \"TIME_UNIT\", "
            "\"INSRT_DT\" "
            "FROM \"BI_ROUTING_VIEW\"";
        const char *msRoutings =
            "SELECT [ITEM_CD], [ROUT_NO], [PROC_SEQ], [JOB_CD], [JOB_NM], [RES_CD], [RES_DIS], "
            "[INSIDE_FLAG], [SETUP_TIME], [RUN_TIME], [TIME_UNIT], [INSRT_DT] FROM "
            "[BI_ROUTING_VIEW]";
        for (const auto kind : {Sqlite, Pg}) {
            // SQLite's SQL is PostgreSQL's with `x` for "x".
            const auto q = [kind](QString sql) {
                return kind == Sqlite ? sql.replace(QLatin1Char('"'), QLatin1Char('`')) : sql;
            };
            QTest::newRow(kind == Sqlite ? "sqlite" : "postgresql")
                << kind << q(s(pgRoutings) + s(" WHERE UPPER(TRIM(\"ITEM_CD\")) IN (?, ?)"))
                << q(s(pgRoutings) + s(" ORDER BY UPPER(TRIM(\"ITEM_CD\")) ASC"))
                << q(s("SELECT DISTINCT UPPER(TRIM(\"ITEM_CD\")) FROM \"BI_WORK_ORDER_RESULTS\" "
                       "WHERE \"REPORT_DT\" >= ? AND \"REPORT_DT\" < ?"));
        }
        QTest::newRow("mssql")
            << Ms << s(msRoutings) + s(" WHERE UPPER(LTRIM(RTRIM([ITEM_CD]))) IN (?, ?)")
            << s(msRoutings) + s(" ORDER BY UPPER(LTRIM(RTRIM([ITEM_CD]))) ASC")
            << s("SELECT DISTINCT UPPER(LTRIM(RTRIM([ITEM_CD]))) FROM "
                 "[BI_WORK_ORDER_RESULTS] WHERE [REPORT_DT] >= ? AND [REPORT_DT] < ?");
    }
    void repositorySql()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(QString, routings);
        QFETCH(QString, allRoutings);
        QFETCH(QString, actuals);
        const SqlDialect dialect(kind);
        const ErpSchema schema;
        QCOMPARE(RoutingRepository::routingsSql(dialect, schema, 2), routings);
        QCOMPARE(RoutingRepository::routingsSql(dialect, schema, 0), allRoutings);
        // Without names: NULL in their places, every other column where it was.
        QString measures = routings;
        for (const char *name : {"JOB_NM", "RES_DIS"})
            measures.replace(dialect.quoteIdentifier(QLatin1String(name)), QStringLiteral("NULL"));
        QCOMPARE(RoutingRepository::routingsSql(dialect, schema, 2,
                                                RoutingRepository::Detail::Measures),
                 measures);
        QVERIFY(measures.count(QStringLiteral("NULL")) == 2);
        QCOMPARE(WorkOrderRepository::itemsWithActualsSql(dialect, schema), actuals);

        const QString items = ItemRepository::itemsSql(dialect, schema, 3);
        QCOMPARE(items.count(QLatin1Char('?')), 3);
        QVERIFY(items.contains(dialect.quoteIdentifier(s("SealTypeGrup"))));
        QVERIFY(items.endsWith(
            s(" FROM %1 WHERE %2 IN (?, ?, ?)")
                .arg(dialect.quoteIdentifier(s("BI_ITEM_INFO_VIEW")),
                     dialect.normalizedCode(dialect.quoteIdentifier(s("ITEM_CD"))))));
        const QString ops = WorkOrderRepository::operationsSql(dialect, schema, 2);
        QCOMPARE(ops.count(QLatin1Char('?')),
                 4); // two window bounds, two codes: values are never spliced
        QVERIFY(
            ops.endsWith(s(" AND %1 IN (?, ?)")
                             .arg(dialect.normalizedCode(dialect.quoteIdentifier(s("ITEM_CD"))))));
    }

    void renamedSchemaSql_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<QString>("strata");
        QTest::addColumn<QString>("window");
        QTest::newRow("postgresql")
            << Pg << s("SELECT \"ITEM_CD\", \"FAMILY\" FROM \"erp\".\"Items\"")
            << s("\"Reported At\" >= ? AND \"Reported At\" < ?");
        QTest::newRow("mssql") << Ms << s("SELECT [ITEM_CD], [FAMILY] FROM [erp].[Items]")
                               << s("[Reported At] >= ? AND [Reported At] < ?");
    }
    void renamedSchemaSql()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(QString, strata);
        QFETCH(QString, window);
        ErpSchema schema;
        schema.itemView = s("erp.Items");
        schema.itemColumns.insert(s("PART_TYPE"), s("FAMILY"));
        schema.workOrderColumns.insert(s("REPORT_DT"), s("Reported At"));
        const SqlDialect dialect(kind);
        QCOMPARE(ItemRepository::strataSql(dialect, schema, s("PART_TYPE")), strata);
        QVERIFY(WorkOrderRepository::operationsSql(dialect, schema, 0).contains(window));
        QVERIFY(!ItemRepository::itemsSql(dialect, schema, 1).contains(s("PART_TYPE")));
    }

    void compareRoutNo_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("sign");
        QTest::newRow("numeric, not text") << s("10") << s("2") << 1;
        QTest::newRow("leading zeros") << s("002") << s("10") << -1;
        QTest::newRow("equal numbers, raw text decides") << s("01") << s("1") << -1;
        QTest::newRow("text") << s("B1") << s("A") << 1;
        QTest::newRow("mixed as text") << s("R1") << s("5") << 1;
        QTest::newRow("mixed as text 2") << s("9a") << s("10") << 1;
        QTest::newRow("same") << s("7") << s("7") << 0;
    }
    void compareRoutNo()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, sign);
        const int forward = RoutingRepository::compareRoutNo(a, b);
        const int backward = RoutingRepository::compareRoutNo(b, a);
        QCOMPARE((forward > 0) - (forward < 0), sign);
        QCOMPARE((backward > 0) - (backward < 0), -sign);
    }

    void compareRoutNoIsTotal()
    {
        // A total order: no cycle like 10 > 9 (numbers), 9 > 1a (text), 1a > 10 (text).
        const QStringList values{s("10"), s("9"),  s("1a"), s("01"), s("1"),
                                 s("A"),  s("B1"), s("5"),  s("")};
        for (const QString &a : values)
            for (const QString &b : values)
                for (const QString &c : values) {
                    if (RoutingRepository::compareRoutNo(a, b) < 0 &&
                        RoutingRepository::compareRoutNo(b, c) < 0)
                        QVERIFY2(RoutingRepository::compareRoutNo(a, c) < 0,
                                 qPrintable(s("%1 < %2 < %3").arg(a, b, c)));
                }
    }

    void odbcConnectionString_data()
    {
        QTest::addColumn<SqlDialectKind>("kind");
        QTest::addColumn<QString>("configured");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pg defaults")
            << Pg << s("Driver={PostgreSQL Unicode};Server=h;Database=erp")
            << s("Driver={PostgreSQL Unicode};Server=h;Database=erp;CommLog=0;UseDeclareFetch=1;"
                 "Fetch=10000;ReadOnly=1;Uid=reader;Pwd={p;w}}d};");
        QTest::newRow("pg keeps own values")
            << Pg << s("Driver={PostgreSQL Unicode};usedeclarefetch=0;FETCH=500;")
            << s("Driver={PostgreSQL Unicode};usedeclarefetch=0;FETCH=500;CommLog=0;ReadOnly=1;"
                 "Uid=reader;Pwd={p;w}}d};");
        QTest::newRow("mssql driver 18")
            << Ms
            << s("Driver={ODBC Driver 18 for SQL "
                 "Server};Server=tcp:erp,1433;Database=KsmErp;Encrypt=yes;")
            << s("Driver={ODBC Driver 18 for SQL "
                 "Server};Server=tcp:erp,1433;Database=KsmErp;Encrypt=yes;"
                 "Uid=reader;Pwd={p;w}}d};");
    }
    void odbcConnectionString()
    {
        QFETCH(SqlDialectKind, kind);
        QFETCH(QString, configured);
        QFETCH(QString, expected);
        qputenv("ROUTING_TEST_DIALECT_USER", "reader");
        qputenv("ROUTING_TEST_DIALECT_PASSWORD", "p;w}d");
        DatabaseConfig config;
        config.driver = s("QODBC");
        config.dialect = kind;
        config.connectionString = configured;
        config.userEnv = s("ROUTING_TEST_DIALECT_USER");
        config.passwordEnv = s("ROUTING_TEST_DIALECT_PASSWORD");
        const auto built = ErpDatabase::odbcConnectionString(config);
        QVERIFY2(built, built ? "" : qPrintable(built.error().toString()));
        QCOMPARE(*built, expected);

        qunsetenv("ROUTING_TEST_DIALECT_PASSWORD");
        const auto missing = ErpDatabase::odbcConnectionString(config);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::DatabaseConnection);
        QVERIFY(missing.error().message.contains(s("ROUTING_TEST_DIALECT_PASSWORD")));
    }

    void odbcKeys()
    {
        QVERIFY(ErpDatabase::hasOdbcKey(s("Driver={x};Fetch=1;"), s("fetch")));
        QVERIFY(!ErpDatabase::hasOdbcKey(s("Driver={x};Pwd={a;Fetch=1};"), s("Fetch")));
        QVERIFY(!ErpDatabase::hasOdbcKey(s("Driver={x};MaxFetch=1;"), s("Fetch")));
        QCOMPARE(ErpDatabase::odbcValue(s("plain")), s("plain"));
        QCOMPARE(ErpDatabase::odbcValue(s(" a=b")), s("{ a=b}"));
    }
};

QTEST_GUILESS_MAIN(TestSqlDialect)
#include "test_sql_dialect.moc"
