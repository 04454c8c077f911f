#pragma once

#include <QString>
#include <QStringList>

namespace routing::app {

/// The value of the last --lang on the command line (global or after the command, `--lang X` or
/// `--lang=X`), read before any parser runs so that parse errors are already translated.
QString peekLanguage(const QStringList &arguments);

/// Installs the Qt and console translators for `language` (ko|en; empty: the system locale).
/// Needs a QCoreApplication; the window and the commands both call it once, before any text.
void installTranslators(const QString &language);

} // namespace routing::app
