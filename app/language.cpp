#include "app/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace routing::app {

QString peekLanguage(const QStringList &arguments)
{
    QString language;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--"))
            break; // what follows is positional, as for QCommandLineParser
        if (a == QLatin1String("--lang") && i + 1 < arguments.size())
            language = arguments.at(++i);
        else if (a.startsWith(QLatin1String("--lang=")))
            language = a.mid(7);
    }
    return language;
}

void installTranslators(const QString &language)
{
    const bool korean = language.isEmpty() ? QLocale::system().language() == QLocale::Korean
                                           : language == QLatin1String("ko");
    if (!korean)
        return;
    QLocale::setDefault(QLocale(QLocale::Korean, QLocale::SouthKorea));
    // Qt's own strings (QCommandLineParser's "Options:", "Unknown option '%1'.") come from qtbase.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QStringLiteral("qtbase_ko"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto *console = new QTranslator(QCoreApplication::instance());
    if (console->load(QStringLiteral(":/i18n/routing_console_ko.qm")))
        QCoreApplication::installTranslator(console);
}

} // namespace routing::app
