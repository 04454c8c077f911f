#include "core/quality/prediction_source.h"

namespace routing::quality {

PredictionSource::~PredictionSource() = default;

} // namespace routing::quality
