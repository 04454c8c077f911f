#include "core/common/error.h"

namespace routing {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok: return QStringLiteral("Ok");
    case ErrorCode::DatabaseConnection: return QStringLiteral("Database connection failed");
    case ErrorCode::ModelNotFound: return QStringLiteral("Model not found or invalid");
    case ErrorCode::QueueFull: return QStringLiteral("Training queue full");
    case ErrorCode::TrainingFailed: return QStringLiteral("Training failed");
    case ErrorCode::PredictionTimeout: return QStringLiteral("Prediction timeout");
    case ErrorCode::DiskLow: return QStringLiteral("Disk space low");
    case ErrorCode::MemoryHigh: return QStringLiteral("Memory usage high");
    case ErrorCode::MaeCritical: return QStringLiteral("MAE critical");
    case ErrorCode::ProcessMatchCritical: return QStringLiteral("Process match critical");
    case ErrorCode::Config: return QStringLiteral("Configuration invalid");
    case ErrorCode::Usage: return QStringLiteral("Command line invalid");
    case ErrorCode::InvalidData: return QStringLiteral("Invalid data");
    case ErrorCode::Io: return QStringLiteral("File I/O failed");
    case ErrorCode::Cancelled: return QStringLiteral("Cancelled");
    case ErrorCode::Internal: return QStringLiteral("Internal error");
    }
    return QStringLiteral("Unknown error");
}

QString Error::toString() const
{
    return QStringLiteral("[%1] %2: %3")
        .arg(static_cast<int>(code))
        .arg(errorCodeName(code), message);
}

} // namespace routing
