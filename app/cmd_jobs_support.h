#pragma once

// Shared by cmd_jobs.cpp and cmd_versions.cpp: the objects every job or registry command opens.

#include "app/command.h"
#include "core/audit/audit_log.h"
#include "core/jobs/job_queue.h"
#include "core/registry/model_registry.h"
#include "core/state/state_store.h"

#include <QList>

#include <memory>

namespace routing::app {

/// The state database, the audit log, the registry (recovered at open) and the queue.
struct JobsEnvironment
{
    std::unique_ptr<StateStore> state;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<registry::ModelRegistry> registry;
    std::unique_ptr<jobs::JobQueue> queue;

    /// Opens everything; on failure prints "routing-console <command>: <error>" and returns null.
    static std::unique_ptr<JobsEnvironment> open(const QString &command, const AppConfig &config);
};

/// Prints the error and returns ExitFailure.
int failure(const QString &command, const Error &error);

/// versions, activate, rollback, cleanup (cmd_versions.cpp).
QList<CommandSpec> versionCommands();

} // namespace routing::app
