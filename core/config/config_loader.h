#pragma once

#include "core/common/error.h"
#include "core/config/app_config.h"

namespace routing {

/// Reads and validates `iter_training.yaml`. Every problem is reported, each naming the key, the
/// file, the line and column, and the allowed values; nothing half-valid is returned.
class ConfigLoader final
{
public:
    /// Loads a file. The error (code Config) lists every problem, one per line.
    static Result<AppConfig> loadFile(const QString &path);
    /// Loads YAML text; `fileName` is used in messages and to resolve relative paths.
    static Result<AppConfig> loadText(const QByteArray &yaml, const QString &fileName);

    /// The configuration file to use when --config is not given: $ROUTING_CONSOLE_CONFIG, else
    /// ./config/iter_training.yaml, else <exe>/../share/routing-console/config/iter_training.yaml,
    /// else <exe>/../../config/iter_training.yaml (a build tree). Empty when none exists.
    static QString defaultConfigPath();
};

} // namespace routing
