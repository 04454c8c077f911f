#include "core/ml/xgboost_handles.h"

#include <cmath>

namespace routing::ml::xgb {

Status check(int rc, ErrorCode code, const QString &what)
{
    if (rc == 0)
        return {};
    const char *last = XGBGetLastError();
    return fail(code, QStringLiteral("XGBoost %1 failed: %2")
                          .arg(what, QString::fromUtf8(last ? last : "(no message)").trimmed()));
}

Result<DMatrixPtr> dmatrix(const float *data, quint64 rows, quint64 cols)
{
    DMatrixHandle handle = nullptr;
    const int rc = XGDMatrixCreateFromMat(data, bst_ulong(rows), bst_ulong(cols), std::nanf(""),
                                          &handle);
    DMatrixPtr owned(handle);
    if (const Status s = check(rc, ErrorCode::Internal, QStringLiteral("DMatrix creation")); !s)
        return std::unexpected(s.error());
    return owned;
}

Result<BoosterPtr> booster(void *const *cache, quint64 count)
{
    BoosterHandle handle = nullptr;
    const int rc = XGBoosterCreate(cache, bst_ulong(count), &handle);
    BoosterPtr owned(handle);
    if (const Status s = check(rc, ErrorCode::Internal, QStringLiteral("booster creation")); !s)
        return std::unexpected(s.error());
    return owned;
}

Status setParam(void *booster, const char *name, const QString &value)
{
    return check(XGBoosterSetParam(booster, name, value.toUtf8().constData()), ErrorCode::Internal,
                 QStringLiteral("parameter %1=%2").arg(QString::fromLatin1(name), value));
}

QString libraryVersion()
{
    int major = 0, minor = 0, patch = 0;
    XGBoostVersion(&major, &minor, &patch);
    return QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(patch);
}

} // namespace routing::ml::xgb
