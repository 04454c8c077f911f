#include "ui/overview_page.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace routing::ui {
namespace {

QLabel *selectable(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

OverviewPage::OverviewPage(const AppConfig &config, QWidget *parent)
    : QWidget(parent), m_plantStatus(selectable(QString(), this)), m_thresholds(new QTableWidget(this))
{
    auto *source = new QGroupBox(tr("Data source"), this);
    auto *form = new QFormLayout(source);
    const DatabaseConfig &db = config.database;
    const QString where = db.driver == QLatin1String("QSQLITE") ? config.erpSqlitePath() : db.connectionString;
    form->addRow(tr("Database:"), selectable(db.usesDemoPlant() ? tr("Embedded demo plant (SQLite)")
                                                                : tr("%1, %2 dialect").arg(db.driver, dialectName(db.dialect)),
                                             source));
    form->addRow(tr("Location:"), selectable(where, source));
    form->addRow(tr("Views:"), selectable(QStringLiteral("%1, %2, %3").arg(db.schema.itemView, db.schema.routingView,
                                                                           db.schema.workOrderView), source));
    form->addRow(tr("Actuals unit:"), selectable(db.actualsUnit, source));
    form->addRow(tr("Status:"), m_plantStatus);
    form->addRow(tr("Configuration:"), selectable(config.sourceFile.isEmpty() ? tr("built-in defaults") : config.sourceFile, source));

    auto *thresholds = new QGroupBox(tr("Quality thresholds"), this);
    auto *tl = new QVBoxLayout(thresholds);
    m_thresholds->setColumnCount(4);
    m_thresholds->setHorizontalHeaderLabels({tr("Metric"), tr("Warning"), tr("Critical"), tr("Clears at")});
    m_thresholds->verticalHeader()->hide();
    m_thresholds->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_thresholds->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    const ThresholdsConfig &t = config.thresholds;
    const struct { QString name; MetricLevels levels; bool percent; } rows[] = {
        {tr("MAE (minutes)"), t.maeMinutes, false},
        {tr("Trimmed MAE (minutes)"), t.trimMaeMinutes, false},
        {tr("Process match"), t.processMatch, true},
        {tr("CV of actuals"), t.cv, false},
    };
    m_thresholds->setRowCount(int(std::size(rows)));
    for (int r = 0; r < int(std::size(rows)); ++r) {
        const auto fmt = [&](double v) {
            return rows[r].percent ? QStringLiteral("%1 %").arg(v * 100.0, 0, 'f', 0) : QString::number(v, 'g', 4);
        };
        m_thresholds->setItem(r, 0, new QTableWidgetItem(rows[r].name));
        m_thresholds->setItem(r, 1, new QTableWidgetItem(fmt(rows[r].levels.warning)));
        m_thresholds->setItem(r, 2, new QTableWidgetItem(fmt(rows[r].levels.critical)));
        m_thresholds->setItem(r, 3, new QTableWidgetItem(fmt(rows[r].levels.clear)));
    }
    tl->addWidget(m_thresholds);
    tl->addWidget(selectable(tr("Minimum operations per group: %1 · trimmed share: %2 % each end")
                                 .arg(t.sampleCountMin)
                                 .arg(t.trimRatio * 100.0, 0, 'f', 0),
                             thresholds));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(source);
    layout->addWidget(thresholds, 1);
}

void OverviewPage::setPlantStatus(const QString &status)
{
    m_plantStatus->setText(status);
}

} // namespace routing::ui
