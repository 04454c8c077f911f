#include "tests/support/test_paths.h"

#include <QtGlobal>

namespace routing::test {

QString sourceDir() { return qEnvironmentVariable("ROUTING_SOURCE_DIR"); }
QString consoleBinary() { return qEnvironmentVariable("ROUTING_CONSOLE_BIN"); }

} // namespace routing::test
