#include "core/jobs/job_queue_sink.h"

#include "core/jobs/job_queue.h"

namespace routing::jobs {

Result<quality::RetrainingQueueState> JobQueueSink::queueState()
{
    const auto c = m_queue.counts();
    if (!c)
        return std::unexpected(c.error());
    quality::RetrainingQueueState s;
    s.queuedOrRunning = c->pending + c->running;
    s.automaticQueuedOrRunning = c->automaticQueuedOrRunning;
    s.lastAutomaticEnqueuedAt = c->lastAutomaticEnqueuedAt;
    return s;
}

Result<QString> JobQueueSink::enqueue(const quality::RetrainingRequest &request)
{
    JobRequest r;
    r.automatic = request.automatic;
    r.source = request.automatic ? JobSource::QualityAlert : JobSource::Operator;
    r.requestedBy = request.requestedBy;
    r.reason = request.reason;
    r.cycleId = request.cycleId;
    r.asOf = request.trainAsOf;
    const auto job = m_queue.enqueue(r, request.requestedAt);
    if (!job)
        return std::unexpected(job.error());
    if (job->state == JobState::Deferred)
        return std::unexpected(job->error.value_or(Error{ErrorCode::QueueFull, job->message}));
    return job->id;
}

} // namespace routing::jobs
