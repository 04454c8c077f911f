#pragma once

#include "core/jobs/job_queue.h"

#include <QString>

namespace routing::registry {
class ModelRegistry;
}

namespace routing::jobs {

/// What the console does with a worker that exited 0: reads DIR/result.json; a proposed candidate
/// is registered as a new version (moved out of the job directory), verified and activated
/// (kind deploy, actor = who asked for the job), then retention runs → SUCCEEDED with the
/// version; a candidate that did not beat the live model → SKIPPED (the candidate is removed,
/// result.json stays). Any failure → FAILED with the cause (a full disk, a corrupt candidate:
/// 1002), the live model untouched.
AttemptOutcome completeTrainedJob(const Job &job, const QString &jobDir,
                                  registry::ModelRegistry &registry);

} // namespace routing::jobs
