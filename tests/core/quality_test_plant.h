#pragma once

// A small ERP (real SQLite file, the contract's tables) and a prediction fixture with known
// answers, shared by the quality-loop tests. The fixture predictor is not a mock of the ML engine:
// it is a model whose predictions are chosen so every metric is known in advance.

#include "core/config/app_config.h"
#include "core/quality/prediction_source.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <atomic>

namespace routing::test {

/// 30 items Q001..Q030 (PART_TYPE FAM1/FAM2 alternating), each with three operations of
/// (10, CUT, WC1) and three of (20, MILL, WC2) in the 30 days before `asOf()`: qty 10, setup 10
/// minutes, run 10 minutes (1 per unit). One more operation per item lies before the window.
struct QualityTestPlant
{
    static QDateTime asOf() { return QDateTime(QDate(2025, 6, 1), QTime(0, 0)); }
    static constexpr int items = 30;

    static QString code(int i) { return QStringLiteral("Q%1").arg(i, 3, 10, QLatin1Char('0')); }

    static bool write(const QString &path, QString *error = nullptr)
    {
        const QString name = QStringLiteral("plant-") + QUuid::createUuid().toString(QUuid::Id128);
        bool ok = true;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            ok = db.open();
            QSqlQuery q(db);
            const auto exec = [&](const QString &sql, const QVariantList &values = {}) {
                if (!ok)
                    return;
                q.prepare(sql);
                for (const QVariant &v : values)
                    q.addBindValue(v);
                if (!q.exec()) {
                    ok = false;
                    if (error)
                        *error = q.lastError().text();
                }
            };
            exec(QStringLiteral(
                "CREATE TABLE BI_ITEM_INFO_VIEW (ITEM_CD TEXT, ITEM_NM TEXT, PART_TYPE TEXT)"));
            exec(QStringLiteral(
                "CREATE TABLE BI_WORK_ORDER_RESULTS (ITEM_CD TEXT, ROUT_NO TEXT, PROC_SEQ INTEGER, "
                "JOB_CD TEXT, CD_NM TEXT, RES_CD TEXT, RES_DIS TEXT, REPORT_DT TEXT, SETUP_HOURS "
                "REAL, "
                "MACH_WORKED_HOURS REAL, ORDER_QTY REAL, BAD_QTY REAL)"));
            db.transaction();
            for (int i = 1; i <= items; ++i) {
                exec(QStringLiteral("INSERT INTO BI_ITEM_INFO_VIEW VALUES (?, ?, ?)"),
                     {code(i), QStringLiteral("품목 %1").arg(i),
                      i % 2 ? QStringLiteral("FAM1") : QStringLiteral("FAM2")});
                for (int day : {-40, -20, -10, -2}) {
                    const QString at = asOf()
                                           .addDays(day)
                                           .addSecs(3600 * (i % 12))
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
                    exec(QStringLiteral("INSERT INTO BI_WORK_ORDER_RESULTS VALUES (?, '1', 10, "
                                        "'CUT', '절단', 'WC1', '', ?, 10, 10, 10, 0)"),
                         {code(i), at});
                    exec(QStringLiteral("INSERT INTO BI_WORK_ORDER_RESULTS VALUES (?, '1', 20, "
                                        "'MILL', '밀링', 'WC2', '', ?, 10, 10, 10, 0)"),
                         {code(i), at});
                }
            }
            db.commit();
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    /// A configuration whose files all live under `dir` and whose ERP is `erpPath`.
    static AppConfig config(const QString &dir, const QString &erpPath)
    {
        AppConfig c;
        c.sourceFile = QDir(dir).absoluteFilePath(QStringLiteral("config/iter_training.yaml"));
        c.paths.baseDir = QStringLiteral("..");
        c.database.path = erpPath;
        c.database.actualsUnit = QStringLiteral("minutes");
        c.sampling.sampleSize = 20;
        c.sampling.strategy = SamplingConfig::Strategy::Random;
        c.sampling.seed = 7;
        c.sampling.minPopulation = 10;
        c.evaluation.windowDays = 30;
        return c;
    }
};

/// Predicts each item's two steps exactly, plus `delta` minutes of setup: every operation's
/// error is then `delta`, so MAE = |delta| and bias = delta.
class FixturePredictionSource final : public quality::PredictionSource
{
public:
    std::atomic<double> delta{0.0};
    std::atomic<int> calls{0};
    std::atomic<int> sleepMs{0};            ///< per call, to make cycles slow enough to cancel
    std::atomic<QThread *> thread{nullptr}; ///< the thread of the last call
    std::atomic<QThread *> leaveOneOutThread{nullptr}; ///< the thread of the last hidden call
    std::optional<Error> failWith;          ///< the whole call fails
    QString wrongLeaveOneOutJob;            ///< the leave-one-out routing's second step
    QString leaveOneOutLeadingStep; ///< a step the leave-one-out routing has before the others
    QStringList prefetched;                 ///< the items of the last prefetch()
    std::atomic<QThread *> prefetchThread{nullptr};
    std::optional<Error> prefetchFailsWith;
    std::atomic<int> releases{0};

    Result<QList<quality::ItemPrediction>> predict(const QStringList &items,
                                                   bool hideOwnRouting) override
    {
        ++calls;
        thread = QThread::currentThread();
        if (hideOwnRouting)
            leaveOneOutThread = QThread::currentThread();
        if (sleepMs > 0)
            QThread::msleep(sleepMs);
        if (failWith)
            return std::unexpected(*failWith);
        QList<quality::ItemPrediction> out;
        for (const QString &item : items) {
            quality::ItemPrediction p;
            p.itemCode = item;
            p.source = hideOwnRouting ? QStringLiteral("similar_items") : QStringLiteral("routing");
            p.confidence = 1.0;
            const QString second = hideOwnRouting && !wrongLeaveOneOutJob.isEmpty()
                                       ? wrongLeaveOneOutJob
                                       : QStringLiteral("MILL");
            p.steps = {{10, QStringLiteral("CUT"), QStringLiteral("WC1"), 10.0 + delta, 1.0,
                        std::nullopt, std::nullopt, {}},
                       {20, second, QStringLiteral("WC2"), 10.0 + delta, 1.0, std::nullopt,
                        std::nullopt, {}}};
            if (hideOwnRouting && !leaveOneOutLeadingStep.isEmpty())
                p.steps.prepend({5, leaveOneOutLeadingStep, QStringLiteral("WC3"), 1.0, 1.0,
                                 std::nullopt, std::nullopt, {}});
            out << p;
        }
        return out;
    }
    Status prefetch(const QStringList &items) override
    {
        prefetched = items;
        prefetchThread = QThread::currentThread();
        if (prefetchFailsWith)
            return std::unexpected(*prefetchFailsWith);
        return {};
    }
    void release() override { ++releases; }
    QString modelVersion() const override { return QStringLiteral("fixture-1"); }
};

} // namespace routing::test
