#pragma once

// Internal to core/jobs: small helpers shared by job_queue.cpp and job_queue_attempts.cpp.

#include <QDateTime>
#include <QVariant>

namespace routing::jobs::detail {

inline QDateTime nowOr(const QDateTime &now)
{
    return now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc();
}

inline QVariant nullInt()
{
    return QVariant(QMetaType(QMetaType::Int));
}

} // namespace routing::jobs::detail
