#include "core/registry/registry_logging.h"

Q_LOGGING_CATEGORY(lcRegistry, "routing.core.registry")
