#include "core/registry/model_verifier.h"

#include "core/ml/routing_model.h"
#include "core/registry/golden_items.h"

namespace routing::registry {

ModelLoader mlModelLoader()
{
    return [](const QString &dir) -> Result<std::shared_ptr<const ml::RoutingModel>> {
        auto model = ml::RoutingModel::load(dir);
        if (!model)
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("the model does not load: %1").arg(model.error().message));
        const auto golden = GoldenSet::read(dir);
        if (!golden)
            return std::unexpected(golden.error());
        if (auto s = golden->check(*model); !s)
            return std::unexpected(s.error());
        return *model;
    };
}

} // namespace routing::registry
