#pragma once

#include <QLoggingCategory>

// One category per core area; app/ routes them into spdlog (app/log_setup.cpp).
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcData)
Q_DECLARE_LOGGING_CATEGORY(lcDemo)
Q_DECLARE_LOGGING_CATEGORY(lcAudit)
Q_DECLARE_LOGGING_CATEGORY(lcState)
