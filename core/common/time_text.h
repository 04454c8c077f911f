#pragma once

#include <QDateTime>
#include <QString>

namespace routing {

/// A time as operators read it in lists (`versions`, `jobs`, the Models tab): local time,
/// "yyyy-MM-dd HH:mm:ss"; "-" for an invalid (unknown) time.
QString localTimeText(const QDateTime &time);

} // namespace routing
