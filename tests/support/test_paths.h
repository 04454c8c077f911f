#pragma once

#include <QString>

namespace routing::test {

/// The source tree (for tests/data and the shipped config), from ROUTING_SOURCE_DIR.
QString sourceDir();
/// The built routing-console executable, from ROUTING_CONSOLE_BIN.
QString consoleBinary();

} // namespace routing::test
