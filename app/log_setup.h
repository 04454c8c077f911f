#pragma once

#include <QString>

namespace routing::app {

struct LogOptions
{
    QString logsDir;            ///< console.log goes here; empty: stderr only
    QString level = QStringLiteral("info");
    int maxFileMb = 10;
    int maxFiles = 5;
    int retentionDays = 30;
    bool echoToStderr = true;   ///< CLI commands echo warnings and errors to stderr
};

/// Routes every Qt logging category (core logs through them) into spdlog: a rotating UTF-8 file
/// `console.log` and, optionally, stderr. Prunes log files older than the retention.
void installLogging(const LogOptions &options);
void shutdownLogging();

} // namespace routing::app
