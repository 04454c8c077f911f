#include "ui/quality_page.h"

#include "core/audit/audit_log.h"
#include "core/quality/alert_store.h"
#include "core/quality/cycle_report.h"
#include "core/quality/quality_scheduler.h"
#include "core/quality/quality_history.h"
#include "core/state/state_store.h"

#include <QChartView>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>

namespace routing::ui {

namespace {

constexpr int kRefreshMs = 30'000;

QString severityText(quality::Severity severity)
{
    switch (severity) {
    case quality::Severity::Critical:
        return QualityPage::tr("Critical");
    case quality::Severity::Warning:
        return QualityPage::tr("Warning");
    case quality::Severity::Info:
        return QualityPage::tr("Info");
    case quality::Severity::None:
        break;
    }
    return QualityPage::tr("Normal");
}

/// The alert in the window's language, from its key and figures. The stored message is the
/// canonical English text that the log, the API and the CLI show; it stays the tooltip. Keys the
/// window does not know show that message.
QString alertText(const quality::Alert &a)
{
    const QLocale locale;
    const auto fixed = [&locale](double v, int decimals) {
        return locale.toString(v, 'f', decimals);
    };
    if (a.key.startsWith(QLatin1String("quality.")) && a.value && a.threshold) {
        QString name;
        std::function<QString(double)> shown;
        const QString &m = a.metric;
        if (m == QLatin1String("mae_minutes") || m == QLatin1String("trim_mae_minutes")) {
            name = m == QLatin1String("mae_minutes") ? QualityPage::tr("MAE")
                                                     : QualityPage::tr("Trimmed MAE");
            shown = [&](double v) { return QualityPage::tr("%1 min").arg(fixed(v, 1)); };
        } else if (m == QLatin1String("process_match") ||
                   m == QLatin1String("process_match_positional")) {
            name = m == QLatin1String("process_match")
                       ? QualityPage::tr("Process match")
                       : QualityPage::tr("Process match (positional)");
            shown = [&](double v) { return QualityPage::tr("%1%").arg(fixed(100.0 * v, 1)); };
        } else if (m == QLatin1String("cv")) {
            name = QualityPage::tr("CV");
            shown = [&](double v) { return fixed(v, 2); };
        }
        if (shown)
            return QualityPage::tr("%1 %2 (%3 level %4)")
                .arg(name, shown(*a.value), severityText(a.severity), shown(*a.threshold));
    }
    if (a.key == QLatin1String("quality.low_samples") && a.value && a.threshold)
        return QualityPage::tr("%n group(s) with fewer than %1 operations in the window", nullptr,
                               int(*a.value))
            .arg(fixed(*a.threshold, 0));
    if (a.key == QLatin1String("quality.high_cv") && a.value && a.threshold)
        return QualityPage::tr("%n group(s) whose run time per unit varies strongly (CV above %1)",
                               nullptr, int(*a.value))
            .arg(fixed(*a.threshold, 2));
    if (a.key == QLatin1String("quality.cycle_failed"))
        return QualityPage::tr("The evaluation cycle failed (code %1); the last good figures "
                               "stay on screen")
            .arg(a.code);
    if (a.key == QLatin1String("retrain.queue_full") && a.threshold)
        return QualityPage::tr("The training queue is full (%1 jobs): retraining was not queued")
            .arg(fixed(*a.threshold, 0));
    if (a.key == QLatin1String("model.auto_rollback"))
        return QualityPage::tr("The new model failed its probation and was rolled back");
    if (a.key == QLatin1String("model.probation_failed"))
        return QualityPage::tr("The new model failed its probation and could not be rolled back");
    return a.message;
}

/// Fits the y axis to the values and the threshold lines, with a little head room.
void fitAxis(QChart *chart, const QList<QLineSeries *> &series)
{
    double lo = 0.0;
    double hi = 1.0;
    bool any = false;
    for (const QLineSeries *s : series)
        for (const QPointF &p : s->points()) {
            lo = any ? std::min(lo, p.y()) : p.y();
            hi = any ? std::max(hi, p.y()) : p.y();
            any = true;
        }
    const double pad = std::max(0.5, (hi - lo) * 0.1);
    const auto axes = chart->axes(Qt::Vertical);
    if (!axes.isEmpty())
        axes.first()->setRange(std::max(0.0, lo - pad), hi + pad);
}

} // namespace

QualityPage::QualityPage(StateStore *state, ThresholdsConfig thresholds, QWidget *parent)
    : QWidget(parent), m_state(state), m_thresholds(thresholds)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_status = new QLabel(this);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    m_evaluate = new QPushButton(tr("Evaluate now"), this);
    m_evaluate->setEnabled(false);
    m_evaluate->setToolTip(tr("Runs one evaluation cycle now, in the background"));
    bar->addWidget(m_status, 1);
    bar->addWidget(m_evaluate);
    bar->addWidget(refreshButton);
    layout->addLayout(bar);

    m_mae = new QLineSeries(this);
    m_mae->setName(tr("MAE"));
    m_mae->setPointsVisible(true);
    m_maeChart = makeChart(tr("MAE (minutes), last %n cycles", nullptr, kCycles), tr("minutes"),
                           m_mae, m_thresholds.maeMinutes, 1.0);
    m_match = new QLineSeries(this);
    // The chart shows the measure the levels (and the alert) apply to.
    const bool positional = m_thresholds.processMatchMeasure ==
                            ThresholdsConfig::ProcessMatchMeasure::Positional;
    m_match->setName(positional ? tr("Process match (positional)") : tr("Process match"));
    m_match->setPointsVisible(true);
    m_matchChart = makeChart(
        positional ? tr("Process match, positional (%), last %n cycles", nullptr, kCycles)
                   : tr("Process match (%), last %n cycles", nullptr, kCycles),
        tr("%"), m_match, m_thresholds.processMatch, 100.0);
    auto *charts = new QHBoxLayout;
    for (QChart *chart : {m_maeChart, m_matchChart}) {
        auto *view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(260);
        charts->addWidget(view);
    }
    layout->addLayout(charts, 3);

    layout->addWidget(new QLabel(tr("Active alerts"), this));
    m_alerts = new QTableWidget(0, 5, this);
    m_alerts->setHorizontalHeaderLabels(
        {tr("Severity"), tr("Code"), tr("Message"), tr("Acknowledged"), tr("Shelved")});
    m_alerts->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_alerts->verticalHeader()->hide();
    m_alerts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_alerts->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_alerts, 2);
    auto *alertBar = new QHBoxLayout;
    m_acknowledge = new QPushButton(tr("Acknowledge"), this);
    m_acknowledge->setToolTip(tr("Acknowledge the selected alert as %1").arg(AuditLog::currentOsUser()));
    m_shelve = new QPushButton(tr("Shelve…"), this);
    m_shelve->setToolTip(tr("Hide the selected alert for some hours: no notification, no "
                            "automatic retraining"));
    m_unshelve = new QPushButton(tr("Unshelve"), this);
    alertBar->addStretch(1);
    alertBar->addWidget(m_acknowledge);
    alertBar->addWidget(m_shelve);
    alertBar->addWidget(m_unshelve);
    layout->addLayout(alertBar);
    connect(m_acknowledge, &QPushButton::clicked, this, &QualityPage::acknowledgeSelected);
    connect(m_shelve, &QPushButton::clicked, this, &QualityPage::askAndShelve);
    connect(m_unshelve, &QPushButton::clicked, this, &QualityPage::unshelveSelected);

    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &QualityPage::refresh);
    connect(refreshButton, &QPushButton::clicked, this, &QualityPage::refresh);
    m_timer->start();
    refresh();
}

QChart *QualityPage::makeChart(const QString &title, const QString &axisTitle, QLineSeries *values,
                               const MetricLevels &levels, double scale)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->addSeries(values);
    // The levels are drawn as two-point lines across the whole x range (set in refresh()).
    struct Level
    {
        QString name;
        double value;
        QColor color;
    };
    const Level lines[] = {{tr("Warning %1").arg(levels.warning * scale), levels.warning * scale,
                            QColor(0xe0, 0x9b, 0x00)},
                           {tr("Critical %1").arg(levels.critical * scale), levels.critical * scale,
                            QColor(0xc6, 0x28, 0x28)}};
    for (const Level &l : lines) {
        auto *line = new QLineSeries(chart);
        line->setName(l.name);
        line->setProperty("thresholdLevel", l.value);
        QPen pen(l.color);
        pen.setStyle(Qt::DashLine);
        pen.setWidth(2);
        line->setPen(pen);
        chart->addSeries(line);
    }
    auto *x = new QValueAxis(chart);
    x->setTitleText(tr("Cycle (oldest → newest)"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto *y = new QValueAxis(chart);
    y->setTitleText(axisTitle);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    return chart;
}

void QualityPage::showError(const QString &message)
{
    m_status->setText(message);
}

void QualityPage::refresh()
{
    if (!m_state) {
        showError(tr("The state database is not available."));
        return;
    }
    quality::QualityHistory history(*m_state);
    const auto rows = history.recent(kCycles * 2);
    if (!rows) {
        showError(tr("Cannot read the evaluation history: %1").arg(rows.error().message));
        return;
    }
    // recent() is newest first and includes failed cycles; the charts want succeeded, oldest first.
    QList<quality::CycleHistoryRow> cycles;
    for (const auto &r : *rows)
        if (r.status == QLatin1String("succeeded") && cycles.size() < kCycles)
            cycles.prepend(r);

    QList<QPointF> mae;
    QList<QPointF> match;
    for (int i = 0; i < cycles.size(); ++i) {
        const auto &m = cycles.at(i).metrics;
        if (const auto v = m.value(QStringLiteral("mae_minutes")))
            mae.append(QPointF(i + 1, *v));
        if (const auto v = m.value(processMatchColumn()))
            match.append(QPointF(i + 1, *v * 100.0));
    }
    m_mae->replace(mae);
    m_match->replace(match);
    const double xMax = std::max<qsizetype>(2, cycles.size());
    for (QChart *chart : {m_maeChart, m_matchChart}) {
        for (QAbstractSeries *s : chart->series()) {
            const QVariant level = s->property("thresholdLevel");
            if (level.isValid())
                static_cast<QLineSeries *>(s)->replace(
                    {QPointF(1, level.toDouble()), QPointF(xMax, level.toDouble())});
        }
        const auto xAxes = chart->axes(Qt::Horizontal);
        if (auto *x = xAxes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(xAxes.first())) {
            x->setRange(1, xMax);
            // Ticks on whole cycles, at most ~10 of them.
            x->setTickType(QValueAxis::TicksDynamic);
            x->setTickAnchor(1);
            x->setTickInterval(std::max(1.0, std::ceil((xMax - 1) / 10.0)));
        }
        QList<QLineSeries *> all;
        for (QAbstractSeries *s : chart->series())
            all.append(static_cast<QLineSeries *>(s));
        fitAxis(chart, all);
    }

    quality::AlertStore alerts(*m_state);
    const auto active = alerts.activeAlerts();
    if (!active) {
        showError(tr("Cannot read the alerts: %1").arg(active.error().message));
        return;
    }
    m_alerts->setRowCount(int(active->size()));
    for (int row = 0; row < active->size(); ++row) {
        const quality::Alert &a = active->at(row);
        auto *severity = new QTableWidgetItem(severityText(a.severity));
        severity->setData(Qt::UserRole, a.id);
        m_alerts->setItem(row, 0, severity);
        m_alerts->setItem(
            row, 1, new QTableWidgetItem(a.code ? QString::number(a.code) : QStringLiteral("-")));
        auto *text = new QTableWidgetItem(alertText(a));
        text->setToolTip(a.message); // the full English text of the log and the API
        m_alerts->setItem(row, 2, text);
        m_alerts->setItem(row, 3,
                          new QTableWidgetItem(a.isAcknowledged()
                                                   ? tr("%1, %2").arg(a.acknowledgedBy,
                                                                      QLocale().toString(
                                                                          a.acknowledgedAt.toLocalTime(),
                                                                          QLocale::ShortFormat))
                                                   : QString()));
        const bool shelved = a.isShelved(QDateTime::currentDateTimeUtc());
        auto *shelf = new QTableWidgetItem(
            shelved ? tr("until %1, %2").arg(QLocale().toString(a.shelvedUntil.toLocalTime(),
                                                                QLocale::ShortFormat),
                                             a.shelvedBy)
                    : QString());
        shelf->setToolTip(shelved ? a.shelveReason : QString());
        m_alerts->setItem(row, 4, shelf);
    }
    m_alerts->resizeColumnsToContents();
    m_status->setText(
        tr("%n evaluation cycle(s) shown; updated %1", nullptr, int(cycles.size()))
            .arg(QLocale().toString(QDateTime::currentDateTime().time(), QLocale::ShortFormat)));
}

void QualityPage::setScheduler(quality::QualityScheduler *scheduler)
{
    m_scheduler = scheduler;
    m_evaluate->setEnabled(scheduler != nullptr);
    if (!scheduler)
        return;
    connect(m_evaluate, &QPushButton::clicked, this, [this] {
        if (m_scheduler->isCycleRunning()) {
            m_status->setText(tr("An evaluation cycle is already running"));
            return;
        }
        if (m_scheduler->runNow())
            m_evaluate->setEnabled(false);
    });
    connect(scheduler, &quality::QualityScheduler::cycleProgress, this,
            [this](int percent, const QString &step) {
                m_status->setText(tr("Evaluating: %1% %2").arg(percent).arg(step));
            });
    connect(scheduler, &quality::QualityScheduler::cycleSkipped, this, [this](const QString &why) {
        m_evaluate->setEnabled(true);
        m_status->setText(tr("Evaluation not run: %1").arg(why));
    });
    connect(scheduler, &quality::QualityScheduler::cycleFinished, this,
            &QualityPage::onCycleFinished);
}

void QualityPage::onCycleFinished(const quality::CycleReport &report)
{
    m_evaluate->setEnabled(m_scheduler != nullptr);
    refresh();
    if (report.status == quality::CycleStatus::Succeeded)
        m_status->setText(tr("Cycle %1: %2").arg(report.cycleId, severityText(report.level)));
    else
        m_status->setText(tr("Cycle %1 did not complete: %2")
                              .arg(report.cycleId,
                                   report.error ? report.error->message : tr("unknown error")));
}

QString QualityPage::statusText() const
{
    return m_status->text();
}

std::optional<qint64> QualityPage::selectedAlert(const QString &hint)
{
    const int row = m_alerts->currentRow();
    if (!m_state || row < 0 || !m_alerts->item(row, 0)) {
        m_status->setText(hint);
        return std::nullopt;
    }
    return m_alerts->item(row, 0)->data(Qt::UserRole).toLongLong();
}

void QualityPage::askAndShelve()
{
    const auto id = selectedAlert(tr("Select the alert to shelve first."));
    if (!id)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Shelve alert %1").arg(*id));
    auto *form = new QFormLayout(&dialog);
    auto *hours = new QSpinBox(&dialog);
    hours->setRange(1, 720);
    hours->setValue(8);
    hours->setSuffix(tr(" h"));
    auto *reason = new QLineEdit(&dialog);
    reason->setPlaceholderText(tr("why, for the journal (required)"));
    form->addRow(tr("For"), hours);
    form->addRow(tr("Reason"), reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    connect(reason, &QLineEdit::textChanged, &dialog, [buttons](const QString &text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        shelveSelected(hours->value(), reason->text().trimmed());
}

void QualityPage::shelveSelected(int hours, const QString &reason)
{
    const auto id = selectedAlert(tr("Select the alert to shelve first."));
    if (!id)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime until = now.addSecs(qint64(std::clamp(hours, 1, 720)) * 3600);
    quality::AlertStore alerts(*m_state, m_audit);
    if (auto s = alerts.shelve(*id, AuditLog::currentOsUser(), until, reason, now); !s) {
        m_status->setText(tr("Cannot shelve alert %1: %2").arg(*id).arg(s.error().message));
        return;
    }
    refresh();
    m_status->setText(tr("Alert %1 shelved until %2 by %3")
                          .arg(*id)
                          .arg(QLocale().toString(until.toLocalTime(), QLocale::ShortFormat),
                               AuditLog::currentOsUser()));
}

void QualityPage::unshelveSelected()
{
    const auto id = selectedAlert(tr("Select the alert to unshelve first."));
    if (!id)
        return;
    quality::AlertStore alerts(*m_state, m_audit);
    if (auto s = alerts.unshelve(*id, AuditLog::currentOsUser(), QDateTime::currentDateTimeUtc());
        !s) {
        m_status->setText(tr("Cannot unshelve alert %1: %2").arg(*id).arg(s.error().message));
        return;
    }
    refresh();
    m_status->setText(tr("Alert %1 unshelved by %2").arg(*id).arg(AuditLog::currentOsUser()));
}

void QualityPage::acknowledgeSelected()
{
    const auto selected = selectedAlert(tr("Select the alert to acknowledge first."));
    if (!selected)
        return;
    const qint64 id = *selected;
    quality::AlertStore alerts(*m_state, m_audit);
    if (auto s = alerts.acknowledge(id, AuditLog::currentOsUser(), QDateTime::currentDateTimeUtc());
        !s) {
        m_status->setText(tr("Cannot acknowledge alert %1: %2").arg(id).arg(s.error().message));
        return;
    }
    refresh();
    m_status->setText(tr("Alert %1 acknowledged by %2").arg(id).arg(AuditLog::currentOsUser()));
}

} // namespace routing::ui
