// Times the demo plant generator and prints the figures docs/performance.md records.
//   bench_demo_plant [--items N] [--seed S] [--end-date YYYY-MM-DD] [--out FILE]
// Without --out the plant goes to a temporary directory that is removed afterwards.

#include "core/data/demo_plant_generator.h"
#include "core/data/sqlite_library.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

int main(int argc, char **argv)
{
    routing::tuneSqliteLibrary(); // as routing-console does, before any SQLite file opens
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Demo plant generation benchmark"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("items"), QStringLiteral("Items (default 20000)."),
                      QStringLiteral("N"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed (default 42)."),
                      QStringLiteral("S"), QStringLiteral("42")});
    parser.addOption({QStringLiteral("end-date"),
                      QStringLiteral("Last day of history (default 2025-06-30)."),
                      QStringLiteral("DATE"), QStringLiteral("2025-06-30")});
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("SQLite file to write."), QStringLiteral("FILE")});
    parser.process(app);

    QTextStream out(stdout);
    QTemporaryDir dir;
    routing::DemoPlantOptions options;
    options.items = parser.value(QStringLiteral("items")).toInt();
    options.seed = parser.value(QStringLiteral("seed")).toULongLong();
    options.endDate = QDate::fromString(parser.value(QStringLiteral("end-date")), Qt::ISODate);
    options.outFile = parser.isSet(QStringLiteral("out"))
                          ? parser.value(QStringLiteral("out"))
                          : dir.filePath(QStringLiteral("plant.db"));

    const auto summary = routing::generateDemoPlant(options);
    if (!summary) {
        out << summary.error().toString() << Qt::endl;
        return 1;
    }
    const double mb = QFileInfo(options.outFile).size() / 1048576.0;
    out << QStringLiteral("items              %1\n").arg(summary->items)
        << QStringLiteral("items with routing %1\n").arg(summary->itemsWithRouting)
        << QStringLiteral("part families      %1\n").arg(summary->partFamilies)
        << QStringLiteral("routing rows       %1\n").arg(summary->routingRows)
        << QStringLiteral("work-order rows    %1\n").arg(summary->workOrderRows)
        << QStringLiteral("history            %1 .. %2\n")
               .arg(summary->startDate.toString(Qt::ISODate),
                    summary->endDate.toString(Qt::ISODate))
        << QStringLiteral("drift              %1 on %2\n")
               .arg(summary->driftDate.toString(Qt::ISODate),
                    summary->driftWorkCentres.join(QLatin1Char(',')))
        << QStringLiteral("file size          %1 MiB\n").arg(mb, 0, 'f', 1)
        << QStringLiteral("seconds            %1\n").arg(summary->seconds, 0, 'f', 2)
        << QStringLiteral("work-order rows/s  %1\n")
               .arg(summary->workOrderRows / std::max(0.001, summary->seconds), 0, 'f', 0);
    return 0;
}
