#include "ui/model_versions_page.h"

#include "core/audit/audit_log.h"
#include "core/common/time_text.h"
#include "core/registry/model_registry.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace routing::ui {

namespace {

QString kindText(registry::ActivationKind kind)
{
    switch (kind) {
    case registry::ActivationKind::Deploy:
        return ModelVersionsPage::tr("deploy");
    case registry::ActivationKind::Rollback:
        return ModelVersionsPage::tr("rollback");
    case registry::ActivationKind::Manual:
        return ModelVersionsPage::tr("manual");
    case registry::ActivationKind::AutoRollback:
        return ModelVersionsPage::tr("auto-rollback");
    }
    return registry::activationKindName(kind);
}

QTableWidget *makeTable(int columns, const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, columns, parent);
    table->setHorizontalHeaderLabels(headers);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    return table;
}

} // namespace

ModelVersionsPage::ModelVersionsPage(registry::ModelRegistry *registry, QWidget *parent)
    : QWidget(parent), m_registry(registry)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_status = new QLabel(this);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    m_activate = new QPushButton(tr("Activate…"), this);
    m_rollback = new QPushButton(tr("Roll back…"), this);
    bar->addWidget(m_status, 1);
    bar->addWidget(refreshButton);
    bar->addWidget(m_activate);
    bar->addWidget(m_rollback);
    layout->addLayout(bar);

    //: Column headers of the model version table; the first column marks active / previous.
    m_versions = makeTable(ColumnCount,
                           {tr("State"), tr("Version"), tr("Created"), tr("Selected model"),
                            tr("Validation trimmed MAE")},
                           this);
    layout->addWidget(m_versions, 3);
    layout->addWidget(new QLabel(tr("Activation history"), this));
    m_history =
        makeTable(HistoryColumnCount,
                  {tr("Time"), tr("From"), tr("To"), tr("Kind"), tr("Actor"), tr("Reason")}, this);
    layout->addWidget(m_history, 2);

    connect(refreshButton, &QPushButton::clicked, this, &ModelVersionsPage::refresh);
    connect(m_activate, &QPushButton::clicked, this, &ModelVersionsPage::onActivate);
    connect(m_rollback, &QPushButton::clicked, this, &ModelVersionsPage::onRollback);
    refresh();
}

void ModelVersionsPage::refresh()
{
    m_activate->setEnabled(m_registry != nullptr);
    m_rollback->setEnabled(m_registry != nullptr);
    if (!m_registry) {
        m_status->setText(tr("The model registry is not available."));
        return;
    }
    const auto versions = m_registry->versions();
    const auto history = m_registry->history();
    if (!versions || !history) {
        m_status->setText(
            tr("Cannot read the model registry: %1")
                .arg(!versions ? versions.error().toString() : history.error().toString()));
        return;
    }
    m_versions->setRowCount(int(versions->size()));
    QString active;
    QString previous;
    for (int row = 0; row < versions->size(); ++row) {
        const registry::VersionInfo &v = versions->at(row);
        if (v.active)
            active = v.version;
        if (v.previous)
            previous = v.version;
        const auto [candidate, trimmedMae] = v.manifest.selectedTrimmedMae();
        const QString selected = candidate.isEmpty() ? QStringLiteral("-") : candidate;
        const QString trim =
            trimmedMae ? QLocale().toString(*trimmedMae, 'f', 2) : QStringLiteral("-");
        const QString marker = v.active ? tr("active") : v.previous ? tr("previous") : QString();
        const QStringList cells{marker, v.version, localTimeText(v.manifest.createdAt), selected, trim};
        for (int c = 0; c < cells.size(); ++c)
            m_versions->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        if (v.active) {
            QFont bold = m_versions->font();
            bold.setBold(true);
            for (int c = 0; c < cells.size(); ++c)
                m_versions->item(row, c)->setFont(bold);
        }
    }
    m_versions->resizeColumnsToContents();

    // History oldest first from the registry; shown newest first.
    m_history->setRowCount(int(history->size()));
    for (int i = 0; i < history->size(); ++i) {
        const registry::ActivationRecord &r = history->at(history->size() - 1 - i);
        const QStringList cells{localTimeText(r.at), r.from.isEmpty() ? tr("(none)") : r.from,
                                r.to,       kindText(r.kind),
                                r.actor,    r.reason};
        for (int c = 0; c < cells.size(); ++c)
            m_history->setItem(i, c, new QTableWidgetItem(cells.at(c)));
    }
    m_history->resizeColumnsToContents();
    m_rollback->setEnabled(!previous.isEmpty());
    m_status->setText(tr("Active: %1   Rollback target: %2")
                          .arg(active.isEmpty() ? tr("none") : active,
                               previous.isEmpty() ? tr("none") : previous));
}

QString ModelVersionsPage::askReason(const QString &title, const QString &label)
{
    bool ok = false;
    const QString reason =
        QInputDialog::getText(this, title, label, QLineEdit::Normal, QString(), &ok).trimmed();
    if (ok && reason.isEmpty())
        reportError(tr("A reason is required; it goes into the history and the audit log."));
    return ok ? reason : QString();
}

void ModelVersionsPage::onActivate()
{
    const int row = m_versions->currentRow();
    const QTableWidgetItem *item = row >= 0 ? m_versions->item(row, Version) : nullptr;
    if (!item) {
        reportError(tr("Select the version to activate first."));
        return;
    }
    const QString version = item->text();
    const QString reason =
        askReason(tr("Activate %1").arg(version), tr("Why activate %1? (required)").arg(version));
    if (!reason.isEmpty())
        activateVersion(version, reason);
}

void ModelVersionsPage::onRollback()
{
    const QString reason =
        askReason(tr("Roll back"), tr("Why roll back to the previous version? (required)"));
    if (!reason.isEmpty())
        rollBack(reason);
}

bool ModelVersionsPage::activateVersion(const QString &version, const QString &reason)
{
    if (!m_registry || reason.trimmed().isEmpty())
        return false;
    const auto done = m_registry->activate(version, AuditLog::currentOsUser(), reason.trimmed(),
                                           registry::ActivationKind::Manual);
    refresh();
    if (!done) {
        reportError(tr("Activation of %1 failed: %2").arg(version, done.error().toString()));
        return false;
    }
    return true;
}

bool ModelVersionsPage::rollBack(const QString &reason)
{
    if (!m_registry || reason.trimmed().isEmpty())
        return false;
    const auto done = m_registry->rollback(AuditLog::currentOsUser(), reason.trimmed());
    refresh();
    if (!done) {
        reportError(tr("Rollback failed: %1").arg(done.error().toString()));
        return false;
    }
    return true;
}

void ModelVersionsPage::reportError(const QString &message)
{
    emit actionFailed(message);
    if (!m_quiet)
        QMessageBox::warning(this, tr("Model versions"), message);
}

} // namespace routing::ui
