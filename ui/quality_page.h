#pragma once

#include "core/config/app_config.h"

#include <QWidget>

#include <optional>

class QChart;
class QLabel;
class QLineSeries;
class QTableWidget;
class QTimer;

class QPushButton;

namespace routing {
class AuditLog;
class StateStore;
}

namespace routing::quality {
class QualityScheduler;
struct CycleReport;
}

namespace routing::ui {

/// The Quality tab: MAE and process match over the last evaluation cycles, with the warning and
/// critical levels drawn across, and the active alerts. Reads the local state database on the GUI
/// thread (a few dozen rows, never the ERP); refreshes every 30 s and on demand.
class QualityPage final : public QWidget
{
    Q_OBJECT
public:
    /// `state` may be null (the state database did not open): the page then says so.
    QualityPage(StateStore *state, ThresholdsConfig thresholds, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(QualityPage)

    static constexpr int kCycles = 30;

    void refresh();

    /// "Evaluate now" runs a cycle through this scheduler (the console service's): the button is
    /// enabled only with one, progress and the outcome show in the status line.
    void setScheduler(quality::QualityScheduler *scheduler);
    QPushButton *evaluateButton() const { return m_evaluate; }
    QString statusText() const;
    /// Operator actions on alerts also go to this audit log (null: the alert journal only).
    void setAuditLog(AuditLog *audit) { m_audit = audit; }
    /// Acknowledges the selected alert as the OS user.
    void acknowledgeSelected();
    /// Shelves the selected alert as the OS user for `hours` (1–720) with a reason: it stays
    /// listed, but neither notifies nor asks for retraining until then (the "Shelve…" button asks
    /// for both in a dialog).
    void shelveSelected(int hours, const QString &reason);
    /// Ends the shelving of the selected alert.
    void unshelveSelected();

    QLineSeries *maeSeries() const { return m_mae; }
    QLineSeries *processMatchSeries() const { return m_match; }
    QChart *maeChart() const { return m_maeChart; }
    QChart *processMatchChart() const { return m_matchChart; }
    QTableWidget *alertTable() const { return m_alerts; }
    /// The history column charted as the process match: the configured measure's.
    QString processMatchColumn() const
    {
        return m_thresholds.processMatchMeasure == ThresholdsConfig::ProcessMatchMeasure::Positional
                   ? QStringLiteral("process_match_positional")
                   : QStringLiteral("process_match");
    }

private:
    /// The alert id of the selected row, or nothing (and a hint in the status line).
    std::optional<qint64> selectedAlert(const QString &hint);
    void askAndShelve();
    QChart *makeChart(const QString &title, const QString &axisTitle, QLineSeries *values,
                      const MetricLevels &levels, double scale);
    void showError(const QString &message);
    void onCycleFinished(const quality::CycleReport &report);

    StateStore *m_state;
    ThresholdsConfig m_thresholds;
    QLineSeries *m_mae = nullptr;
    QLineSeries *m_match = nullptr;
    QChart *m_maeChart = nullptr;
    QChart *m_matchChart = nullptr;
    QTableWidget *m_alerts = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_timer = nullptr;
    QPushButton *m_evaluate = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_shelve = nullptr;
    QPushButton *m_unshelve = nullptr;
    AuditLog *m_audit = nullptr;
    quality::QualityScheduler *m_scheduler = nullptr;
};

} // namespace routing::ui
