#include "core/config/app_config.h"

#include <QDir>
#include <QFileInfo>

namespace routing {

double DatabaseConfig::actualsToMinutes() const
{
    if (actualsUnit == QLatin1String("minutes"))
        return 1.0;
    if (actualsUnit == QLatin1String("seconds"))
        return 1.0 / 60.0;
    return 60.0;
}

QString AppConfig::resolvePath(const QString &configured) const
{
    const QString configDir = sourceFile.isEmpty() ? QDir::currentPath()
                                                   : QFileInfo(sourceFile).absolutePath();
    const QString base = QDir(configDir).absoluteFilePath(paths.baseDir);
    return QDir::cleanPath(QDir(base).absoluteFilePath(configured));
}

QString AppConfig::erpSqlitePath() const
{
    if (!database.path.isEmpty())
        return resolvePath(database.path);
    return QDir(dataDir()).absoluteFilePath(QStringLiteral("demo_plant.db"));
}

DatabaseConfig AppConfig::erpDatabase() const
{
    DatabaseConfig db = database;
    if (db.driver == QLatin1String("QSQLITE"))
        db.path = erpSqlitePath();
    return db;
}

QString dialectName(SqlDialectKind kind)
{
    switch (kind) {
    case SqlDialectKind::Sqlite: return QStringLiteral("sqlite");
    case SqlDialectKind::PostgreSql: return QStringLiteral("postgresql");
    case SqlDialectKind::MsSql: return QStringLiteral("mssql");
    }
    return {};
}

FeaturesConfig defaultFeatures()
{
    FeaturesConfig f;
    f.categorical = {QStringLiteral("PART_TYPE"),     QStringLiteral("ITEM_TYPE"),
                     QStringLiteral("ITEM_ACCT"),     QStringLiteral("ITEM_UNIT"),
                     QStringLiteral("ITEM_MATERIAL"), QStringLiteral("RAW_MATL_KIND"),
                     QStringLiteral("ITEM_GRP1"),     QStringLiteral("GROUP1"),
                     QStringLiteral("GROUP2"),        QStringLiteral("STANDARD_YN"),
                     QStringLiteral("SealTypeGrup"),  QStringLiteral("IN_SEALTYPE_CD"),
                     QStringLiteral("MID_SEALTYPE_CD"), QStringLiteral("OUT_SEALTYPE_CD"),
                     QStringLiteral("OUTDIAMETER_UNIT")};
    f.numeric = {QStringLiteral("OUTDIAMETER"),  QStringLiteral("INDIAMETER"),
                 QStringLiteral("OUTTHICKNESS"), QStringLiteral("IN_SEALSIZE"),
                 QStringLiteral("MID_SEALSIZE"), QStringLiteral("OUT_SEALSIZE"),
                 QStringLiteral("ROTATE_CLOCKWISE"), QStringLiteral("ROTATE_CTRCLOCKWISE")};
    return f;
}

} // namespace routing
