#include "core/ml/ml_logging.h"

Q_LOGGING_CATEGORY(lcMl, "routing.core.ml")
