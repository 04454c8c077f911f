#include "app/command_registry.h"

#include "core/audit/audit_log.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

namespace routing::app {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    fflush(stdout);
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    fflush(stderr);
}

QString summaryText(const CommandSpec &spec)
{
    return QCoreApplication::translate("routing::app", spec.summary);
}

QString column(const QString &text, int width)
{
    int columns = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool wide = (u >= 0x1100 && u <= 0x115F) || (u >= 0x2E80 && u <= 0xA4CF) ||
                          (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0xF900 && u <= 0xFAFF) ||
                          (u >= 0xFF00 && u <= 0xFF60);
        columns += wide ? 2 : 1;
    }
    const QString fill(qMax(0, qAbs(width) - columns), u' ');
    return width < 0 ? text + fill : fill + text;
}

int usageError(const QString &command, const QString &message)
{
    printErr(command.isEmpty() ? QStringLiteral("routing-console: %1\n").arg(message)
                               : QStringLiteral("routing-console %1: %2\n").arg(command, message));
    return ExitUsage;
}

QString auditLogPath(const AppConfig &config)
{
    return QDir(config.dataDir()).absoluteFilePath(QStringLiteral("audit/audit.jsonl"));
}

const QList<CommandSpec> &allCommands()
{
    static const QList<CommandSpec> commands = [] {
        QList<CommandSpec> all;
        all << setupCommands();
        all << qualityCommands();
        all << predictCommands();
        all << jobCommands();
        all << serviceCommands();
        return all;
    }();
    return commands;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &c : allCommands())
        if (c.name == name)
            return &c;
    return nullptr;
}

} // namespace routing::app
