#include "core/config/config_loader.h"

#include "core/common/atomic_file.h"
#include "core/common/logging_categories.h"
#include "core/config/erp_contract.h"
#include "core/config/yaml_reader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>

#include <limits>

namespace routing {
using config_detail::Range;
using config_detail::YamlMap;

namespace {

constexpr double kHuge = 1e9;

void readLevels(YamlMap &parent, const char *key, MetricLevels &levels, Range range, bool lowerIsWorse)
{
    auto map = parent.child(key);
    if (!map)
        return;
    map->read("warning", levels.warning, range);
    map->read("critical", levels.critical, range);
    map->read("clear", levels.clear, range);
    map->finish();
    if (!lowerIsWorse && !(levels.clear <= levels.warning && levels.warning <= levels.critical))
        parent.error(key, QStringLiteral("levels must satisfy clear <= warning <= critical (got %1, %2, %3)")
                              .arg(levels.clear).arg(levels.warning).arg(levels.critical));
    if (lowerIsWorse && !(levels.critical <= levels.warning && levels.warning <= levels.clear))
        parent.error(key, QStringLiteral("levels must satisfy critical <= warning <= clear for a "
                                         "lower-is-worse metric (got %1, %2, %3)")
                              .arg(levels.critical).arg(levels.warning).arg(levels.clear));
}

void readSampling(YamlMap &m, SamplingConfig &s)
{
    m.read("sample_size", s.sampleSize, {10, 10000});
    QString strategy = s.strategy == SamplingConfig::Strategy::Random       ? QStringLiteral("random")
                       : s.strategy == SamplingConfig::Strategy::RecentBias ? QStringLiteral("recent_bias")
                                                                            : QStringLiteral("stratified");
    m.read("strategy", strategy, {QStringLiteral("random"), QStringLiteral("stratified"), QStringLiteral("recent_bias")});
    s.strategy = strategy == QLatin1String("random")        ? SamplingConfig::Strategy::Random
                 : strategy == QLatin1String("recent_bias") ? SamplingConfig::Strategy::RecentBias
                                                            : SamplingConfig::Strategy::Stratified;
    m.readOptionalUInt64("seed", s.seed);
    m.read("strata_column", s.strataColumn, erp::itemColumns());
    m.read("recent_days_window", s.recentDaysWindow, {1, 365});
    m.read("min_population", s.minPopulation, {1, 10'000'000});
    m.finish();
    if (s.strategy == SamplingConfig::Strategy::Stratified && s.strataColumn.isEmpty())
        m.error("strata_column", QStringLiteral("is required when strategy is stratified"));
}

void readThresholds(YamlMap &m, ThresholdsConfig &t)
{
    readLevels(m, "mae_minutes", t.maeMinutes, {0, kHuge, true}, false);
    readLevels(m, "trim_mae_minutes", t.trimMaeMinutes, {0, kHuge, true}, false);
    readLevels(m, "process_match", t.processMatch, {0, 1}, true);
    using Measure = ThresholdsConfig::ProcessMatchMeasure;
    QString measure = t.processMatchMeasure == Measure::Positional ? QStringLiteral("positional")
                                                                   : QStringLiteral("aligned");
    m.read("process_match_measure", measure, {QStringLiteral("aligned"), QStringLiteral("positional")});
    t.processMatchMeasure =
        measure == QLatin1String("positional") ? Measure::Positional : Measure::Aligned;
    readLevels(m, "cv", t.cv, {0, 100, true}, false);
    m.read("sample_count_min", t.sampleCountMin, {1, 1'000'000});
    m.read("trim_ratio", t.trimRatio, {0, 0.49});
    m.finish();
    if (t.trimMaeMinutes.warning > t.maeMinutes.warning)
        m.error("trim_mae_minutes", QStringLiteral("warning (%1) must not exceed mae_minutes.warning (%2): a "
                                                   "trimmed mean is never above the mean it trims")
                                        .arg(t.trimMaeMinutes.warning).arg(t.maeMinutes.warning));
}

void readAlerts(YamlMap &m, AlertsConfig &a)
{
    m.read("debounce_m", a.debounceM, {1, 100});
    m.read("debounce_n", a.debounceN, {1, 100});
    m.read("auto_retrain", a.autoRetrain);
    m.read("auto_rollback", a.autoRollback);
    m.read("probation_cycles", a.probationCycles, {0, 100});
    m.finish();
    if (a.debounceM > a.debounceN)
        m.error("debounce_m", QStringLiteral("must not exceed debounce_n (%1)").arg(a.debounceN));
}

void readTraining(YamlMap &m, TrainingConfig &t)
{
    m.read("cv_folds", t.cvFolds, {2, 10});
    m.read("n_jobs", t.nJobs, {-1, 256});
    if (t.nJobs == 0)
        m.error("n_jobs", QStringLiteral("0 is not allowed; use -1 for all cores or a count >= 1"));
    m.read("min_improvement_pct", t.minImprovementPct, {0, 100});
    m.readList("model_candidates", t.modelCandidates,
               {QStringLiteral("baseline"), QStringLiteral("xgboost"), QStringLiteral("mlp"), QStringLiteral("stacking")});
    if (t.modelCandidates.isEmpty())
        m.error("model_candidates", QStringLiteral("at least one candidate is required"));
    m.read("max_duration_minutes", t.maxDurationMinutes, {1, 24 * 60});
    m.read("validation_days", t.validationDays, {1, 365});
    m.read("history_days", t.historyDays, {30, 3650});
    m.readUInt64("seed", t.seed);
    if (auto mlp = m.child("mlp")) {
        mlp->readList("hidden_layer_sizes", t.mlp.hiddenLayerSizes, {1, 4096});
        mlp->read("activation", t.mlp.activation,
                  {QStringLiteral("relu"), QStringLiteral("leaky_relu"), QStringLiteral("sigmoid_sym")});
        mlp->read("solver", t.mlp.solver, {QStringLiteral("rprop"), QStringLiteral("backprop")});
        mlp->read("learning_rate_init", t.mlp.learningRateInit, {0, 10, true});
        mlp->read("max_iter", t.mlp.maxIter, {10, 100000});
        mlp->readUInt64("random_state", t.mlp.randomState);
        mlp->finish();
    }
    if (auto x = m.child("xgboost")) {
        x->read("max_depth", t.xgboost.maxDepth, {1, 20});
        x->read("eta", t.xgboost.eta, {0, 1, true});
        x->read("num_rounds", t.xgboost.numRounds, {1, 100000});
        x->read("early_stopping_rounds", t.xgboost.earlyStoppingRounds, {1, 10000});
        x->read("subsample", t.xgboost.subsample, {0, 1, true});
        x->read("colsample_bytree", t.xgboost.colsampleBytree, {0, 1, true});
        x->read("min_child_weight", t.xgboost.minChildWeight, {0, 1e6});
        x->read("nthread", t.xgboost.nthread, {0, 256});
        x->finish();
    }
    if (auto s = m.child("stacking")) {
        s->read("cv", t.stackingCv, {2, 10});
        s->finish();
    }
    m.finish();
}

void readDatabase(YamlMap &m, DatabaseConfig &d)
{
    m.read("driver", d.driver, {QStringLiteral("QSQLITE"), QStringLiteral("QODBC")});
    QString dialect = dialectName(d.dialect);
    m.read("dialect", dialect, {QStringLiteral("sqlite"), QStringLiteral("postgresql"), QStringLiteral("mssql")});
    d.dialect = dialect == QLatin1String("postgresql") ? SqlDialectKind::PostgreSql
                : dialect == QLatin1String("mssql")    ? SqlDialectKind::MsSql
                                                       : SqlDialectKind::Sqlite;
    m.read("path", d.path);
    m.read("connection_string", d.connectionString);
    m.read("user_env", d.userEnv);
    m.read("password_env", d.passwordEnv);
    m.read("connect_timeout_seconds", d.connectTimeoutSeconds, {1, 600});
    m.read("retries", d.retries, {0, 20});
    m.read("retry_delay_ms", d.retryDelayMs, {0, 600000});
    m.read("batch_size", d.batchSize, {1, 2000});
    m.read("actuals_unit", d.actualsUnit, {QStringLiteral("hours"), QStringLiteral("minutes"), QStringLiteral("seconds")});
    m.read("demo_items", d.demoItems, {10, 1'000'000});
    m.readUInt64("demo_seed", d.demoSeed);

    if (auto views = m.child("views")) {
        views->read("items", d.schema.itemView, {}, false);
        views->read("routings", d.schema.routingView, {}, false);
        views->read("work_orders", d.schema.workOrderView, {}, false);
        views->finish();
    }
    if (auto cols = m.child("columns")) {
        const auto readColumns = [&](const char *key, QHash<QString, QString> &out, const QStringList &allowed) {
            auto map = cols->child(key);
            if (!map)
                return;
            for (const auto &[logical, node] : map->entries()) {
                if (!allowed.contains(logical)) {
                    map->error(logical.toUtf8().constData(),
                               QStringLiteral("'%1' is not a contract column; allowed: %2")
                                   .arg(logical, allowed.join(QStringLiteral(", "))));
                    continue;
                }
                QString physical;
                map->read(logical.toUtf8().constData(), physical, {}, false);
                if (!physical.isEmpty())
                    out.insert(logical, physical);
            }
        };
        readColumns("items", d.schema.itemColumns, erp::itemColumns());
        readColumns("routings", d.schema.routingColumns, erp::routingColumns());
        readColumns("work_orders", d.schema.workOrderColumns, erp::workOrderColumns());
        cols->finish();
    }
    m.finish();

    if (d.driver == QLatin1String("QSQLITE") && d.dialect != SqlDialectKind::Sqlite)
        m.error("dialect", QStringLiteral("driver QSQLITE needs dialect sqlite"));
    if (d.driver == QLatin1String("QODBC") && d.connectionString.isEmpty())
        m.error("connection_string", QStringLiteral("is required with driver QODBC"));
    for (const char *key : {"connection_string"}) {
        const QString lower = d.connectionString.toLower();
        if (lower.contains(QLatin1String("pwd=")) || lower.contains(QLatin1String("password=")))
            m.error(key, QStringLiteral("must not contain a password; name an environment variable in "
                                        "password_env instead"));
    }
}

void readRest(YamlMap &root, AppConfig &c)
{
    if (auto e = root.child("evaluation")) {
        e->read("window_days", c.evaluation.windowDays, {1, 365});
        e->finish();
    }
    if (auto q = root.child("queue")) {
        q->read("max_size", c.queue.maxSize, {1, 10});
        q->read("max_retries", c.queue.maxRetries, {0, 5});
        q->read("retry_backoff_seconds", c.queue.retryBackoffSeconds, {1, 86400});
        q->read("cooldown_hours", c.queue.cooldownHours, {0, 720});
        q->finish();
    }
    if (auto f = root.child("features")) {
        f->readList("categorical", c.features.categorical, erp::itemColumns());
        f->readList("numeric", c.features.numeric, erp::itemNumericColumns());
        f->finish();
        for (const QString &col : c.features.categorical)
            if (c.features.numeric.contains(col))
                f->error("numeric", QStringLiteral("'%1' is listed as both categorical and numeric").arg(col));
        if (c.features.categorical.isEmpty() && c.features.numeric.isEmpty())
            f->error(nullptr, QStringLiteral("at least one feature is required"));
    }
    if (auto s = root.child("schedule")) {
        s->read("enabled", c.schedule.enabled);
        s->read("interval_minutes", c.schedule.intervalMinutes, {0, 7 * 24 * 60});
        QString daily;
        s->read("daily_time", daily);
        if (!daily.isEmpty()) {
            const QTime t = QTime::fromString(daily, QStringLiteral("HH:mm"));
            if (!t.isValid())
                s->error("daily_time", QStringLiteral("'%1' is not a time; allowed HH:mm, 00:00 to 23:59").arg(daily));
            else
                c.schedule.dailyTime = t;
        }
        s->read("max_execution_seconds", c.schedule.maxExecutionSeconds, {60, 86400});
        s->finish();
        if (c.schedule.intervalMinutes > 0 && c.schedule.dailyTime)
            s->error("daily_time", QStringLiteral("set either interval_minutes or daily_time, not both"));
        if (c.schedule.enabled && c.schedule.intervalMinutes == 0 && !c.schedule.dailyTime)
            s->error("enabled", QStringLiteral("an enabled schedule needs interval_minutes or daily_time"));
    }
    if (auto k = root.child("cache")) {
        k->read("enabled", c.cache.enabled);
        k->read("ttl_seconds", c.cache.ttlSeconds, {60, 7 * 86400});
        k->read("max_size", c.cache.maxSize, {10, 10'000'000});
        k->finish();
    }
    if (auto l = root.child("logging")) {
        l->read("level", c.logging.level, {QStringLiteral("trace"), QStringLiteral("debug"), QStringLiteral("info"),
                                           QStringLiteral("warning"), QStringLiteral("error")});
        l->read("max_file_mb", c.logging.maxFileMb, {1, 1024});
        l->read("max_files", c.logging.maxFiles, {1, 100});
        l->finish();
    }
    if (auto r = root.child("reports")) {
        r->read("generate_json", c.reports.generateJson);
        r->read("generate_csv", c.reports.generateCsv);
        r->read("generate_markdown", c.reports.generateMarkdown);
        r->finish();
    }
    if (auto r = root.child("retention")) {
        r->read("logs_days", c.retention.logsDays, {1, 3650});
        r->read("reports_days", c.retention.reportsDays, {1, 3650});
        r->read("keep_versions", c.retention.keepVersions, {2, 1000});
        r->finish();
    }
    if (auto h = root.child("http")) {
        h->read("enabled", c.http.enabled);
        h->read("bind_address", c.http.bindAddress, {}, false);
        if (QHostAddress(c.http.bindAddress).isNull() && c.http.bindAddress != QLatin1String("localhost"))
            h->error("bind_address", QStringLiteral("'%1' is not an IP address").arg(c.http.bindAddress));
        h->read("port", c.http.port, {0, 65535});
        h->read("token_env", c.http.tokenEnv);
        h->read("max_body_bytes", c.http.maxBodyBytes, {1024, 64 << 20});
        h->finish();
    }
    if (auto p = root.child("paths")) {
        for (auto [key, field] : {std::pair{"base_dir", &c.paths.baseDir}, {"data", &c.paths.data},
                                  {"models", &c.paths.models}, {"state", &c.paths.state},
                                  {"logs", &c.paths.logs}, {"reports", &c.paths.reports}})
            p->read(key, *field, {}, false);
        p->finish();
    }
}

} // namespace

Result<AppConfig> ConfigLoader::loadText(const QByteArray &yaml, const QString &fileName)
{
    AppConfig config;
    config.features = defaultFeatures();
    config.sourceFile = fileName.isEmpty() ? QString() : QFileInfo(fileName).absoluteFilePath();
    const QString shown = fileName.isEmpty() ? QStringLiteral("(config)") : fileName;

    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        return fail(ErrorCode::Config, QStringLiteral("%1:%2:%3: YAML syntax error: %4")
                                           .arg(shown).arg(e.mark.line + 1).arg(e.mark.column + 1)
                                           .arg(QString::fromStdString(e.msg)));
    }
    if (!root.IsDefined() || root.IsNull())
        return fail(ErrorCode::Config, QStringLiteral("%1: the file is empty").arg(shown));
    if (!root.IsMap())
        return fail(ErrorCode::Config, QStringLiteral("%1: the top level must be a mapping of sections").arg(shown));

    QStringList errors;
    try {
        YamlMap top(shown, root, QString(), &errors);
        if (auto m = top.child("sampling"))
            readSampling(*m, config.sampling);
        if (auto m = top.child("thresholds"))
            readThresholds(*m, config.thresholds);
        if (auto m = top.child("alerts"))
            readAlerts(*m, config.alerts);
        if (auto m = top.child("training"))
            readTraining(*m, config.training);
        if (auto m = top.child("database"))
            readDatabase(*m, config.database);
        readRest(top, config);
        top.finish();
    } catch (const YAML::Exception &e) {
        errors.append(QStringLiteral("%1:%2:%3: %4").arg(shown).arg(e.mark.line + 1).arg(e.mark.column + 1)
                          .arg(QString::fromStdString(e.msg)));
    }
    if (!errors.isEmpty())
        return fail(ErrorCode::Config, errors.join(u'\n'));
    qCDebug(lcConfig) << "configuration loaded from" << shown;
    return config;
}

Result<AppConfig> ConfigLoader::loadFile(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return fail(ErrorCode::Config, QStringLiteral("%1: no such configuration file").arg(path));
    auto bytes = readWholeFile(path);
    if (!bytes)
        return fail(ErrorCode::Config, bytes.error().message);
    return loadText(*bytes, path);
}

QString ConfigLoader::defaultConfigPath()
{
    const QString fromEnv = qEnvironmentVariable("ROUTING_CONSOLE_CONFIG");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QStringList candidates{QDir::current().absoluteFilePath(QStringLiteral("config/iter_training.yaml"))};
    if (QCoreApplication::instance()) {
        const QDir exe(QCoreApplication::applicationDirPath());
        candidates << exe.absoluteFilePath(QStringLiteral("../share/routing-console/config/iter_training.yaml"))
                   << exe.absoluteFilePath(QStringLiteral("../../config/iter_training.yaml"))
                   << exe.absoluteFilePath(QStringLiteral("config/iter_training.yaml"));
    }
    for (const QString &c : candidates)
        if (QFileInfo(c).isFile())
            return QDir::cleanPath(c);
    return {};
}

} // namespace routing
