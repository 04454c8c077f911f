#include "core/quality/quality_logging.h"

Q_LOGGING_CATEGORY(lcQuality, "routing.core.quality")
