#pragma once

#include "app/command.h"

#include <QList>

namespace routing::app {

/// Every subcommand, in the order the help lists them.
const QList<CommandSpec> &allCommands();
const CommandSpec *findCommand(const QString &name);

// One factory per app/cmd_*.cpp.
QList<CommandSpec> setupCommands(); ///< check-config, init-demo
QList<CommandSpec> predictCommands(); ///< predict
QList<CommandSpec> qualityCommands(); ///< evaluate
QList<CommandSpec> serviceCommands(); ///< serve
QList<CommandSpec> jobCommands();   ///< train, jobs, cancel, versions, activate, rollback, cleanup, worker

} // namespace routing::app
