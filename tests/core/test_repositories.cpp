// The same repository tests run twice: against an SQLite file (QSQLITE) and against a throwaway
// PostgreSQL server through QODBC and the real `PostgreSQL Unicode` driver. Both hold the hand-made
// fixture plant (tests/support/fixture_plant.h), so every expected answer is known by construction.
#include "core/data/erp_database.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/data/work_order_repository.h"
#include "tests/support/fixture_plant.h"
#include "tests/support/postgres_server.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace routing;
using routing::test::FixturePlant;

// The message of a failed Result/Status, alive until the end of the enclosing QVERIFY2.
#define WHY(r) qPrintable((r) ? QString() : (r).error().toString())
#define VERIFY_OK(r) QVERIFY2(r, WHY(r))

namespace {

QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}
QDateTime at(int y, int mo, int d, int h, int mi, int sec)
{
    return FixturePlant::dt(y, mo, d, h, mi, sec);
}
using Opt = std::optional<double>;

// The value of a Result, or nullopt with the error logged: for QCOMPARE.
template <typename T> std::optional<T> ok(const Result<T> &result)
{
    if (!result)
        qWarning("%s", qPrintable(result.error().toString()));
    return result ? std::optional<T>(*result) : std::nullopt;
}

} // namespace

class TestRepositories final : public QObject
{
    Q_OBJECT

public:
    enum class Backend { Sqlite, PostgreSql };
    explicit TestRepositories(Backend backend) : m_backend(backend) {}

private:
    bool isPg() const { return m_backend == Backend::PostgreSql; }
    DatabaseConfig config(int batchSize = 500) const
    {
        DatabaseConfig c = m_config;
        c.batchSize = batchSize;
        return c;
    }
    // The contract plant and, beside it, the same plant under renamed views and columns.
    Status writeFixtures(QSqlDatabase db) const
    {
        const auto kind = isPg() ? SqlDialectKind::PostgreSql : SqlDialectKind::Sqlite;
        if (auto st = FixturePlant::write(db, kind); !st)
            return st;
        return FixturePlant::write(db, kind, FixturePlant::renamedSchema());
    }
    QList<WorkOrderOp> windowOps(ErpDatabase &db, const QStringList &codes)
    {
        const auto ops = WorkOrderRepository(db).operations(codes, FixturePlant::windowFrom(),
                                                            FixturePlant::windowTo());
        return ops ? *ops : (qWarning("%s", WHY(ops)), QList<WorkOrderOp>());
    }

    Backend m_backend;
    QTemporaryDir m_dir;
    std::unique_ptr<test::PostgresServer> m_server;
    DatabaseConfig m_config;

private slots:
    void initTestCase()
    {
        qInfo("backend: %s", isPg() ? "PostgreSQL over QODBC (PostgreSQL Unicode)" : "SQLite file");
        if (isPg() && test::PostgresServer::skipRequested())
            QSKIP("PostgreSQL tests skipped: ROUTING_TEST_SKIP_POSTGRES=1 is set");
        Status written;
        if (isPg()) {
            m_server = std::make_unique<test::PostgresServer>();
            const Status started = m_server->start();
            QVERIFY2(started,
                     qPrintable(s("PostgreSQL could not start (ROUTING_TEST_SKIP_POSTGRES=1 skips "
                                  "these tests): ") +
                                (started ? QString() : started.error().message)));
            auto admin = m_server->openAdminConnection(s("fixture-writer"));
            VERIFY_OK(admin);
            written = writeFixtures(*admin);
            m_config = m_server->databaseConfig();
        } else {
            QVERIFY(m_dir.isValid());
            m_config.path = m_dir.filePath(s("plant.db"));
            QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("fixture-writer"));
            db.setDatabaseName(m_config.path);
            QVERIFY(db.open());
            written = writeFixtures(db);
        }
        QSqlDatabase::database(s("fixture-writer"), false).close();
        QSqlDatabase::removeDatabase(s("fixture-writer"));
        VERIFY_OK(written);
    }

    void cleanupTestCase() { m_server.reset(); }

    void pingAndSchema()
    {
        ErpDatabase db(config());
        const Status ping = db.ping();
        VERIFY_OK(ping);
        const Status schema = db.checkSchema();
        VERIFY_OK(schema);
    }

    void itemsInBatches()
    {
        ErpDatabase db(config(3)); // 8 codes, 3 per IN list: three statements
        const auto items =
            ItemRepository(db).items({s(" a100"), s("A200 "), s("b300"), s("c400"), s("D500"),
                                      s("e600"), s("F700"), s("g800"), s("NOPE"), s("A100")});
        VERIFY_OK(items);
        QStringList codes = items->keys();
        codes.sort();
        QCOMPARE(codes, FixturePlant::itemCodes());
        for (auto it = items->cbegin(); it != items->cend(); ++it)
            QCOMPARE(it->code, it.key());
    }

    void itemValues()
    {
        ErpDatabase db(config());
        ItemRepository repo(db);
        const auto items = repo.items(FixturePlant::itemCodes());
        VERIFY_OK(items);
        const Item a100 = items->value(s("A100"));
        QCOMPARE(a100.name, s("메카니컬 씰"));
        QCOMPARE(a100.textValue(s("MATERIAL_DESC")), s("스테인리스 316"));
        QCOMPARE(a100.textValue(s("SealTypeGrup")), s("CARTRIDGE"));
        QCOMPARE(a100.textValue(s("STANDARD_YN")), s("Y"));
        QCOMPARE(a100.number(s("OUTDIAMETER")), Opt(85.5));
        QCOMPARE(a100.number(s("INDIAMETER")), Opt(42.25));
        QCOMPARE(a100.number(s("ROTATE_CLOCKWISE")), Opt(1));
        QVERIFY(a100.isNull(s("MID_SEALTYPE_CD")) && a100.isNull(s("ROTATE_CTRCLOCKWISE")));
        const Item a200 = items->value(s("A200")); // 0 and 9999 ("unknown") are kept as read
        QCOMPARE(a200.number(s("OUTDIAMETER")), Opt(0));
        QCOMPARE(a200.number(s("INDIAMETER")), Opt(9999));
        QCOMPARE(a200.textValue(s("OUTDIAMETER_UNIT")), s("inch"));
        const Item b300 = items->value(s("B300"));
        QVERIFY(b300.name.isEmpty() && b300.isNull(s("ITEM_NM")) && b300.numbers.isEmpty());
        QCOMPARE(b300.text.keys(), QStringList{s("ITEM_CD")});

        const auto found = repo.item(s("  d500 "));
        QVERIFY2(found && found->has_value(), WHY(found));
        QCOMPARE((*found)->code, s("D500"));
        QCOMPARE((*found)->name, s("Gland Plate"));
        const auto missing = repo.item(s("NOPE"));
        QVERIFY2(missing && !missing->has_value(), WHY(missing));
    }

    void strataAndCount()
    {
        ErpDatabase db(config());
        ItemRepository repo(db);
        const QList<ItemStratum> expected{{s("A100"), s("SEAL")},  {s("A200"), s("SHAFT")},
                                          {s("B300"), QString()},  {s("C400"), s("SEAL")},
                                          {s("D500"), s("GLAND")}, {s("E600"), s("SLEEVE")},
                                          {s("F700"), s("SEAL")},  {s("G800"), s("COUPLING")}};
        QCOMPARE(ok(repo.allItemStrata()), std::optional(expected));
        QCOMPARE(ok(repo.count()), std::optional<qint64>(8));
    }

    void currentRouting_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("routNo");
        QTest::addColumn<QStringList>("jobs");
        QTest::addColumn<QDateTime>("insertedAt");
        QTest::newRow("date beats ROUT_NO, steps by PROC_SEQ")
            << s("a100") << s("1") << QStringList{s("CNC01"), s("MCT01"), s("ASM01")}
            << at(2023, 1, 10, 9, 0, 0);
        QTest::newRow("padded code") << s(" A200") << s("1") << QStringList{s("CNC01"), s("GRD01")}
                                     << at(2023, 2, 1, 10, 0, 0);
        QTest::newRow("NULL INSRT_DT")
            << s("B300") << s("1") << QStringList{s("CNC01")} << QDateTime();
        QTest::newRow("tie: 10 > 2 numerically")
            << s("D500") << s("10") << QStringList{s("CNC02"), s("INS01")}
            << at(2023, 3, 1, 10, 0, 0);
        QTest::newRow("newest of three, a NULL step")
            << s("E600") << s("002") << QStringList{s("CNC01"), s("LAP01")}
            << at(2023, 5, 1, 8, 0, 0);
        QTest::newRow("tie: text B1 > A, 5")
            << s("f700") << s("B1") << QStringList{s("MLD01"), s("INS01")}
            << at(2023, 4, 1, 12, 0, 0);
    }
    void currentRouting()
    {
        QFETCH(QString, code);
        QFETCH(QString, routNo);
        QFETCH(QStringList, jobs);
        QFETCH(QDateTime, insertedAt);
        ErpDatabase db(config());
        const auto routing = RoutingRepository(db).currentRouting(code);
        QVERIFY2(routing && routing->has_value(), WHY(routing));
        const Routing &r = **routing;
        QCOMPARE(r.itemCode, normalizeItemCode(code));
        QCOMPARE(r.routNo, routNo);
        QCOMPARE(r.insertedAt, insertedAt);
        QStringList actual;
        for (const RoutingStep &step : r.steps) {
            QVERIFY(actual.isEmpty() || step.procSeq > r.steps.at(actual.size() - 1).procSeq);
            actual << step.jobCd;
        }
        QCOMPARE(actual, jobs);
    }

    void stepValuesAndKorean()
    {
        ErpDatabase db(config());
        const auto routing = RoutingRepository(db).currentRouting(s("A100"));
        QVERIFY2(routing && routing->has_value(), WHY(routing));
        const RoutingStep &cnc = (*routing)->steps.at(0);
        QCOMPARE(cnc.jobNm, s("CNC 선반"));
        QCOMPARE(cnc.resDis, s("CNC 1호기"));
        QCOMPARE(cnc.insideFlag, s("사내"));
        QCOMPARE(cnc.timeUnit, s("분(Min.)"));
        QCOMPARE(cnc.setupMinutes, Opt(30));
        QCOMPARE(cnc.runMinutesPerUnit, Opt(12.5));
        const RoutingStep &mct = (*routing)->steps.at(1);
        QCOMPARE(mct.insideFlag, s("외주"));
        QVERIFY(!mct.setupMinutes && !mct.runMinutesPerUnit);
    }

    void routingsInBatchesAndItemsWithout()
    {
        ErpDatabase db(config(2));
        RoutingRepository repo(db);
        const auto routings = repo.currentRoutings(FixturePlant::itemCodes() << s("nope"));
        VERIFY_OK(routings);
        QStringList codes = routings->keys();
        codes.sort();
        QCOMPARE(codes, FixturePlant::itemsWithRouting()); // C400 and G800 have none
        QCOMPARE(routings->value(s("D500")).routNo, s("10"));
        // Read without names: the same routings, names empty, nothing else moved.
        const auto measures =
            repo.currentRoutings(FixturePlant::itemCodes(), RoutingRepository::Detail::Measures);
        VERIFY_OK(measures);
        QCOMPARE(measures->size(), routings->size());
        bool hadNames = false;
        for (auto it = routings->cbegin(); it != routings->cend(); ++it) {
            const Routing &lean = measures->value(it.key());
            QCOMPARE(lean.routNo, it->routNo);
            QCOMPARE(lean.insertedAt, it->insertedAt);
            QCOMPARE(lean.steps.size(), it->steps.size());
            for (qsizetype i = 0; i < lean.steps.size(); ++i) {
                RoutingStep full = it->steps[i];
                hadNames = hadNames || !full.jobNm.isEmpty() || !full.resDis.isEmpty();
                QVERIFY(lean.steps[i].jobNm.isEmpty() && lean.steps[i].resDis.isEmpty());
                full.jobNm.clear();
                full.resDis.clear();
                QVERIFY(lean.steps[i] == full);
            }
        }
        QVERIFY(hadNames); // the fixture has names to leave out
        const auto none = repo.currentRouting(s("C400"));
        QVERIFY2(none && !none->has_value(), WHY(none));
        QCOMPARE(ok(repo.itemsWithRouting()), std::optional(FixturePlant::itemsWithRouting()));
    }

    void streamAllRoutings()
    {
        ErpDatabase db(config());
        RoutingRepository repo(db);
        QHash<QString, QString> streamed;
        const auto count = repo.allCurrentRoutings([&](const Routing &r) {
            streamed.insert(r.itemCode, r.routNo);
            return true;
        });
        QCOMPARE(ok(count), std::optional<qint64>(6));
        const auto batch = repo.currentRoutings(FixturePlant::itemCodes());
        VERIFY_OK(batch);
        for (auto it = batch->cbegin(); it != batch->cend(); ++it)
            QCOMPARE(streamed.value(it.key()), it->routNo);
        int seen = 0;
        const auto stopped = repo.allCurrentRoutings([&](const Routing &) { return ++seen < 2; });
        QVERIFY(!stopped && stopped.error().code == ErrorCode::Cancelled);
        QCOMPARE(seen, 2);
    }

    void workOrderWindow()
    {
        ErpDatabase db(config(3));
        const QList<WorkOrderOp> ops = windowOps(db, FixturePlant::itemCodes());
        QList<QDateTime> times;
        QStringList items;
        for (const WorkOrderOp &op : ops) {
            times << op.reportedAt;
            items << op.itemCode;
        }
        // `from` is inside, `to` outside, 23:59:59 before `to` inside, NULL REPORT_DT never.
        QCOMPARE(times, (QList<QDateTime>{at(2024, 3, 1, 0, 0, 0), at(2024, 3, 5, 7, 0, 0),
                                          at(2024, 3, 15, 8, 30, 0), at(2024, 3, 20, 13, 45, 0),
                                          at(2024, 3, 31, 23, 59, 59)}));
        QCOMPARE(items, (QStringList{s("A100"), s("C400"), s("A100"), s("A200"), s("D500")}));
        const WorkOrderOp &first = ops.at(0);
        QCOMPARE(first.routNo, s("1"));
        QCOMPARE(first.procSeq, 10);
        QCOMPARE(first.jobNm, s("CNC 선반"));
        QCOMPARE(first.orderQty, Opt(10));
        QCOMPARE(first.badQty, Opt(1));
        QCOMPARE(ops.at(4).resDis, s("품질검사실"));
        QCOMPARE(windowOps(db, {s("a100 "), s(" A200")}).size(), 3);
    }

    void unitConversion_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<double>("factor");
        QTest::newRow("hours (default)") << s("hours") << 60.0;
        QTest::newRow("minutes") << s("minutes") << 1.0;
        QTest::newRow("seconds") << s("seconds") << 1.0 / 60.0;
    }
    void unitConversion()
    {
        QFETCH(QString, unit);
        QFETCH(double, factor);
        DatabaseConfig c = config();
        c.actualsUnit = unit;
        ErpDatabase db(c);
        const QList<WorkOrderOp> ops = windowOps(db, {s("A100")});
        QCOMPARE(ops.size(), 2);
        QCOMPARE(ops.at(0).setupMinutes, Opt(0.5 * factor));
        QCOMPARE(ops.at(0).runMinutes, Opt(1.25 * factor));
        QVERIFY(!ops.at(1).setupMinutes); // NULL stays NULL
        QCOMPARE(ops.at(1).runMinutes, Opt(2.0 * factor));
    }

    void streamWindowAndItemsWithActuals()
    {
        ErpDatabase db(config());
        WorkOrderRepository repo(db);
        const QDateTime from = FixturePlant::windowFrom(), to = FixturePlant::windowTo();
        QList<QDateTime> times;
        const auto count = repo.operationsInWindow(from, to, [&](const WorkOrderOp &op) {
            times << op.reportedAt;
            return true;
        });
        QCOMPARE(ok(count), std::optional<qint64>(FixturePlant::operationsInWindow));
        QVERIFY(std::is_sorted(times.cbegin(), times.cend()));
        const auto stopped =
            repo.operationsInWindow(from, to, [](const WorkOrderOp &) { return false; });
        QVERIFY(!stopped && stopped.error().code == ErrorCode::Cancelled);

        QCOMPARE(ok(repo.itemsWithActuals(from, to)),
                 std::optional(FixturePlant::itemsWithActualsInWindow()));
        // C400 reported at exactly 07:00:00 is outside [from, 07:00:00).
        QCOMPARE(ok(repo.itemsWithActuals(from, at(2024, 3, 5, 7, 0, 0))),
                 std::optional(QStringList{s("A100")}));
    }

    void measuresDetailReadsTheSameOperationsWithoutNames()
    {
        ErpDatabase db(config(2));
        WorkOrderRepository repo(db);
        const QDateTime from = FixturePlant::windowFrom(), to = FixturePlant::windowTo();
        const auto full = repo.operations(FixturePlant::itemCodes(), from, to);
        const auto lean = repo.operations(FixturePlant::itemCodes(), from, to,
                                          WorkOrderRepository::Detail::Measures);
        VERIFY_OK(full);
        VERIFY_OK(lean);
        QCOMPARE(lean->size(), full->size());
        QVERIFY(std::any_of(full->cbegin(), full->cend(), [](const WorkOrderOp &op) {
            return !op.jobNm.isEmpty() && !op.resDis.isEmpty() && op.badQty;
        }));
        for (qsizetype i = 0; i < full->size(); ++i) {
            const WorkOrderOp &f = full->at(i), &l = lean->at(i);
            QCOMPARE(l.itemCode, f.itemCode);
            QCOMPARE(l.procSeq, f.procSeq);
            QCOMPARE(l.jobCd, f.jobCd);
            QCOMPARE(l.resCd, f.resCd);
            QCOMPARE(l.reportedAt, f.reportedAt);
            QCOMPARE(l.setupMinutes, f.setupMinutes);
            QCOMPARE(l.runMinutes, f.runMinutes);
            QCOMPARE(l.orderQty, f.orderQty);
            QCOMPARE(l.routNo, f.routNo); // the process match picks the routing by it
            QVERIFY(l.jobNm.isEmpty() && l.resDis.isEmpty() && !l.badQty);
        }
        qint64 streamed = 0;
        const auto count = repo.operationsInWindow(
            from, to,
            [&](const WorkOrderOp &op) {
                streamed += op.jobNm.isEmpty() ? 1 : 0;
                return true;
            },
            WorkOrderRepository::Detail::Measures);
        QCOMPARE(ok(count), std::optional<qint64>(FixturePlant::operationsInWindow));
        QCOMPARE(streamed, qint64(FixturePlant::operationsInWindow));
    }

    void renamedColumns()
    {
        DatabaseConfig c = config(2);
        c.schema = FixturePlant::renamedSchema();
        ErpDatabase db(c);
        const Status schema = db.checkSchema();
        VERIFY_OK(schema);
        const auto item = ItemRepository(db).item(s("A100"));
        QVERIFY2(item && item->has_value(), WHY(item));
        QCOMPARE((*item)->name, s("메카니컬 씰"));
        const auto strata = ItemRepository(db).allItemStrata(s("PART_TYPE"));
        VERIFY_OK(strata);
        QCOMPARE(strata->value(6), (ItemStratum{s("F700"), s("SEAL")}));
        const auto routing = RoutingRepository(db).currentRouting(s("D500"));
        QVERIFY2(routing && routing->has_value(), WHY(routing));
        QCOMPARE((*routing)->routNo, s("10"));
        QCOMPARE((*routing)->steps.at(1).jobNm, s("검사"));
        const QList<WorkOrderOp> ops = windowOps(db, FixturePlant::itemCodes());
        QCOMPARE(ops.size(), FixturePlant::operationsInWindow);
        QCOMPARE(ops.at(0).runMinutes, Opt(75));
    }

    void missingViewOrColumn()
    {
        DatabaseConfig c = config();
        c.schema.routingView = s("NO_SUCH_VIEW");
        c.schema.itemColumns.insert(s("PART_TYPE"), s("PART_FAMILY"));
        c.schema.itemColumns.insert(s("GROUP2"), s("GROUP_TWO"));
        ErpDatabase db(c);
        const Status schema = db.checkSchema();
        QVERIFY(!schema && schema.error().code == ErrorCode::DatabaseConnection);
        const QString message = schema.error().message;
        QVERIFY2(message.contains(s("ERP view NO_SUCH_VIEW is missing")), qPrintable(message));
        QVERIFY2(message.contains(
                     s("BI_ITEM_INFO_VIEW lacks column(s) PART_FAMILY (contract column PART_TYPE), "
                       "GROUP_TWO (contract column GROUP2)")),
                 qPrintable(message));
        QVERIFY2(!message.contains(s("BI_WORK_ORDER_RESULTS")), qPrintable(message));

        const auto items = ItemRepository(db).items({s("A100")});
        QVERIFY(!items && items.error().code == ErrorCode::DatabaseConnection);
        QVERIFY2(items.error().message.contains(s("PART_FAMILY"), Qt::CaseInsensitive), WHY(items));
        const auto routings = RoutingRepository(db).itemsWithRouting();
        QVERIFY(!routings && routings.error().code == ErrorCode::DatabaseConnection);
        QVERIFY2(routings.error().message.contains(s("NO_SUCH_VIEW"), Qt::CaseInsensitive),
                 WHY(routings));
        QVERIFY2(db.ping(), "the connection survives failed statements");
    }

    void databaseDown()
    {
        DatabaseConfig c = config();
        c.retries = 2;
        c.retryDelayMs = 20;
        QString where;
        if (isPg()) {
            const quint16 closedPort = test::PostgresServer::freeLoopbackPort(); // nobody listens
            c.connectionString =
                s("Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=%1;Database=x;")
                    .arg(closedPort);
            where = QString::number(closedPort);
        } else {
            c.path = m_dir.filePath(s("no-such-plant.db"));
            where = c.path;
        }
        ErpDatabase db(c);
        const Status ping = db.ping();
        QVERIFY(!ping && ping.error().code == ErrorCode::DatabaseConnection);
        QVERIFY2(ping.error().message.contains(where), WHY(ping));
        QVERIFY2(
            ping.error().message.contains(isPg() ? s("after 3 attempts") : s("unable to open")),
            WHY(ping));
        const auto items = ItemRepository(db).items({s("A100")});
        QVERIFY(!items && items.error().code == ErrorCode::DatabaseConnection);
        QVERIFY(
            !QFileInfo::exists(m_dir.filePath(s("no-such-plant.db")))); // read-only: never created
    }

    void badCredentials()
    {
        if (!isPg())
            QSKIP("credentials exist only for the ODBC backends");
        DatabaseConfig c = config();
        c.retries = 0;
        qputenv("ROUTING_TEST_PG_WRONG_PASSWORD", "wrong");
        c.passwordEnv = s("ROUTING_TEST_PG_WRONG_PASSWORD");
        const Status wrong = ErpDatabase(c).ping();
        QVERIFY(!wrong && wrong.error().code == ErrorCode::DatabaseConnection);
        QVERIFY2(wrong.error().message.contains(s("password authentication failed")), WHY(wrong));
        QVERIFY2(!wrong.error().message.contains(s("Pwd="), Qt::CaseInsensitive), WHY(wrong));
        c.passwordEnv = s("ROUTING_TEST_PG_UNSET_PASSWORD");
        const Status unset = ErpDatabase(c).ping();
        QVERIFY(!unset && unset.error().code == ErrorCode::DatabaseConnection);
        QVERIFY2(unset.error().message.contains(s("ROUTING_TEST_PG_UNSET_PASSWORD")), WHY(unset));
    }

    void readOnly()
    {
        ErpDatabase db(config());
        const auto write =
            db.exec(s("writing"), s("CREATE TABLE console_must_not_write (a INTEGER)"));
        QVERIFY2(!write, "the ERP connection must refuse writes");
        QCOMPARE(write.error().code, ErrorCode::DatabaseConnection);
    }

    void connectionPerThread()
    {
        ErpDatabase db(config());
        const QString mainName = db.connectionName();
        QVERIFY(db.ping());
        QString workerName;
        Result<QHash<QString, Item>> workerItems = fail(ErrorCode::Internal, s("not run"));
        std::unique_ptr<QThread> worker(QThread::create([&] {
            workerName = db.connectionName();
            workerItems = ItemRepository(db).items({s("A100"), s("E600")});
            db.closeThreadConnection();
        }));
        worker->start();
        QVERIFY(worker->wait(60000));
        QVERIFY(workerName != mainName);
        VERIFY_OK(workerItems);
        QCOMPARE(workerItems->value(s("E600")).name, s("슬리브"));
        QVERIFY(!QSqlDatabase::contains(workerName));
        QVERIFY(QSqlDatabase::contains(mainName));
    }

    void reconnectsAfterLostConnection()
    {
        if (!isPg())
            QSKIP("an SQLite file cannot lose its connection");
        ErpDatabase db(config());
        QVERIFY(db.ping());
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(s("ERP connection lost during reading items")));
        {
            auto admin = m_server->openAdminConnection(s("terminator"));
            VERIFY_OK(admin);
            QSqlQuery kill(*admin);
            QVERIFY(kill.exec(s("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()")));
        }
        QSqlDatabase::removeDatabase(s("terminator"));
        const auto item = ItemRepository(db).item(s("A100"));
        QVERIFY2(item && item->has_value(), WHY(item));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestRepositories sqlite(TestRepositories::Backend::Sqlite);
    TestRepositories postgres(TestRepositories::Backend::PostgreSql);
    const int failures = QTest::qExec(&sqlite, argc, argv) + QTest::qExec(&postgres, argc, argv);
    return failures == 0 ? 0 : 1;
}

#include "test_repositories.moc"
