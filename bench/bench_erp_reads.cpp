// ERP read benchmark, run by hand (never part of CTest). Figures go to docs/performance.md
// ("Quality cycle").
//
//   build/bench/bench_erp_reads --plant /tmp/quality-bench/demo-20000.db --items 10000
//
// The three reads of a quality cycle on an existing plant (generate one with bench_quality or
// `routing-console init-demo`): item rows and current routings of `--items` items with actuals in
// the window (as the cycle's prediction source reads them: routings without names), and every
// work-order operation of the window. Each round runs them one after the other, then side by side
// in two threads (as the cycle does), and prints wall and thread CPU times: on a two-core machine
// the side-by-side run shows what the reads cost each other.

#include "core/config/app_config.h"
#include "core/data/erp_database.h"
#include "core/data/item_repository.h"
#include "core/data/routing_repository.h"
#include "core/data/sqlite_library.h"
#include "core/data/work_order_repository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

#include <ctime>
#include <thread>

using namespace routing;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

/// CPU time of the calling thread, in milliseconds (POSIX; 0 elsewhere).
double threadCpuMs()
{
#ifdef CLOCK_THREAD_CPUTIME_ID
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
#else
    return 0.0;
#endif
}

struct Timing
{
    qint64 wallMs = 0;
    double cpuMs = 0;
    qint64 rows = 0;
};

} // namespace

int main(int argc, char **argv)
{
    routing::tuneSqliteLibrary(); // as routing-console does, before any SQLite file opens
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the quality cycle's ERP reads."));
    parser.addHelpOption();
    const QCommandLineOption plantOption(QStringLiteral("plant"), QStringLiteral("SQLite plant."),
                                         QStringLiteral("file"));
    const QCommandLineOption itemsOption(QStringLiteral("items"),
                                         QStringLiteral("Items whose inputs are read."),
                                         QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption asOfOption(QStringLiteral("as-of"),
                                        QStringLiteral("End of the window (yyyy-MM-dd)."),
                                        QStringLiteral("date"), QStringLiteral("2025-05-16"));
    const QCommandLineOption windowOption(QStringLiteral("window-days"),
                                          QStringLiteral("Length of the window."),
                                          QStringLiteral("n"), QStringLiteral("180"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Rounds."),
                                          QStringLiteral("n"), QStringLiteral("3"));
    parser.addOptions({plantOption, itemsOption, asOfOption, windowOption, roundsOption});
    parser.process(app);
    const QString plant = parser.value(plantOption);
    const QDate asOf = QDate::fromString(parser.value(asOfOption), Qt::ISODate);
    if (plant.isEmpty() || !QFileInfo::exists(plant) || !asOf.isValid()) {
        QTextStream(stderr) << "bench_erp_reads: --plant must name an existing SQLite plant and "
                               "--as-of a date (yyyy-MM-dd)\n";
        return 2;
    }

    AppConfig config;
    config.database.path = plant;
    ErpDatabase db(config.database, QStringLiteral("bench-reads"));
    const QDateTime to(asOf, QTime(0, 0));
    const QDateTime from = to.addDays(-parser.value(windowOption).toInt());
    auto eligible = WorkOrderRepository(db).itemsWithActuals(from, to);
    if (!eligible) {
        QTextStream(stderr) << eligible.error().toString() << '\n';
        return 1;
    }
    const QStringList items = eligible->mid(0, parser.value(itemsOption).toInt());
    db.closeThreadConnection();
    out() << "# bench_erp_reads: " << plant << ", " << items.size() << " items, window "
          << from.toString(Qt::ISODate) << " .. " << to.toString(Qt::ISODate) << Qt::endl;

    Timing itemRows, routings, actuals;
    const auto readInputs = [&] {
        QElapsedTimer timer;
        timer.start();
        double cpu = threadCpuMs();
        const auto read = ItemRepository(db).items(items);
        itemRows = {timer.restart(), threadCpuMs() - cpu, read ? qint64(read->size()) : -1};
        cpu = threadCpuMs();
        const auto current =
            RoutingRepository(db).currentRoutings(items, RoutingRepository::Detail::Measures);
        routings = {timer.restart(), threadCpuMs() - cpu, current ? qint64(current->size()) : -1};
        db.closeThreadConnection();
    };
    const auto readActuals = [&] {
        QElapsedTimer timer;
        timer.start();
        const double cpu = threadCpuMs();
        qint64 rows = 0;
        const auto read = WorkOrderRepository(db).operationsInWindow(
            from, to, [&rows](const WorkOrderOp &) { return ++rows > 0; },
            WorkOrderRepository::Detail::Measures);
        actuals = {timer.elapsed(), threadCpuMs() - cpu, read ? rows : -1};
        db.closeThreadConnection();
    };
    out() << "| round | mode | items ms (cpu) | routings ms (cpu) | actuals ms (cpu) | wall ms |\n"
          << "|---|---|---|---|---|---|" << Qt::endl;
    const auto row = [](const Timing &t) {
        return QStringLiteral("%1 (%2)").arg(t.wallMs).arg(qRound(t.cpuMs));
    };
    for (int round = 1; round <= parser.value(roundsOption).toInt(); ++round) {
        for (const bool sideBySide : {false, true}) {
            QElapsedTimer wall;
            wall.start();
            if (sideBySide) {
                std::jthread second(readInputs);
                readActuals();
            } else {
                readInputs();
                readActuals();
            }
            out() << "| " << round << " | " << (sideBySide ? "side by side" : "one after the other")
                  << " | " << row(itemRows) << " | " << row(routings) << " | " << row(actuals)
                  << " | " << wall.elapsed() << " |" << Qt::endl;
            if (itemRows.rows < 0 || routings.rows < 0 || actuals.rows < 0) {
                QTextStream(stderr) << "bench_erp_reads: a read failed (see the log)\n";
                return 1;
            }
        }
    }
    out() << "rows: " << itemRows.rows << " items, " << routings.rows << " routings, "
          << actuals.rows << " operations" << Qt::endl;
    return 0;
}
