#pragma once

#include <QFrame>

class QLabel;
class QProgressBar;

namespace routing::ui {

/// The yellow strip that tells operators they are looking at generated demo data, not their
/// plant, and shows the progress while the demo plant is first generated.
class DemoBanner final : public QFrame
{
    Q_OBJECT
public:
    explicit DemoBanner(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(DemoBanner)

    void showGenerating(int percent);
    void showReady(const QString &plantFile);
    void showFailed(const QString &message);
    QString text() const;
    QString plantFile() const;

private:
    QLabel *m_label;
    QProgressBar *m_progress;
};

} // namespace routing::ui
