#pragma once

#include "core/ml/ml_types.h"
#include "core/ml/training_data.h"

#include <QDateTime>

namespace routing {
class ErpDatabase;
}

namespace routing::ml {

/// Reads what a training run needs from the ERP views through the repositories: every item, every
/// current routing, and the work-order operations with REPORT_DT in [from, to). Runs in the
/// calling thread on that thread's connection (never the GUI thread: it takes seconds).
class ErpTrainingSource final
{
public:
    explicit ErpTrainingSource(ErpDatabase &db) : m_db(db) {}

    /// Progress 0..100 of the read; cancellation is checked between batches and streamed rows.
    Result<TrainingData> load(const QDateTime &from, const QDateTime &to,
                              const ProgressCallback &progress = {},
                              const CancelFlag *cancel = nullptr) const;

private:
    ErpDatabase &m_db;
};

} // namespace routing::ml
