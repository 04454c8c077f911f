#include "core/audit/audit_log.h"
