#pragma once

// Shared by the demo plant tests: a read-only connection to a plant file and a median.

#include <QCryptographicHash>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <vector>

#include "core/data/demo_plant_generator.h"

#include <QDate>

#include <functional>

namespace demotest {

/// The plant both demo plant tests read: 1,000 items, seed 42, two years up to 2024-06-30.
inline constexpr int kItems = 1000;
inline const QDate kEndDate(2024, 6, 30);

inline routing::Result<routing::DemoPlantSummary>
generateTestPlant(const QString &path, const std::function<void(int)> &progress = {})
{
    routing::DemoPlantOptions options;
    options.items = kItems;
    options.seed = 42;
    options.endDate = kEndDate;
    options.outFile = path;
    return routing::generateDemoPlant(options, progress);
}



/// A read-only connection to a plant file, removed again when it goes out of scope.
class PlantDb final
{
public:
    explicit PlantDb(const QString &path)
        : m_name(QStringLiteral("test-demo-plant-%1").arg(++s_serial))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        m_open = db.open();
    }
    ~PlantDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(PlantDb)

    bool isOpen() const { return m_open; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next()) {
            qWarning() << sql << q.lastError().text();
            return {};
        }
        return q.value(0);
    }
    /// Every row of a query, as lists of values.
    QList<QVariantList> rows(const QString &sql) const
    {
        QList<QVariantList> out;
        QSqlQuery q(db());
        q.setForwardOnly(true);
        if (!q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return out;
        }
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i);
            out << row;
        }
        return out;
    }
    /// SHA-256 over a table's content in row order, with each value's type.
    QByteArray tableHash(const QString &table) const
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QSqlQuery q(db());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY rowid").arg(table)))
            return {};
        while (q.next()) {
            for (int i = 0; i < q.record().count(); ++i) {
                const QVariant v = q.value(i);
                hash.addData(v.isNull() ? QByteArray("<null>") : QByteArray(v.typeName()));
                hash.addData(v.toString().toUtf8());
                hash.addData(QByteArrayView("\x1f"));
            }
            hash.addData(QByteArrayView("\x1e"));
        }
        return hash.result();
    }

private:
    static inline int s_serial = 0;
    QString m_name;
    bool m_open = false;
};

inline double median(std::vector<double> values)
{
    if (values.empty())
        return std::nan("");
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(mid), values.end());
    return values[mid];
}

inline const QStringList kTables = {QStringLiteral("BI_ITEM_INFO_VIEW"), QStringLiteral("BI_ROUTING_VIEW"),
                             QStringLiteral("BI_WORK_ORDER_RESULTS"),
                             QStringLiteral("DEMO_PLANT_INFO")};


} // namespace demotest
