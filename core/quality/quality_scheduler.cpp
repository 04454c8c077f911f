#include "core/quality/quality_scheduler.h"

#include "core/audit/audit_log.h"
#include "core/quality/prediction_source.h"
#include "core/quality/quality_cycle_worker.h"
#include "core/quality/quality_logging.h"
#include "core/quality/retraining_trigger.h"

#include <QThread>

#include <algorithm>
#include <limits>

namespace routing::quality {

QualityScheduler::QualityScheduler(AppConfig config, std::shared_ptr<PredictionSource> predictor,
                                   QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_predictor(std::move(predictor))
{
    qRegisterMetaType<routing::quality::CycleReport>();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &QualityScheduler::onTimer);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this,
            [this] {
                qCWarning(lcQuality)
                    << "quality cycle exceeded schedule.max_execution_seconds; cancelling it";
                cancelCurrent();
            });
}

QualityScheduler::~QualityScheduler()
{
    m_timer.stop();
    if (m_worker)
        m_worker->cancel();
    if (m_worker)
        disconnect(m_worker, nullptr, this, nullptr);
    if (m_thread) {
        // The worker quits its thread when it finishes; wait for that so nothing outlives us.
        QThread *thread = m_thread;
        thread->wait();
        delete thread;
    }
}

void QualityScheduler::setRetryBackoff(std::chrono::milliseconds first,
                                       std::chrono::milliseconds cap)
{
    m_backoffFirst = std::max(first, std::chrono::milliseconds(1));
    m_backoffCap = std::max(cap, m_backoffFirst);
}

QDateTime QualityScheduler::nextScheduledRun(const ScheduleConfig &schedule, const QDateTime &now)
{
    if (schedule.intervalMinutes > 0)
        return now.addSecs(qint64(schedule.intervalMinutes) * 60);
    if (schedule.dailyTime) {
        QDateTime at(now.date(), *schedule.dailyTime, now.timeSpec());
        if (at <= now)
            at = QDateTime(now.date().addDays(1), *schedule.dailyTime, now.timeSpec());
        return at;
    }
    return {};
}

void QualityScheduler::arm(const QDateTime &at, bool retry)
{
    m_retryPending = retry;
    m_nextRunAt = at;
    if (at.isValid()) {
        const qint64 ms = std::max<qint64>(0, QDateTime::currentDateTime().msecsTo(at));
        m_timer.setTimerType(ms < 60'000 ? Qt::PreciseTimer : Qt::VeryCoarseTimer);
        m_timer.start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())));
    } else {
        m_timer.stop();
    }
    emit nextRunChanged(at);
}

void QualityScheduler::start()
{
    if (!m_config.schedule.enabled)
        return;
    m_scheduled = true;
    if (!m_retryPending && !isCycleRunning())
        arm(nextScheduledRun(m_config.schedule, QDateTime::currentDateTime()), false);
}

void QualityScheduler::stop()
{
    m_scheduled = false;
    m_retryPending = false;
    arm({}, false);
}

void QualityScheduler::onTimer()
{
    const bool retry = m_retryPending;
    m_retryPending = false;
    CycleOptions options = m_options;
    options.trigger = retry ? QStringLiteral("retry") : QStringLiteral("schedule");
    if (!runNow(options)) {
        emit cycleSkipped(QStringLiteral("the previous quality cycle is still running"));
        if (m_scheduled)
            arm(nextScheduledRun(m_config.schedule, QDateTime::currentDateTime()), false);
    }
}

bool QualityScheduler::runNow()
{
    CycleOptions options = m_options;
    options.trigger = QStringLiteral("manual");
    return runNow(options);
}

bool QualityScheduler::runNow(const CycleOptions &options)
{
    if (isCycleRunning())
        return false;
    auto *worker = new QualityCycleWorker(m_config, options, m_predictor, m_sink, m_audit);
    m_worker = worker;
    connect(worker, &QualityCycleWorker::progress, this, &QualityScheduler::cycleProgress);
    connect(worker, &QualityCycleWorker::finished, this, &QualityScheduler::onFinished);
    m_thread = QualityCycleWorker::startInThread(worker);
    m_watchdog.start(int(std::min<qint64>(qint64(m_config.schedule.maxExecutionSeconds) * 1000,
                                          std::numeric_limits<int>::max())));
    emit cycleStarted(options.trigger);
    return true;
}

void QualityScheduler::cancelCurrent()
{
    if (m_worker)
        m_worker->cancel();
}

void QualityScheduler::onFinished(const CycleReport &report)
{
    m_watchdog.stop();
    m_worker = nullptr; // deleted with its thread
    const bool outage = report.status == CycleStatus::Failed && report.error &&
                        (report.error->code == ErrorCode::DatabaseConnection ||
                         report.error->code == ErrorCode::PredictionTimeout);
    if (report.status == CycleStatus::Succeeded) {
        m_failures = 0;
        m_lastGood = report;
    } else if (report.status == CycleStatus::Failed) {
        ++m_failures;
    }
    if (outage) {
        const int exponent = std::min(m_failures - 1, 20);
        const std::chrono::milliseconds delay = std::min<std::chrono::milliseconds>(
            std::chrono::milliseconds(m_backoffFirst.count() << exponent), m_backoffCap);
        qCWarning(lcQuality) << "quality cycle failed:" << report.error->toString()
                             << "- retrying in" << delay.count() << "ms";
        arm(QDateTime::currentDateTime().addMSecs(delay.count()), true);
    } else if (m_scheduled) {
        arm(nextScheduledRun(m_config.schedule, QDateTime::currentDateTime()), false);
    } else {
        arm({}, false);
    }
    emit cycleFinished(report);
}

} // namespace routing::quality
