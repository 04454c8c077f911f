#pragma once

#include <QLoggingCategory>

// The ML engine's logging category; app/ routes it into spdlog like the others.
Q_DECLARE_LOGGING_CATEGORY(lcMl)
