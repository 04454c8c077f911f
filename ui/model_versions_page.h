#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace routing::registry {
class ModelRegistry;
}

namespace routing::ui {

/// The Models tab: the registry's versions (active and rollback target marked) and the
/// activation history; "Activate…" and "Roll back…" ask for a reason and act as the OS user.
/// The registry verifies before it switches; a refusal (1002, checksum or load) is shown as is.
class ModelVersionsPage final : public QWidget
{
    Q_OBJECT
public:
    /// `registry` may be null (it did not open): the page then says so.
    explicit ModelVersionsPage(registry::ModelRegistry *registry, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ModelVersionsPage)

    enum Column { Marker, Version, Created, Selected, TrimMae, ColumnCount };
    enum HistoryColumn { At, From, To, Kind, Actor, Reason, HistoryColumnCount };

    void refresh();
    /// Use another registry (the console service's, whose activations hot-swap the live model).
    void setRegistry(registry::ModelRegistry *registry)
    {
        m_registry = registry;
        refresh();
    }
    /// The button actions without their dialogs (the reason given): for tests and scripting.
    bool activateVersion(const QString &version, const QString &reason);
    bool rollBack(const QString &reason);

    QTableWidget *versionTable() const { return m_versions; }
    QTableWidget *historyTable() const { return m_history; }
    /// Errors are then only signalled, not shown in a message box (tests).
    void setQuiet(bool quiet) { m_quiet = quiet; }

signals:
    /// An action was refused; the text is also shown in a message box unless quiet.
    void actionFailed(const QString &message);

private:
    void onActivate();
    void onRollback();
    QString askReason(const QString &title, const QString &label);
    void reportError(const QString &message);

    registry::ModelRegistry *m_registry;
    QTableWidget *m_versions = nullptr;
    QTableWidget *m_history = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_activate = nullptr;
    QPushButton *m_rollback = nullptr;
    bool m_quiet = false;
};

} // namespace routing::ui
