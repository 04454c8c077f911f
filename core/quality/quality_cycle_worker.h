#pragma once

#include "core/config/app_config.h"
#include "core/quality/cycle_report.h"
#include "core/quality/quality_cycle.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace routing {
class AuditLog;
}

namespace routing::quality {

class PredictionSource;
class RetrainingRequestSink;

/// Runs one quality cycle in the thread it has been moved to: opens its own ERP and state
/// connections there, reports progress, and emits finished() exactly once — also when the cycle
/// failed, was cancelled, or could not even be recorded (then the report has status Failed and
/// no cycle id). The GUI thread never waits on it.
class QualityCycleWorker final : public QObject
{
    Q_OBJECT
public:
    /// `predictor` is called from the worker's thread only while run() executes; an instance
    /// shared with other threads must guard itself. `sink` and `audit` may be null.
    QualityCycleWorker(AppConfig config, CycleOptions options,
                       std::shared_ptr<PredictionSource> predictor,
                       std::shared_ptr<RetrainingRequestSink> sink = {},
                       std::shared_ptr<AuditLog> audit = {}, QObject *parent = nullptr);
    ~QualityCycleWorker() override;
    Q_DISABLE_COPY_MOVE(QualityCycleWorker)

    /// Thread-safe; the cycle stops at its next check (between phases and predict batches).
    void cancel() { m_cancel.store(true); }
    bool isCancelRequested() const { return m_cancel.load(); }

    /// Moves `worker` to a new thread that starts it, quits when it finishes and then deletes
    /// both the worker and itself. Returns the running thread.
    static QThread *startInThread(QualityCycleWorker *worker);

public slots:
    void run();

signals:
    void progress(int percent, const QString &step);
    void finished(const routing::quality::CycleReport &report);

private:
    AppConfig m_config;
    CycleOptions m_options;
    std::shared_ptr<PredictionSource> m_predictor;
    std::shared_ptr<RetrainingRequestSink> m_sink;
    std::shared_ptr<AuditLog> m_audit;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_started{false};
};

} // namespace routing::quality
