#include "core/data/sqlite_bulk_inserter.h"

#include <QSqlError>
#include <QStringList>

#include <algorithm>

namespace routing {

SqliteBulkInserter::SqliteBulkInserter(QSqlDatabase db, QString table, int columns)
    : m_db(std::move(db)), m_table(std::move(table)), m_columns(std::max(1, columns)),
      m_rowsPerStatement(std::max(1, 999 / m_columns)), m_full(m_db)
{
    const int n = m_columns * m_rowsPerStatement;
    m_values.reserve(size_t(n));
    for (int i = 0; i < n; ++i)
        m_names << QStringLiteral(":v%1").arg(i);
}

Status SqliteBulkInserter::prepare()
{
    if (!m_full.prepare(sql(m_rowsPerStatement)))
        return fail(ErrorCode::Io, m_full.lastError().text());
    return {};
}

Status SqliteBulkInserter::endRow()
{
    ++m_rows;
    if (m_values.size() < size_t(m_columns * m_rowsPerStatement))
        return {};
    return execute(m_full);
}

Status SqliteBulkInserter::finish()
{
    if (m_values.empty())
        return {};
    QSqlQuery tail(m_db);
    if (!tail.prepare(sql(int(m_values.size()) / m_columns)))
        return fail(ErrorCode::Io, tail.lastError().text());
    return execute(tail);
}

QString SqliteBulkInserter::sql(int rows) const
{
    QStringList tuples;
    for (int r = 0; r < rows; ++r) {
        tuples << QLatin1Char('(') +
                      m_names.mid(qsizetype(r) * m_columns, m_columns).join(QLatin1Char(',')) +
                      QLatin1Char(')');
    }
    return QStringLiteral("INSERT INTO %1 VALUES %2").arg(m_table, tuples.join(QLatin1Char(',')));
}

Status SqliteBulkInserter::execute(QSqlQuery &query)
{
    for (size_t i = 0; i < m_values.size(); ++i)
        query.bindValue(m_names.at(qsizetype(i)), m_values[i]);
    m_values.clear();
    if (!query.exec())
        return fail(ErrorCode::Io, query.lastError().text());
    return {};
}

} // namespace routing
