#include "core/audit/quality_log.h"

#include <QDir>
#include <QFileInfo>
#include <QUuid>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

namespace routing {

QualityLog::QualityLog(const QString &path, qint64 maxBytes, int maxFiles) : m_path(path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        QFile::encodeName(path).toStdString(), static_cast<std::size_t>(maxBytes),
        static_cast<std::size_t>(maxFiles));
    // Not registered globally: two QualityLog objects (tests) must not clash by name.
    m_logger = std::make_shared<spdlog::logger>(
        "quality-" + QUuid::createUuid().toString(QUuid::Id128).toStdString(), std::move(sink));
    m_logger->set_pattern("[%Y-%m-%d %H:%M:%S] %v");
    m_logger->set_level(spdlog::level::trace);
    m_logger->flush_on(spdlog::level::trace);
}

QualityLog::~QualityLog() = default;

QString QualityLog::levelName(Level level)
{
    switch (level) {
    case Level::Info: return QStringLiteral("INFO");
    case Level::Warning: return QStringLiteral("WARNING");
    case Level::Error: return QStringLiteral("ERROR");
    case Level::Critical: return QStringLiteral("CRITICAL");
    }
    return QStringLiteral("INFO");
}

void QualityLog::write(Level level, const QString &message)
{
    // One record per line: embedded newlines would break `grep ERROR` counting.
    QString text = message;
    text.replace(u'\n', u' ');
    const QByteArray line = (levelName(level) + QStringLiteral(": ") + text).toUtf8();
    m_logger->info(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
}

void QualityLog::flush()
{
    m_logger->flush();
}

} // namespace routing
