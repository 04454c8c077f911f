#pragma once

#include "core/config/app_config.h"

#include <QString>

namespace routing::jobs {

struct WorkerOptions
{
    /// End (as cancelled) when stdin reaches end-of-file: the runner holds the other end of the
    /// pipe, so a console that dies takes its worker with it instead of leaving an orphan.
    bool watchStdin = false;
};

/// The body of `routing-console worker --job DIR`, run in a child process of the console.
///
/// Reads DIR/job.json, reads the ERP (items, routings, work orders of the history window before
/// the job's training time), trains the candidates with the ML Trainer against the live model
/// named in the job, writes the candidate artifact directory DIR/candidate (complete or absent)
/// with its golden items for the smoke test, and DIR/result.json. Progress goes to stdout as JSON
/// Lines ({"type":"progress","percent":…,"step":…,"message":…}), ending with one
/// {"type":"result",…} or {"type":"error","code":…,"message":…} line. SIGTERM (and end of stdin
/// when watched) cancel between boosting rounds and batches.
///
/// Returns the process exit code: 0 trained (see result.json's decision), 3 failed or cancelled,
/// 4 the job directory is unusable.
int runTrainingWorker(const AppConfig &config, const QString &jobDir,
                      const WorkerOptions &options = {});

} // namespace routing::jobs
