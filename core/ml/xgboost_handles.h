#pragma once

// Internal to core/ml: the only header that includes the XGBoost C API. Include it from .cpp files
// only, never from a header.

#include "core/common/error.h"

#include <xgboost/c_api.h>

#include <memory>

namespace routing::ml::xgb {

struct BoosterDeleter
{
    void operator()(void *handle) const
    {
        if (handle)
            XGBoosterFree(handle);
    }
};
struct DMatrixDeleter
{
    void operator()(void *handle) const
    {
        if (handle)
            XGDMatrixFree(handle);
    }
};
using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;

/// OK when rc == 0; otherwise `code` with "<what>: <XGBGetLastError()>".
Status check(int rc, ErrorCode code, const QString &what);

/// A dense float matrix, NaN = missing.
Result<DMatrixPtr> dmatrix(const float *data, quint64 rows, quint64 cols);
/// A new booster with `cache` matrices (may be empty).
Result<BoosterPtr> booster(void *const *cache, quint64 count);
Status setParam(void *booster, const char *name, const QString &value);

/// "1.7.4"
QString libraryVersion();

} // namespace routing::ml::xgb
