#pragma once

#include <QString>

#include <memory>

namespace spdlog {
class logger;
}

namespace routing {

/// The operator manual's performance log (§3.3): `logs/performance/performance.quality.log`,
/// lines `[YYYY-MM-DD HH:MM:SS] LEVEL: message`, UTF-8, rotated by size. Operators grep it.
class QualityLog final
{
public:
    enum class Level { Info, Warning, Error, Critical };

    /// `path` is the log file; `maxBytes` and `maxFiles` bound the rotation.
    QualityLog(const QString &path, qint64 maxBytes = 10 << 20, int maxFiles = 5);
    ~QualityLog();
    Q_DISABLE_COPY_MOVE(QualityLog)

    void write(Level level, const QString &message);
    void flush();
    QString path() const { return m_path; }

    static QString levelName(Level level);

private:
    QString m_path;
    std::shared_ptr<spdlog::logger> m_logger;
};

} // namespace routing
