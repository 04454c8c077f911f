#pragma once

#include "core/common/error.h"

#include <QString>

#include <functional>
#include <memory>

namespace routing::ml {
class RoutingModel;
}

namespace routing::registry {

/// Loads a version directory and proves it predicts; returns the loaded model (hot swap uses it,
/// so an activation loads the model once). A verifier that does not produce an ML model (tests
/// with hand-made files) returns a null pointer on success. Any failure must be
/// ErrorCode::ModelNotFound (1002) with a message naming the problem.
using ModelLoader =
    std::function<Result<std::shared_ptr<const ml::RoutingModel>>(const QString &versionDir)>;

/// The real one: RoutingModel::load() with the engine's own checks, then the smoke test — the
/// version's golden items (golden_items.json) predicted again and compared with what the model
/// predicted when it was trained.
ModelLoader mlModelLoader();

} // namespace routing::registry
