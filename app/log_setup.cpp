#include "app/log_setup.h"

#include "core/common/logging_categories.h"
#include "core/common/retention.h"
#include "core/data/sqlite_library.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <vector>

namespace routing::app {
namespace {

std::shared_ptr<spdlog::logger> g_logger;

spdlog::level::level_enum toSpdLevel(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return spdlog::level::debug;
    case QtInfoMsg: return spdlog::level::info;
    case QtWarningMsg: return spdlog::level::warn;
    case QtCriticalMsg: return spdlog::level::err;
    case QtFatalMsg: return spdlog::level::critical;
    }
    return spdlog::level::info;
}

void messageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (!g_logger)
        return;
    const char *category = context.category ? context.category : "default";
    const QByteArray text = message.toUtf8();
    g_logger->log(toSpdLevel(type), "[{}] {}", category, std::string_view(text.constData(), text.size()));
    if (type == QtFatalMsg) {
        g_logger->flush();
        std::abort();
    }
}

spdlog::level::level_enum parseLevel(const QString &level)
{
    if (level == QLatin1String("trace"))
        return spdlog::level::trace;
    if (level == QLatin1String("debug"))
        return spdlog::level::debug;
    if (level == QLatin1String("warning"))
        return spdlog::level::warn;
    if (level == QLatin1String("error"))
        return spdlog::level::err;
    return spdlog::level::info;
}

} // namespace

void installLogging(const LogOptions &options)
{
    std::vector<spdlog::sink_ptr> sinks;
    if (!options.logsDir.isEmpty() && QDir().mkpath(options.logsDir)) {
        pruneFilesOlderThan(options.logsDir, {QStringLiteral("*.log"), QStringLiteral("*.jsonl")},
                            options.retentionDays);
        const QString file = QDir(options.logsDir).absoluteFilePath(QStringLiteral("console.log"));
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                QFile::encodeName(file).toStdString(), std::size_t(options.maxFileMb) << 20,
                std::size_t(options.maxFiles)));
        } catch (const spdlog::spdlog_ex &e) {
            fprintf(stderr, "routing-console: cannot open log file %s: %s\n", qPrintable(file), e.what());
        }
    }
    if (options.echoToStderr) {
        auto err = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        err->set_level(spdlog::level::warn);
        err->set_pattern("routing-console: %l: %v");
        sinks.push_back(err);
    }
    g_logger = std::make_shared<spdlog::logger>("console", sinks.begin(), sinks.end());
    if (!sinks.empty() && !options.logsDir.isEmpty())
        sinks.front()->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
    const auto level = parseLevel(options.level);
    g_logger->set_level(level);
    g_logger->flush_on(spdlog::level::warn);
    // Core categories are verbose at debug; let the configured level decide.
    QLoggingCategory::setFilterRules(level <= spdlog::level::debug ? QStringLiteral("routing.*.debug=true")
                                                                   : QStringLiteral("routing.*.debug=false"));
    qInstallMessageHandler(messageHandler);
    const SqliteLibraryTuning sqlite = tuneSqliteLibrary(); // main() applied it; this reads it
    if (sqlite.memoryStatisticsOff)
        qCDebug(lcData) << "SQLite" << sqlite.libraryVersion << "memory statistics off";
    else
        qCDebug(lcData) << "SQLite library not tuned:" << sqlite.problem;
}

void shutdownLogging()
{
    qInstallMessageHandler(nullptr);
    if (g_logger)
        g_logger->flush();
    g_logger.reset();
}

} // namespace routing::app
