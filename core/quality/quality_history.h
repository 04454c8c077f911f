#pragma once

#include "core/common/error.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace routing {
class StateStore;
}

namespace routing::quality {

/// One row of `quality_cycles`: what the trend chart and the debounce read back.
struct CycleHistoryRow
{
    QString cycleId;
    QDateTime startedAt;  ///< UTC
    QDateTime finishedAt; ///< UTC
    QDateTime asOf;       ///< plant wall clock
    QString status;       ///< running | succeeded | failed | cancelled
    int errorCode = 0;
    QString errorMessage;
    QString triggeredBy;
    QString strategy;
    int sampleSize = 0;
    QString seed;
    QString modelVersion;
    QString level; ///< normal | warning | critical ("" unless succeeded)
    QHash<QString, std::optional<double>> metrics; ///< keyed by QualityHistory::metricColumns()
    int itemsSampled = 0;
    int itemsEvaluated = 0;
    int itemsFailed = 0;
    int itemsWithoutActuals = 0;
    double durationSeconds = 0.0;
    QString reportPath;
    QString metricsJson; ///< the report's "metrics" object
};

/// The evaluation history in the state database.
class QualityHistory final
{
public:
    explicit QualityHistory(StateStore &state) : m_state(state) {}

    /// The metric columns, named as in the JSON report (mae_minutes, process_match, …).
    static const QStringList &metricColumns();

    /// Inserts a 'running' row under a new id derived from `startedAt` (UTC,
    /// "YYYYMMDDTHHMMSSZ", with "-2", "-3"… when that second is taken) and returns the id.
    Result<QString> begin(const QDateTime &startedAt, const QDateTime &asOf,
                          const QString &triggeredBy);
    /// Writes the finished row (status, metrics …) over the running one.
    Status finish(const CycleHistoryRow &row);
    /// Rows left 'running' by a console that died, started before `before`: marked failed.
    Result<int> markInterrupted(const QDateTime &before);

    /// Values of one metric in the latest `count` succeeded cycles other than `excludeCycle`,
    /// oldest first (nullopt where the cycle had no value).
    Result<QList<std::optional<double>>> previousValues(const QString &metric, int count,
                                                        const QString &excludeCycle);
    Result<std::optional<CycleHistoryRow>> lastSucceeded(const QString &excludeCycle = {});
    Result<std::optional<CycleHistoryRow>> cycle(const QString &cycleId);
    /// Newest first.
    Result<QList<CycleHistoryRow>> recent(int limit);
    /// Deletes rows started before `cutoff`, keeping the latest `keepSucceeded` succeeded ones.
    Result<int> prune(const QDateTime &cutoff, int keepSucceeded);

private:
    Result<QList<CycleHistoryRow>> select(const QString &tail, const QVariantList &values);

    StateStore &m_state;
};

} // namespace routing::quality
