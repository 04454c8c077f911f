#include "core/quality/quality_cycle_worker.h"

#include "core/audit/audit_log.h"
#include "core/quality/prediction_source.h"
#include "core/quality/quality_logging.h"
#include "core/quality/retraining_trigger.h"

#include <QThread>

#include <exception>

namespace routing::quality {

QualityCycleWorker::QualityCycleWorker(AppConfig config, CycleOptions options,
                                       std::shared_ptr<PredictionSource> predictor,
                                       std::shared_ptr<RetrainingRequestSink> sink,
                                       std::shared_ptr<AuditLog> audit, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_options(std::move(options)),
      m_predictor(std::move(predictor)), m_sink(std::move(sink)), m_audit(std::move(audit))
{
    qRegisterMetaType<routing::quality::CycleReport>();
}

QualityCycleWorker::~QualityCycleWorker() = default;

QThread *QualityCycleWorker::startInThread(QualityCycleWorker *worker)
{
    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("quality-cycle"));
    worker->setParent(nullptr);
    worker->moveToThread(thread);
    connect(thread, &QThread::started, worker, &QualityCycleWorker::run);
    // Direct: quit from the worker's own thread, so a GUI thread blocked in wait() is released.
    connect(worker, &QualityCycleWorker::finished, thread, &QThread::quit, Qt::DirectConnection);
    connect(thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
    return thread;
}

void QualityCycleWorker::run()
{
    if (m_started.exchange(true))
        return; // finished() has been or will be emitted by the first run
    CycleReport report;
    report.trigger = m_options.trigger;
    if (!m_predictor) {
        report.error =
            Error{ErrorCode::ModelNotFound, QStringLiteral("no prediction model is loaded")};
    } else {
        CycleEnvironment env;
        env.cancel = &m_cancel;
        env.retrainingSink = m_sink.get();
        env.audit = m_audit.get();
        env.progress = [this](int percent, const QString &step) { emit progress(percent, step); };
        try {
            auto result = runQualityCycle(m_config, m_options, *m_predictor, env);
            if (result)
                report = std::move(*result);
            else
                report.error = result.error();
        } catch (const std::exception &e) {
            report.error =
                Error{ErrorCode::Internal,
                      QStringLiteral("unexpected exception: %1").arg(QString::fromUtf8(e.what()))};
        }
    }
    if (report.error && report.cycleId.isEmpty())
        qCWarning(lcQuality) << "quality cycle could not run:" << report.error->toString();
    emit finished(report);
}

} // namespace routing::quality
