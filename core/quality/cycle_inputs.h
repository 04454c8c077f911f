#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"
#include "core/data/erp_types.h"
#include "core/quality/prediction_source.h"
#include "core/quality/sampler.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>

#include <atomic>
#include <functional>

namespace routing {
class ErpDatabase;
}

namespace routing::quality {

/// Reads what sampling needs from the ERP, in the calling thread's connection: the items with
/// actuals in [from, to), their strata (stratified) and the items with recent actuals
/// (recent_bias).
Result<SamplePopulation> readSamplePopulation(ErpDatabase &erp, SamplingConfig::Strategy strategy,
                                              const QString &strataColumn, const QDateTime &from,
                                              const QDateTime &to, const QDateTime &recentFrom);

/// Item → PART_TYPE for every item of the master.
Result<QHash<QString, QString>> readPartTypes(ErpDatabase &erp);

/// Work-order operations of `items` in [from, to). Small samples use the repository's batched
/// IN (…) reads; large ones one forward pass over the window, filtered here (fewer scans). The
/// names (CD_NM, RES_DIS) and BAD_QTY are not read: the cycle only measures.
Result<QList<WorkOrderOp>> readActuals(ErpDatabase &erp, const QStringList &items,
                                       const QDateTime &from, const QDateTime &to);

/// The predictions for `items` with their own routing (`hideOwnRouting` false) or as if they
/// were new (true, the leave-one-out call), `batchSize` at a time, by normalised code, checking
/// `cancel` between batches and reporting the share done (`progress` may be empty). A failed call
/// fails the whole read (model missing, timeout).
Result<QHash<QString, ItemPrediction>>
predictInBatches(PredictionSource &source, const QStringList &items, bool hideOwnRouting,
                 int batchSize, const std::atomic<bool> *cancel,
                 const std::function<void(qsizetype done, qsizetype total)> &progress);

} // namespace routing::quality
