#include "tests/support/fixture_plant.h"

#include "core/config/erp_contract.h"
#include "core/data/erp_database.h"
#include "core/data/sql_dialect.h"

#include <QSqlError>
#include <QSqlQuery>

namespace routing::test {

namespace {

enum class Type { Code, Text, Numeric, Integer, DateTime };

struct Table
{
    QString view;
    QStringList logical;
    QHash<QString, QString> renamed;
    QList<QVariantList> rows;
};

const QVariant N; // NULL

Type typeOf(const QString &column)
{
    static const QStringList integers{QStringLiteral("PROC_SEQ"),
                                      QStringLiteral("ROTATE_CLOCKWISE"),
                                      QStringLiteral("ROTATE_CTRCLOCKWISE")};
    static const QStringList numerics{
        QStringLiteral("OUTDIAMETER"),  QStringLiteral("INDIAMETER"),
        QStringLiteral("OUTTHICKNESS"), QStringLiteral("IN_SEALSIZE"),
        QStringLiteral("MID_SEALSIZE"), QStringLiteral("OUT_SEALSIZE"),
        QStringLiteral("SETUP_TIME"),   QStringLiteral("RUN_TIME"),
        QStringLiteral("SETUP_HOURS"),  QStringLiteral("MACH_WORKED_HOURS"),
        QStringLiteral("ORDER_QTY"),    QStringLiteral("BAD_QTY")};
    if (integers.contains(column))
        return Type::Integer;
    if (numerics.contains(column))
        return Type::Numeric;
    if (column == QLatin1String("INSRT_DT") || column == QLatin1String("REPORT_DT"))
        return Type::DateTime;
    if (column == QLatin1String("ITEM_CD") || column == QLatin1String("ROUT_NO"))
        return Type::Code;
    return Type::Text;
}

QString sqlType(Type type, SqlDialectKind kind)
{
    const bool pg = kind == SqlDialectKind::PostgreSql;
    switch (type) {
    case Type::Code:
        return pg ? QStringLiteral("varchar(100) NOT NULL") : QStringLiteral("TEXT NOT NULL");
    case Type::Text:
        return pg ? QStringLiteral("varchar(500)") : QStringLiteral("TEXT");
    case Type::Numeric:
        return pg ? QStringLiteral("numeric(18,4)") : QStringLiteral("REAL");
    case Type::Integer:
        return QStringLiteral("INTEGER");
    case Type::DateTime:
        return pg ? QStringLiteral("timestamp") : QStringLiteral("TEXT");
    }
    return {};
}

QVariant bindValue(const QVariant &value, Type type, const SqlDialect &dialect)
{
    switch (type) {
    case Type::Code:
    case Type::Text:
        return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : value;
    case Type::Numeric:
        return value.isNull() ? QVariant(QMetaType::fromType<double>())
                              : QVariant(value.toDouble());
    case Type::Integer:
        return value.isNull() ? QVariant(QMetaType::fromType<int>()) : QVariant(value.toInt());
    case Type::DateTime:
        if (value.isNull())
            return dialect.kind() == SqlDialectKind::Sqlite
                       ? QVariant(QMetaType::fromType<QString>())
                       : QVariant(QMetaType::fromType<QDateTime>());
        return dialect.dateTimeParameter(value.toDateTime());
    }
    return value;
}

Status exec(QSqlDatabase &db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery query(db);
    bool ok = query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    ok = ok && query.exec();
    if (!ok)
        return fail(ErrorCode::Internal,
                    QStringLiteral("fixture statement failed: %1 (%2)")
                        .arg(sql.left(200), ErpDatabase::driverMessage(query.lastError())));
    return {};
}

Status writeTable(QSqlDatabase &db, const SqlDialect &dialect, const Table &table)
{
    const QString name = dialect.quoteIdentifier(table.view);
    QStringList definitions;
    QStringList columns;
    for (const QString &logical : table.logical) {
        const QString physical = dialect.quoteIdentifier(table.renamed.value(logical, logical));
        columns << physical;
        definitions << physical + QLatin1Char(' ') + sqlType(typeOf(logical), dialect.kind());
    }
    if (auto s = exec(db, QStringLiteral("DROP TABLE IF EXISTS %1").arg(name)); !s)
        return s;
    if (auto s = exec(db, QStringLiteral("CREATE TABLE %1 (%2)")
                              .arg(name, definitions.join(QStringLiteral(", "))));
        !s)
        return s;
    // Several multi-row statements per table: one round trip per row is what psqlODBC is slow at.
    constexpr int rowsPerStatement = 4;
    const QString tuple =
        QLatin1Char('(') + SqlDialect::placeholders(int(columns.size())) + QLatin1Char(')');
    for (qsizetype start = 0; start < table.rows.size(); start += rowsPerStatement) {
        const auto chunk = table.rows.mid(start, rowsPerStatement);
        QStringList tuples;
        QVariantList values;
        for (const QVariantList &row : chunk) {
            Q_ASSERT(row.size() == table.logical.size());
            tuples << tuple;
            for (int i = 0; i < row.size(); ++i)
                values << bindValue(row[i], typeOf(table.logical[i]), dialect);
        }
        const QString sql =
            QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                .arg(name, columns.join(QStringLiteral(", ")), tuples.join(QStringLiteral(", ")));
        if (auto s = exec(db, sql, values); !s)
            return s;
    }
    return {};
}

// clang-format off
// The plant as tables: one row a line reads better than any automatic layout.
QVariant t(const char *utf8) { return QString::fromUtf8(utf8); }
QVariant at(int y, int mo, int d, int h, int mi, int s) { return FixturePlant::dt(y, mo, d, h, mi, s); }

QList<QVariantList> itemRows()
{
    QVariantList b300{t("B300")};
    while (b300.size() < 26)
        b300 << N;
    return {
        {t("A100"), t("메카니컬 씰"), t("SEAL"), t("제품"), t("10"), t("EA"), t("SUS316"), t("스테인리스 316"),
         t("BAR"), t("G1"), t("MECH"), t("CART"), t("Y"), t("CARTRIDGE"), t("I1"), N, t("O1"), 85.5, 42.25,
         12.0, t("mm"), 40.0, N, 60.0, 1, N},
        {t(" a200 "), t("Pump Shaft"), t("SHAFT"), t("제품"), t("10"), t("EA"), t("SCM440"), N, t("BAR"),
         t("G2"), t("ROT"), t("SHAFT"), t("N"), N, N, N, N, 0.0, 9999.0, 0.0, t("inch"), N, N, N, N, 2},
        b300,
        {t("C400"), t("베어링 하우징"), t("SEAL"), t("반제품"), t("20"), t("EA"), t("FC250"), t("회주철"),
         t("CAST"), t("G1"), t("MECH"), t("HOUSING"), t("N"), t("SINGLE"), t("I2"), t("M2"), t("O2"), 120.0,
         80.0, 15.5, t("mm"), 75.0, 70.0, 90.0, 1, N},
        {t("d500"), t("Gland Plate"), t("GLAND"), t("제품"), t("10"), t("EA"), t("SUS304"), N, t("PLATE"),
         t("G3"), t("MECH"), t("GLAND"), t("Y"), N, N, N, N, 150.0, 60.0, 20.0, t("mm"), N, N, N, N, N},
        {t("E600"), t("슬리브"), t("SLEEVE"), t("부품"), t("30"), t("EA"), t("SUS316"), t("스테인리스 316"),
         t("PIPE"), t("G1"), t("MECH"), t("SLEEVE"), t("N"), t("CARTRIDGE"), t("I1"), N, t("O3"), 55.0, 45.0,
         5.0, t("mm"), 45.0, N, 55.0, 1, 2},
        {t("F700 "), t("O-Ring Set"), t("SEAL"), t("부품"), t("30"), t("SET"), t("NBR"), N, t("RUBBER"),
         t("G4"), t("ELAST"), t("ORING"), t("Y"), N, N, N, N, 30.0, 25.0, 2.5, t("mm"), N, N, N, N, N},
        {t("G800"), t("커플링"), t("COUPLING"), t("제품"), t("10"), t("EA"), t("S45C"), N, t("BAR"), t("G5"),
         t("ROT"), t("COUPLING"), t("N"), N, N, N, N, 200.0, 50.0, 40.0, t("mm"), N, N, N, 1, N},
    };
}

QList<QVariantList> routingRows()
{
    const QVariant min = t("분(Min.)");
    const QVariant a100v1 = at(2023, 1, 10, 9, 0, 0), a100v2 = at(2022, 6, 1, 8, 0, 0);
    const QVariant d500 = at(2023, 3, 1, 10, 0, 0), f700 = at(2023, 4, 1, 12, 0, 0);
    const auto cnc = [&](const char *item, const char *rout, double setup, double run, QVariant when) {
        return QVariantList{t(item), t(rout), 10, t("CNC01"), t("CNC 선반"), t("R-CNC1"), t("CNC 1호기"),
                            t("사내"), setup, run, min, when};
    };
    return {
        {t("A100"), t("1"), 30, t("ASM01"), t("조립"), t("R-ASM"), t("조립반"), t("사내"), 5.0, 2.5, min, a100v1},
        cnc("A100", "1", 30.0, 12.5, a100v1),
        {t("A100"), t("1"), 20, t("MCT01"), t("머시닝"), t("R-MCT"), t("MCT 2호기"), t("외주"), N, N, min, a100v1},
        cnc("A100", "2", 25.0, 10.0, a100v2),
        {t("A100"), t("2"), 20, t("ASM01"), t("조립"), t("R-ASM"), t("조립반"), t("사내"), 5.0, 3.0, min, a100v2},
        cnc(" a200 ", "1", 20.0, 8.0, at(2023, 2, 1, 10, 0, 0)),
        {t(" a200 "), t("1"), 20, t("GRD01"), t("연삭"), t("R-GRD"), t("연삭기"), t("사내"), 10.0, 4.5, min,
         at(2023, 2, 1, 10, 0, 0)},
        cnc("B300", "1", 15.0, 6.0, N),
        cnc("d500", "2", 20.0, 7.0, d500),
        {t("D500"), t("10"), 10, t("CNC02"), t("CNC 복합"), t("R-CNC2"), t("CNC 2호기"), t("사내"), 25.0, 9.0, min, d500},
        {t("D500"), t("10"), 20, t("INS01"), t("검사"), t("R-QC"), t("품질검사실"), t("사내"), 5.0, 1.0, min, d500},
        cnc("E600", "003", 10.0, 5.0, at(2021, 5, 1, 8, 0, 0)),
        cnc("E600", "001", 12.0, 5.5, at(2022, 1, 10, 8, 0, 0)),
        cnc("E600", "002", 12.0, 5.0, at(2023, 5, 1, 8, 0, 0)),
        {t("E600"), t("002"), 20, t("LAP01"), t("래핑"), t("R-LAP"), t("래핑기"), t("외주"), 8.0, 3.0, min, N},
        {t("F700"), t("A"), 10, t("MLD01"), t("성형"), t("R-MLD"), t("성형기"), t("사내"), 15.0, 0.5, min, f700},
        {t("F700"), t("B1"), 10, t("MLD01"), t("성형"), t("R-MLD"), t("성형기"), t("사내"), 15.0, 0.4, min, f700},
        {t("F700"), t("B1"), 20, t("INS01"), t("검사"), t("R-QC"), t("품질검사실"), t("사내"), 2.0, 0.1, min, f700},
        {t("F700"), t("5"), 10, t("MLD02"), t("성형 2"), t("R-MLD"), t("성형기"), t("사내"), 14.0, 0.6, min, f700},
    };
}

QList<QVariantList> workOrderRows()
{
    const auto cnc = [](const char *item, const char *rout, QVariant when, double setup, double run,
                        double qty, QVariant bad) {
        return QVariantList{t(item), t(rout), 10, t("CNC01"), t("CNC 선반"), t("R-CNC1"), t("CNC 1호기"),
                            when, setup, run, qty, bad};
    };
    return {
        cnc("A100", "1", at(2024, 2, 29, 23, 59, 59), 0.5, 1.0, 10, 0),
        cnc("A100", "1", at(2024, 3, 1, 0, 0, 0), 0.5, 1.25, 10, 1),
        {t("a100 "), t("1"), 20, t("MCT01"), t("머시닝"), t("R-MCT"), t("MCT 2호기"), at(2024, 3, 15, 8, 30, 0),
         N, 2.0, 5, N},
        {t("A100"), t("1"), 30, t("ASM01"), t("조립"), t("R-ASM"), t("조립반"), at(2024, 4, 1, 0, 0, 0), 0.25,
         0.5, 10, 0},
        cnc(" a200", "1", at(2024, 3, 20, 13, 45, 0), 1.5, 3.0, 20, 2),
        cnc("B300", "1", at(2024, 1, 15, 10, 0, 0), 0.3, 0.6, 4, 0),
        {t("D500"), t("10"), 20, t("INS01"), t("검사"), t("R-QC"), t("품질검사실"), at(2024, 3, 31, 23, 59, 59),
         0.0, 0.1, 1, 0},
        cnc("E600", "002", at(2024, 4, 2, 9, 0, 0), 0.2, 0.5, 8, 0),
        {t("F700"), t("B1"), 10, t("MLD01"), t("성형"), t("R-MLD"), t("성형기"), N, 0.1, 0.2, 100, 3},
        cnc("C400", "1", at(2024, 3, 5, 7, 0, 0), 0.2, 0.4, 3, 0),
    };
}
// clang-format on

} // namespace

Status FixturePlant::write(QSqlDatabase db, SqlDialectKind kind, const ErpSchema &schema)
{
    if (kind == SqlDialectKind::MsSql)
        return fail(ErrorCode::Internal,
                    QStringLiteral("the fixture plant is not written to MSSQL"));
    const SqlDialect dialect(kind);
    const Table tables[] = {
        {schema.itemView, erp::itemColumns(), schema.itemColumns, itemRows()},
        {schema.routingView, erp::routingColumns(), schema.routingColumns, routingRows()},
        {schema.workOrderView, erp::workOrderColumns(), schema.workOrderColumns, workOrderRows()},
    };
    for (const Table &table : tables) {
        if (auto s = writeTable(db, dialect, table); !s)
            return s;
    }
    return {};
}

ErpSchema FixturePlant::renamedSchema()
{
    ErpSchema schema;
    schema.itemView = QStringLiteral("ERP_ITEM");
    schema.routingView = QStringLiteral("ERP_Routing");
    schema.workOrderView = QStringLiteral("ERP_WO_RESULTS");
    schema.itemColumns = {{QStringLiteral("ITEM_NM"), QStringLiteral("ItemName")},
                          {QStringLiteral("PART_TYPE"), QStringLiteral("FAMILY")}};
    schema.routingColumns = {{QStringLiteral("JOB_NM"), QStringLiteral("PROCESS_NAME")},
                             {QStringLiteral("INSRT_DT"), QStringLiteral("WRITTEN_AT")}};
    schema.workOrderColumns = {{QStringLiteral("MACH_WORKED_HOURS"), QStringLiteral("RUN_HOURS")},
                               {QStringLiteral("REPORT_DT"), QStringLiteral("Reported At")}};
    return schema;
}

QStringList FixturePlant::itemCodes()
{
    return {QStringLiteral("A100"), QStringLiteral("A200"), QStringLiteral("B300"),
            QStringLiteral("C400"), QStringLiteral("D500"), QStringLiteral("E600"),
            QStringLiteral("F700"), QStringLiteral("G800")};
}

QStringList FixturePlant::itemsWithRouting()
{
    return {QStringLiteral("A100"), QStringLiteral("A200"), QStringLiteral("B300"),
            QStringLiteral("D500"), QStringLiteral("E600"), QStringLiteral("F700")};
}

QStringList FixturePlant::itemsWithActualsInWindow()
{
    return {QStringLiteral("A100"), QStringLiteral("A200"), QStringLiteral("C400"),
            QStringLiteral("D500")};
}

} // namespace routing::test
