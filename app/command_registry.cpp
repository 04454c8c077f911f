#include "app/command_registry.h"

#include "core/audit/audit_log.h"

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

int usageError(const QString &command, const QString &message)
{
    printErr(QStringLiteral("routing-console %1: %2\n").arg(command, message));
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
