#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QTime>

#include <optional>

namespace routing {

/// Warning / critical / clear levels of one metric. For "higher is worse" metrics (MAE, CV) an
/// alert rises at >= warning or >= critical and clears only below `clear` (hysteresis); for
/// "lower is worse" metrics (process match) the comparisons are mirrored.
struct MetricLevels
{
    double warning = 0.0;
    double critical = 0.0;
    double clear = 0.0;
};

struct SamplingConfig
{
    enum class Strategy { Random, Stratified, RecentBias };
    int sampleSize = 500;
    Strategy strategy = Strategy::Stratified;
    std::optional<quint64> seed = 42; ///< empty: a fresh seed each cycle (recorded in the report)
    QString strataColumn = QStringLiteral("PART_TYPE");
    int recentDaysWindow = 30;
    int minPopulation = 100;
};

struct ThresholdsConfig
{
    MetricLevels maeMinutes{5.0, 10.0, 4.5};
    MetricLevels trimMaeMinutes{3.5, 7.0, 3.0};
    MetricLevels processMatch{0.85, 0.80, 0.87}; ///< lower is worse
    /// Which process match the levels apply to (docs/metrics.md §5): the aligned one (LCS, the
    /// default, the ML engine's measure) or the positional one (same JOB_CD at the same place).
    enum class ProcessMatchMeasure { Aligned, Positional };
    ProcessMatchMeasure processMatchMeasure = ProcessMatchMeasure::Aligned;
    MetricLevels cv{0.3, 0.5, 0.25};
    int sampleCountMin = 3;
    double trimRatio = 0.10;
};

struct AlertsConfig
{
    int debounceM = 2; ///< raise when M of the last N cycles breach the level
    int debounceN = 3;
    bool autoRetrain = true;
    bool autoRollback = true;
    int probationCycles = 3;
};

struct EvaluationConfig
{
    int windowDays = 30;
};

struct QueueConfig
{
    int maxSize = 3;
    int maxRetries = 2;
    int retryBackoffSeconds = 60;
    double cooldownHours = 24.0;
};

struct MlpConfig
{
    QList<int> hiddenLayerSizes{128, 64};
    QString activation = QStringLiteral("relu");  ///< relu | leaky_relu | sigmoid_sym
    QString solver = QStringLiteral("rprop");     ///< rprop | backprop
    double learningRateInit = 0.001;              ///< backprop step scale
    int maxIter = 200;
    quint64 randomState = 42;
};

struct XgboostConfig
{
    int maxDepth = 8;
    double eta = 0.2;
    int numRounds = 200;
    int earlyStoppingRounds = 30;
    double subsample = 0.8;
    double colsampleBytree = 0.8;
    double minChildWeight = 3.0;
    int nthread = 0; ///< 0: all cores
};

struct TrainingConfig
{
    int cvFolds = 5;
    int nJobs = -1;
    double minImprovementPct = 5.0;
    QStringList modelCandidates{QStringLiteral("baseline"), QStringLiteral("xgboost"),
                                QStringLiteral("mlp"), QStringLiteral("stacking")};
    int maxDurationMinutes = 120;
    int validationDays = 30;      ///< the last N days before the training time are held out
    int historyDays = 730;        ///< training data reaches this far back
    quint64 seed = 42;
    MlpConfig mlp;
    XgboostConfig xgboost;
    int stackingCv = 3;
};

struct FeaturesConfig
{
    QStringList categorical;
    QStringList numeric;
};

struct ScheduleConfig
{
    bool enabled = false;
    int intervalMinutes = 0;          ///< > 0: every N minutes
    std::optional<QTime> dailyTime;   ///< otherwise once a day at this local time
    int maxExecutionSeconds = 3600;
};

struct CacheConfig
{
    bool enabled = true;
    int ttlSeconds = 3600;
    int maxSize = 1000;
};

struct LoggingConfig
{
    QString level = QStringLiteral("info"); ///< trace | debug | info | warning | error
    int maxFileMb = 10;
    int maxFiles = 5;
};

struct ReportsConfig
{
    bool generateJson = true;
    bool generateCsv = true;
    bool generateMarkdown = true;
};

struct RetentionConfig
{
    int logsDays = 30;
    int reportsDays = 90;
    int keepVersions = 10;
};

struct HttpConfig
{
    bool enabled = true;
    QString bindAddress = QStringLiteral("127.0.0.1");
    int port = 8000;
    QString tokenEnv = QStringLiteral("ROUTING_CONSOLE_API_TOKEN");
    int maxBodyBytes = 1 << 20;
};

/// Where things live. Relative paths are resolved against `baseDir`, and a relative `baseDir`
/// against the directory that holds the configuration file.
struct PathsConfig
{
    QString baseDir = QStringLiteral("..");
    QString data = QStringLiteral("data");
    QString models = QStringLiteral("models");
    QString state = QStringLiteral("data/state.db");
    QString logs = QStringLiteral("logs");
    QString reports = QStringLiteral("deliverables");
};

enum class SqlDialectKind { Sqlite, PostgreSql, MsSql };

/// The three ERP views and the physical name of each contract column. Plants rename views and
/// columns; the contract names (erp-views.md) are the logical names used in code.
struct ErpSchema
{
    QString itemView = QStringLiteral("BI_ITEM_INFO_VIEW");
    QString routingView = QStringLiteral("BI_ROUTING_VIEW");
    QString workOrderView = QStringLiteral("BI_WORK_ORDER_RESULTS");
    QHash<QString, QString> itemColumns;      ///< logical -> physical, only overrides
    QHash<QString, QString> routingColumns;
    QHash<QString, QString> workOrderColumns;

    QString itemColumn(const QString &logical) const { return itemColumns.value(logical, logical); }
    QString routingColumn(const QString &logical) const { return routingColumns.value(logical, logical); }
    QString workOrderColumn(const QString &logical) const { return workOrderColumns.value(logical, logical); }
};

struct DatabaseConfig
{
    QString driver = QStringLiteral("QSQLITE");   ///< QSQLITE | QODBC
    SqlDialectKind dialect = SqlDialectKind::Sqlite;
    QString path;              ///< QSQLITE: the file; empty: the demo plant in the data directory
    QString connectionString;  ///< QODBC: DSN-less string without credentials
    QString userEnv;           ///< names of environment variables holding the credentials
    QString passwordEnv;
    int connectTimeoutSeconds = 10;
    int retries = 3;
    int retryDelayMs = 2000;
    int batchSize = 500;       ///< codes per IN (...) list
    QString actualsUnit = QStringLiteral("hours"); ///< hours | minutes | seconds
    int demoItems = 20000;     ///< size of the demo plant generated on first launch
    quint64 demoSeed = 42;
    ErpSchema schema;

    bool usesDemoPlant() const { return driver == QLatin1String("QSQLITE") && path.isEmpty(); }
    /// Factor that turns the *_HOURS actuals into minutes.
    double actualsToMinutes() const;
};

/// The whole configuration file, typed. Produced only by ConfigLoader, which validates it.
struct AppConfig
{
    QString sourceFile;        ///< absolute path of the file it was read from ("" = defaults)
    SamplingConfig sampling;
    ThresholdsConfig thresholds;
    AlertsConfig alerts;
    EvaluationConfig evaluation;
    QueueConfig queue;
    TrainingConfig training;
    FeaturesConfig features;
    ScheduleConfig schedule;
    CacheConfig cache;
    LoggingConfig logging;
    ReportsConfig reports;
    RetentionConfig retention;
    HttpConfig http;
    PathsConfig paths;
    DatabaseConfig database;

    /// Absolute path of a configured path (see PathsConfig).
    QString resolvePath(const QString &configured) const;
    QString dataDir() const { return resolvePath(paths.data); }
    QString modelsDir() const { return resolvePath(paths.models); }
    QString stateDbPath() const { return resolvePath(paths.state); }
    QString logsDir() const { return resolvePath(paths.logs); }
    QString reportsDir() const { return resolvePath(paths.reports); }
    /// The SQLite file of the ERP: the configured one, or the demo plant in the data directory.
    QString erpSqlitePath() const;
    /// The database section ready to connect with: for QSQLITE, `path` is the resolved absolute
    /// file (the demo plant when none is configured). Every ERP connection is opened from this.
    DatabaseConfig erpDatabase() const;
};

QString dialectName(SqlDialectKind kind);

/// Default feature lists: the item attributes of the contract (erp-views.md).
FeaturesConfig defaultFeatures();

} // namespace routing
