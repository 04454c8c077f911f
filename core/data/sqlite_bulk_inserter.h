#pragma once

#include "core/common/error.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace routing {

/// Loads many rows into one SQLite table through Qt Sql: multi-row INSERTs with bound values, one
/// statement per ~999 values (SQLite's historic bound-parameter limit). That is what makes a
/// million rows load in seconds; one prepared single-row INSERT per row is several times slower.
/// Placeholders are named (:v0, :v1 …) with the names built once: Qt 6.4 turns every positional
/// bindValue(int) into a formatted placeholder name, which costs ~20% of a load.
/// Add a row's values in column order, then endRow(); finish() writes the rest. The caller owns
/// the transaction.
class SqliteBulkInserter final
{
public:
    SqliteBulkInserter(QSqlDatabase db, QString table, int columns);
    Q_DISABLE_COPY_MOVE(SqliteBulkInserter)

    Status prepare();
    void add(const QVariant &value) { m_values.push_back(value); }
    Status endRow();
    Status finish();
    qint64 rows() const { return m_rows; }

private:
    QString sql(int rows) const;
    Status execute(QSqlQuery &query);

    QSqlDatabase m_db;
    QString m_table;
    int m_columns;
    int m_rowsPerStatement;
    QSqlQuery m_full;
    QStringList m_names;
    std::vector<QVariant> m_values;
    qint64 m_rows = 0;
};

} // namespace routing
