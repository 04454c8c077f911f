#pragma once

#include <QString>

namespace routing::app {

/// Runs the window; needs a QApplication with the translators installed (installTranslators()).
/// Returns the process exit code.
int runGui(const QString &configPath);

} // namespace routing::app
