#pragma once

#include "core/config/app_config.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace routing::ui {

/// First page: where the data comes from, and the quality thresholds in force.
class OverviewPage final : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(const AppConfig &config, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(OverviewPage)

    void setPlantStatus(const QString &status);

private:
    QLabel *m_plantStatus;
    QTableWidget *m_thresholds;
};

} // namespace routing::ui
