#include "ui/demo_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

namespace routing::ui {

DemoBanner::DemoBanner(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("demoBanner"));
    setStyleSheet(QStringLiteral("#demoBanner { background: #fff4c2; border: 1px solid #e0b400; }"
                                 "#demoBanner QLabel { color: #5a4500; }"));
    m_label->setWordWrap(true);
    m_label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::MinimumExpanding);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_label->setTextFormat(Qt::PlainText);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_progress);
}

void DemoBanner::showGenerating(int percent)
{
    m_label->setText(tr("DEMO DATA — generating the demo plant for the first launch (%1%). "
                        "This console is not connected to your plant's ERP.").arg(percent));
    m_progress->setValue(percent);
    m_progress->show();
}

void DemoBanner::showReady(const QString &plantFile)
{
    m_label->setText(tr("DEMO DATA — generated demo plant, not your plant's ERP. "
                        "Set database: in the configuration file to connect it."));
    m_label->setToolTip(plantFile);
    m_progress->hide();
}

void DemoBanner::showFailed(const QString &message)
{
    m_label->setText(tr("DEMO DATA — the demo plant could not be generated: %1").arg(message));
    m_progress->hide();
}

QString DemoBanner::text() const
{
    return m_label->text();
}

QString DemoBanner::plantFile() const
{
    return m_label->toolTip();
}

} // namespace routing::ui
