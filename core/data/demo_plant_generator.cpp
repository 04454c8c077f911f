#include "core/data/demo_plant_generator.h"

#include "core/common/logging_categories.h"
#include "core/config/erp_contract.h"
#include "core/data/demo_plant_model.h"
#include "core/data/demo_plant_work_orders.h"
#include "core/data/sql_dialect.h"
#include "core/data/sqlite_bulk_inserter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QUuid>

#include <filesystem>
#include <system_error>

namespace routing {
namespace {

constexpr int kGeneratorVersion = 1;
constexpr int kMaxItems = 2'000'000;
constexpr int kMaxHistoryDays = 3650;

const QString kItemTable = QStringLiteral("BI_ITEM_INFO_VIEW");
const QString kRoutingTable = QStringLiteral("BI_ROUTING_VIEW");
const QString kWorkOrderTable = QStringLiteral("BI_WORK_ORDER_RESULTS");
/// Work orders are generated item by item (each item has its own random stream), but an ERP
/// appends results as they are reported. They are written to this table in a scratch file beside
/// the plant first, then copied in REPORT_DT order: a time window's rows lie together on disk, as
/// in a production table clustered on its identity or date key (docs/database.md).
const QString kStagingSchema = QStringLiteral("staging");
const QString kStagedWorkOrders = kStagingSchema + QStringLiteral(".") + kWorkOrderTable;
const QString kInfoTable = QStringLiteral("DEMO_PLANT_INFO");

// SQLite column types of the contract's columns: numeric(18,4) -> REAL, int -> INTEGER.
QString columnType(const QString &column)
{
    static const QSet<QString> integers = {QStringLiteral("PROC_SEQ"),
                                           QStringLiteral("ROTATE_CLOCKWISE"),
                                           QStringLiteral("ROTATE_CTRCLOCKWISE")};
    static const QSet<QString> reals = {
        QStringLiteral("OUTDIAMETER"),  QStringLiteral("INDIAMETER"),
        QStringLiteral("OUTTHICKNESS"), QStringLiteral("IN_SEALSIZE"),
        QStringLiteral("MID_SEALSIZE"), QStringLiteral("OUT_SEALSIZE"),
        QStringLiteral("SETUP_TIME"),   QStringLiteral("RUN_TIME"),
        QStringLiteral("SETUP_HOURS"),  QStringLiteral("MACH_WORKED_HOURS"),
        QStringLiteral("ORDER_QTY"),    QStringLiteral("BAD_QTY")};
    if (integers.contains(column))
        return QStringLiteral("INTEGER");
    if (reals.contains(column))
        return QStringLiteral("REAL");
    return QStringLiteral("TEXT");
}

QString createTableSql(const QString &table, const QStringList &columns, const QString &primaryKey)
{
    QStringList defs;
    for (const QString &c : columns) {
        QString def = c + QLatin1Char(' ') + columnType(c);
        if (c == primaryKey)
            def += QStringLiteral(" NOT NULL PRIMARY KEY");
        defs << def;
    }
    return QStringLiteral("CREATE TABLE %1 (%2)").arg(table, defs.join(QStringLiteral(", ")));
}

/// 'YYYY-MM-DD HH:MM:SS' from a precomputed 'YYYY-MM-DD ' and a second of the day.
QString dateTimeText(const QString &dayPrefix, int second)
{
    QString text(19, Qt::Uninitialized);
    QChar *out = text.data();
    std::copy(dayPrefix.constBegin(), dayPrefix.constEnd(), out);
    const int parts[] = {second / 3600, second / 60 % 60, second % 60};
    for (int i = 0; i < 3; ++i) {
        out[11 + 3 * i] = QChar(u'0' + parts[i] / 10);
        out[12 + 3 * i] = QChar(u'0' + parts[i] % 10);
        if (i < 2)
            out[13 + 3 * i] = QLatin1Char(':');
    }
    return text;
}

class ProgressReporter
{
public:
    explicit ProgressReporter(const std::function<void(int)> &callback) : m_callback(callback) {}
    void report(int percent)
    {
        if (m_callback && percent > m_last) {
            m_last = percent;
            m_callback(percent);
        }
    }

private:
    const std::function<void(int)> &m_callback;
    int m_last = -1;
};

Status exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return fail(ErrorCode::Io, q.lastError().text());
    return {};
}

Status createSchema(QSqlDatabase &db, const QString &stagingPath)
{
    {
        QSqlQuery attach(db); // outside any transaction, as SQLite requires
        if (!attach.prepare(QStringLiteral("ATTACH DATABASE ? AS %1").arg(kStagingSchema)))
            return fail(ErrorCode::Io, attach.lastError().text());
        attach.addBindValue(stagingPath);
        if (!attach.exec())
            return fail(ErrorCode::Io, attach.lastError().text());
    }
    // The file is private until renamed: no journal, no fsync; a crash just leaves a temp file.
    const QStringList sqls = {
        QStringLiteral("PRAGMA page_size=8192"),
        QStringLiteral("PRAGMA journal_mode=OFF"),
        QStringLiteral("PRAGMA synchronous=OFF"),
        QStringLiteral("PRAGMA locking_mode=EXCLUSIVE"),
        QStringLiteral("PRAGMA %1.journal_mode=OFF").arg(kStagingSchema),
        QStringLiteral("PRAGMA %1.synchronous=OFF").arg(kStagingSchema),
        // Sorts (the ordered copy, the indexes) spill to temporary files, not to memory: a plant
        // of a million items would not fit.
        QStringLiteral("PRAGMA temp_store=FILE"),
        QStringLiteral("PRAGMA cache_size=-65536"),
        createTableSql(kItemTable, erp::itemColumns(), QStringLiteral("ITEM_CD")),
        createTableSql(kRoutingTable, erp::routingColumns(), {}),
        createTableSql(kWorkOrderTable, erp::workOrderColumns(), {}),
        createTableSql(kStagedWorkOrders, erp::workOrderColumns(), {}),
        QStringLiteral("CREATE TABLE %1 (key TEXT PRIMARY KEY, value TEXT)").arg(kInfoTable)};
    for (const QString &sql : sqls) {
        if (auto s = exec(db, sql); !s)
            return s;
    }
    return {};
}

Status loadItemsAndRoutings(QSqlDatabase &db, const demo::DemoPlantModel &model,
                            DemoPlantSummary &summary)
{
    const demo::Catalogue &cat = model.catalogue();
    SqliteBulkInserter items(db, kItemTable, demo::DemoItem::kColumns);
    SqliteBulkInserter routings(db, kRoutingTable, int(erp::routingColumns().size()));
    if (auto s = items.prepare(); !s)
        return s;
    if (auto s = routings.prepare(); !s)
        return s;
    const QString inHouse = QStringLiteral("사내");
    const QString outsourced = QStringLiteral("외주");
    const QString minutes = QStringLiteral("분(Min.)");
    const qsizetype partTypeColumn = erp::itemColumns().indexOf(QStringLiteral("PART_TYPE"));
    QSet<QString> families;
    for (const demo::DemoItem &item : model.items()) {
        for (const QVariant &v : item.record)
            items.add(v);
        if (auto s = items.endRow(); !s)
            return s;
        families.insert(item.record[size_t(partTypeColumn)].toString());
        if (!item.routings.empty())
            ++summary.itemsWithRouting;
        for (const demo::RoutingVersion &version : item.routings) {
            for (const demo::RoutingStep &step : version.steps) {
                const demo::Process &proc = cat.processes[size_t(step.process)];
                const demo::WorkCentre &centre = cat.centres[size_t(step.centre)];
                for (const QVariant &v :
                     {QVariant(item.code), QVariant(version.routNo), QVariant(step.procSeq),
                      QVariant(proc.code), QVariant(proc.name), QVariant(centre.code),
                      QVariant(centre.name), QVariant(proc.outsourced ? outsourced : inHouse),
                      QVariant(step.stdSetup), QVariant(step.stdRun), QVariant(minutes),
                      QVariant(version.insertedAt)})
                    routings.add(v);
                if (auto s = routings.endRow(); !s)
                    return s;
            }
        }
    }
    if (auto s = items.finish(); !s)
        return s;
    if (auto s = routings.finish(); !s)
        return s;
    summary.partFamilies = int(families.size());
    summary.routingRows = int(routings.rows());
    return {};
}

/// Streams the work-order history item by item into the staging table (never held in memory as a
/// whole), then copies it into the view's table in the order the results were reported.
Status loadWorkOrders(QSqlDatabase &db, const demo::DemoPlantModel &model,
                      const demo::DemoWorkOrders &history, DemoPlantSummary &summary,
                      ProgressReporter &progress)
{
    const demo::Catalogue &cat = model.catalogue();
    std::vector<QString> dayPrefix;
    for (int d = 0; d < model.historyDays() + 2; ++d)
        dayPrefix.push_back(model.startDate().addDays(d).toString(Qt::ISODate) + QLatin1Char(' '));
    SqliteBulkInserter orders(db, kStagedWorkOrders, int(erp::workOrderColumns().size()));
    if (auto s = orders.prepare(); !s)
        return s;
    Status inserted; // success until a statement fails
    const int itemCount = int(model.items().size());
    for (int i = 0; i < itemCount && inserted; ++i) {
        history.forItem(i, [&](const demo::WorkOrderRow &row) {
            if (!inserted)
                return;
            const demo::Process &proc = cat.processes[size_t(row.step->process)];
            const demo::WorkCentre &centre = cat.centres[size_t(row.centre)];
            orders.add(row.item->code);
            orders.add(row.routing->routNo);
            orders.add(row.step->procSeq);
            orders.add(proc.code);
            orders.add(proc.name);
            orders.add(centre.code);
            orders.add(centre.name);
            orders.add(dateTimeText(dayPrefix[size_t(row.day)], row.secondOfDay));
            orders.add(row.setupHours);
            orders.add(row.runHours);
            orders.add(double(row.qty));
            orders.add(double(row.bad));
            inserted = orders.endRow();
        });
        progress.report(10 + int(80LL * (i + 1) / itemCount));
    }
    if (!inserted)
        return inserted;
    if (auto s = orders.finish(); !s)
        return s;
    summary.workOrderRows = orders.rows();
    // rowid breaks ties in REPORT_DT: equal inputs, equal files.
    return exec(db, QStringLiteral("INSERT INTO main.%1 SELECT * FROM %2 ORDER BY REPORT_DT, rowid")
                        .arg(kWorkOrderTable, kStagedWorkOrders));
}

/// What was generated, for operators and tests. No timestamp: equal inputs, equal files.
Status writeInfo(QSqlDatabase &db, const DemoPlantOptions &options,
                 const demo::DemoWorkOrders &history, const DemoPlantSummary &summary)
{
    const QList<std::pair<QString, QString>> info = {
        {QStringLiteral("generator_version"), QString::number(kGeneratorVersion)},
        {QStringLiteral("seed"), QString::number(options.seed)},
        {QStringLiteral("items"), QString::number(summary.items)},
        {QStringLiteral("items_with_routing"), QString::number(summary.itemsWithRouting)},
        {QStringLiteral("routing_rows"), QString::number(summary.routingRows)},
        {QStringLiteral("work_order_rows"), QString::number(summary.workOrderRows)},
        {QStringLiteral("part_families"), QString::number(summary.partFamilies)},
        {QStringLiteral("history_days"), QString::number(options.historyDays)},
        {QStringLiteral("start_date"), summary.startDate.toString(Qt::ISODate)},
        {QStringLiteral("end_date"), summary.endDate.toString(Qt::ISODate)},
        {QStringLiteral("drift_date"), summary.driftDate.toString(Qt::ISODate)},
        {QStringLiteral("drift_work_centres"), summary.driftWorkCentres.join(QLatin1Char(','))},
        {QStringLiteral("drift_run_time_factor"), QString::number(history.driftFactor(), 'f', 2)},
        {QStringLiteral("drift_expected_share"), QString::number(history.driftShare(), 'f', 3)},
        {QStringLiteral("outlier_rate"), QString::number(demo::DemoWorkOrders::kOutlierRate)},
        {QStringLiteral("actuals_unit"), QStringLiteral("hours")},
        {QStringLiteral("standard_time_unit"), QStringLiteral("분(Min.)")},
    };
    QSqlQuery insert(db);
    if (!insert.prepare(
            QStringLiteral("INSERT INTO %1 (key, value) VALUES (?, ?)").arg(kInfoTable)))
        return fail(ErrorCode::Io, insert.lastError().text());
    for (const auto &[key, value] : info) {
        insert.bindValue(0, key);
        insert.bindValue(1, value);
        if (!insert.exec())
            return fail(ErrorCode::Io, insert.lastError().text());
    }
    return {};
}

/// Indexes after the load: building them once is far cheaper than maintaining them per row.
/// The repositories compare item codes normalised (SqlDialect::normalizedCode, docs/database.md),
/// so the code indexes are on that very expression: SQLite then seeks them for `IN (…)` batches
/// instead of scanning the whole view once per batch.
Status buildIndexes(QSqlDatabase &db, ProgressReporter &progress)
{
    const SqlDialect dialect(SqlDialectKind::Sqlite);
    const QString code = dialect.normalizedCode(dialect.quoteIdentifier(QStringLiteral("ITEM_CD")));
    const QStringList sqls = {
        QStringLiteral("CREATE INDEX IX_WO_ITEM_DATE ON %1 (%2, REPORT_DT)").arg(kWorkOrderTable, code),
        QStringLiteral("CREATE INDEX IX_WO_DATE ON %1 (REPORT_DT)").arg(kWorkOrderTable),
        QStringLiteral("CREATE INDEX IX_ROUTING_ITEM ON %1 (%2, ROUT_NO, PROC_SEQ)").arg(kRoutingTable, code),
        QStringLiteral("CREATE INDEX IX_ITEM_CODE ON %1 (%2)").arg(kItemTable, code),
        QStringLiteral("ANALYZE")};
    for (int i = 0; i < sqls.size(); ++i) {
        if (auto s = exec(db, sqls.at(i)); !s)
            return s;
        progress.report(92 + 2 * i);
    }
    return {};
}

/// The whole load, on an open connection to the temporary file; `stagingPath` is a scratch file.
Result<DemoPlantSummary> writePlant(QSqlDatabase &db, const QString &stagingPath,
                                    const DemoPlantOptions &options, QDate startDate, QDate endDate,
                                    ProgressReporter &progress)
{
    if (auto s = createSchema(db, stagingPath); !s)
        return std::unexpected(s.error());
    if (!db.transaction())
        return fail(ErrorCode::Io, db.lastError().text());

    QElapsedTimer phase;
    phase.start();
    const demo::DemoPlantModel model(options.seed, options.items, startDate, options.historyDays);
    const demo::DemoWorkOrders history(model);
    progress.report(5);
    qCDebug(lcDemo) << "model built in" << phase.restart() << "ms";

    DemoPlantSummary summary;
    summary.items = options.items;
    summary.startDate = startDate;
    summary.endDate = endDate;
    summary.driftDate = startDate.addDays(history.driftDay());
    for (int c : history.driftCentres())
        summary.driftWorkCentres << model.catalogue().centres[size_t(c)].code;

    if (auto s = loadItemsAndRoutings(db, model, summary); !s)
        return std::unexpected(s.error());
    progress.report(10);
    qCDebug(lcDemo) << "items and routings loaded in" << phase.restart() << "ms";

    if (auto s = loadWorkOrders(db, model, history, summary, progress); !s)
        return std::unexpected(s.error());
    if (auto s = writeInfo(db, options, history, summary); !s)
        return std::unexpected(s.error());
    if (!db.commit())
        return fail(ErrorCode::Io, db.lastError().text());
    progress.report(91);
    qCDebug(lcDemo) << "work orders loaded in" << phase.restart() << "ms";

    if (auto s = buildIndexes(db, progress); !s)
        return std::unexpected(s.error());
    qCDebug(lcDemo) << "indexes built in" << phase.restart() << "ms";
    return summary;
}

Status validate(const DemoPlantOptions &options)
{
    if (options.items < 1 || options.items > kMaxItems)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("demo plant: items must be 1..%1, not %2")
                        .arg(kMaxItems)
                        .arg(options.items));
    if (options.historyDays < 1 || options.historyDays > kMaxHistoryDays)
        return fail(ErrorCode::InvalidData,
                    QStringLiteral("demo plant: history days must be 1..%1, not %2")
                        .arg(kMaxHistoryDays)
                        .arg(options.historyDays));
    if (options.outFile.isEmpty())
        return fail(ErrorCode::InvalidData, QStringLiteral("demo plant: no output file given"));
    return {};
}

} // namespace

Result<DemoPlantSummary> generateDemoPlant(const DemoPlantOptions &options,
                                           const std::function<void(int percent)> &progress)
{
    if (auto s = validate(options); !s)
        return std::unexpected(s.error());
    QElapsedTimer timer;
    timer.start();
    ProgressReporter reporter(progress);
    reporter.report(0);

    const QDate endDate = options.endDate.isValid() ? options.endDate : QDate::currentDate();
    const QDate startDate = endDate.addDays(-(options.historyDays - 1));
    const QFileInfo out(options.outFile);
    const QString outPath = out.absoluteFilePath();
    auto ioError = [&outPath](const QString &why) {
        return fail(ErrorCode::Io,
                    QStringLiteral("cannot write demo plant %1: %2").arg(outPath, why));
    };
    if (!QDir().mkpath(out.absolutePath()))
        return ioError(QStringLiteral("cannot create directory %1").arg(out.absolutePath()));

    // The temporary file sits beside the target so the final rename stays on one file system.
    QTemporaryFile temp(out.absolutePath() + QStringLiteral("/.") + out.fileName() +
                        QStringLiteral(".XXXXXX.tmp"));
    if (!temp.open())
        return ioError(temp.errorString());
    const QString tempPath = temp.fileName();
    temp.close();
    const QString stagingPath = tempPath + QStringLiteral(".staging");

    const QString connection =
        QStringLiteral("demo-plant-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    Result<DemoPlantSummary> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(tempPath);
        if (!db.open()) {
            result = fail(ErrorCode::Io, db.lastError().text());
        } else {
            // On failure nothing is rolled back (there is no journal): the file is deleted.
            result = writePlant(db, stagingPath, options, startDate, endDate, reporter);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    QFile::remove(stagingPath);
    if (!result) {
        QFile::remove(tempPath);
        qCWarning(lcDemo) << "demo plant generation failed:" << result.error().message;
        return ioError(result.error().message);
    }

    // Replaces an existing plant atomically (POSIX rename; MoveFileEx on Windows).
    std::error_code ec;
    std::filesystem::rename(QFileInfo(tempPath).filesystemFilePath(), out.filesystemFilePath(), ec);
    if (ec) {
        QFile::remove(tempPath);
        return ioError(QString::fromLocal8Bit(ec.message()));
    }
    temp.setAutoRemove(false); // the name now belongs to the plant
    result->seconds = timer.elapsed() / 1000.0;
    reporter.report(100);
    qCInfo(lcDemo).noquote()
        << QStringLiteral("demo plant written: %1 (%2 items, %3 routing rows, %4 work-order "
                          "rows, drift at %5 on %6) in %7 s")
               .arg(outPath)
               .arg(result->items)
               .arg(result->routingRows)
               .arg(result->workOrderRows)
               .arg(result->driftDate.toString(Qt::ISODate),
                    result->driftWorkCentres.join(QLatin1Char(',')))
               .arg(result->seconds, 0, 'f', 1);
    return result;
}

} // namespace routing
