#include "core/common/logging_categories.h"

Q_LOGGING_CATEGORY(lcConfig, "routing.core.config")
Q_LOGGING_CATEGORY(lcData, "routing.core.data")
Q_LOGGING_CATEGORY(lcDemo, "routing.core.demo")
Q_LOGGING_CATEGORY(lcAudit, "routing.core.audit")
Q_LOGGING_CATEGORY(lcState, "routing.core.state")
