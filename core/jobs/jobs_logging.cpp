#include "core/jobs/jobs_logging.h"

Q_LOGGING_CATEGORY(lcJobs, "routing.core.jobs")
