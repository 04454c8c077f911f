#pragma once

#include <QString>

#include <expected>

namespace routing {

/// Operator-facing error codes. The numbers are the operator manual's table (§4, §7) so that an
/// operator who reads "1001" in the log finds it in the manual; codes we added start at 4xxx.
enum class ErrorCode : int {
    Ok = 0,
    DatabaseConnection = 1001, ///< database connection failed (or a view/column is missing)
    ModelNotFound = 1002,      ///< model not found, corrupt, or incompatible
    QueueFull = 1003,
    TrainingFailed = 1004,
    PredictionTimeout = 1005,
    DiskLow = 2001,
    MemoryHigh = 2002,
    MaeCritical = 3001,
    ProcessMatchCritical = 3002,
    Config = 4001,       ///< configuration file invalid
    Usage = 4002,        ///< command line invalid
    InvalidData = 4003,  ///< input data malformed (file, request, rows)
    Io = 4004,           ///< file system read/write failed
    Cancelled = 4005,
    Internal = 4099,
};

/// Short English name of a code, for logs ("DatabaseConnection").
QString errorCodeName(ErrorCode code);

/// An error as a value: a code and a message that names what is wrong and where.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;

    /// "[1001] Database connection failed: <message>"
    QString toString() const;
};

template<typename T>
using Result = std::expected<T, Error>;

/// Result of an operation that returns nothing on success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

} // namespace routing
