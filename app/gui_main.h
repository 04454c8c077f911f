#pragma once

#include <QString>

namespace routing::app {

/// Runs the window; needs a QApplication. Returns the process exit code.
int runGui(const QString &configPath, const QString &language);

/// Installs the Qt and console translators for `language` (ko|en; empty: the system locale).
void installTranslators(const QString &language);

} // namespace routing::app
