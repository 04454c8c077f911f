#pragma once

#include "core/quality/retraining_trigger.h"

namespace routing::jobs {

class JobQueue;

/// Plugs the quality loop's retraining trigger into the training queue: a critical quality alert
/// becomes a PENDING job (source quality_alert, with the cycle that asked). The trigger checks
/// capacity, cooldown and duplicates first and records its decision; the queue checks again,
/// inside its own transaction, because another console may have enqueued meanwhile.
class JobQueueSink final : public quality::RetrainingRequestSink
{
public:
    explicit JobQueueSink(JobQueue &queue) : m_queue(queue) {}
    Result<quality::RetrainingQueueState> queueState() override;
    Result<QString> enqueue(const quality::RetrainingRequest &request) override;

private:
    JobQueue &m_queue;
};

} // namespace routing::jobs
