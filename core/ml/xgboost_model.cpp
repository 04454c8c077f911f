#include "core/ml/xgboost_model.h"

#include "core/common/atomic_file.h"
#include "core/ml/ml_logging.h"
#include "core/ml/tree_ensemble.h"
#include "core/ml/xgboost_handles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>

#include <cmath>
#include <optional>

namespace routing::ml {

namespace {

// Inplace prediction reads the dense rows directly (no DMatrix copy: ~30% of a batch's time).
const char *const kInplaceConfig =
    R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN, "cache_id": 0})";
const char *const kContribConfig =
    R"({"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})";
const char *const kApproxContribConfig =
    R"({"type": 3, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})";

double parseValidRmse(const char *text)
{
    const QString s = QString::fromUtf8(text);
    const int at = s.indexOf(QLatin1String("valid-rmse:"));
    if (at < 0)
        return std::nan("");
    bool ok = false;
    const double value = s.mid(at + 11).section(QLatin1Char('\t'), 0, 0).trimmed().toDouble(&ok);
    return ok ? value : std::nan("");
}

struct Matrix
{
    std::vector<float> features;
    std::vector<float> labels;
    int rows = 0;
};

Matrix gather(const SampleSet &set, const std::vector<int> &rows, Target target)
{
    Matrix m;
    m.rows = int(rows.size());
    m.features.resize(rows.size() * size_t(set.dimension));
    m.labels.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        std::copy_n(set.row(rows[i]), set.dimension, m.features.data() + i * size_t(set.dimension));
        m.labels[i] = set.label[size_t(target)][size_t(rows[i])];
    }
    return m;
}

} // namespace

struct XgboostModel::Impl
{
    xgb::BoosterPtr boosters[kTargetCount];
    /// The boosters compiled for plain predictions (no mutex, several times faster); empty when
    /// a booster uses what TreeEnsemble does not cover, and then XGBoost predicts.
    std::optional<TreeEnsemble> ensembles[kTargetCount];
    TargetReport reports[kTargetCount];
    int features = 0;
    mutable QMutex mutex;

    /// After the boosters are loaded or trained, before the model is shared.
    void compileEnsembles()
    {
        for (int t = 0; t < kTargetCount; ++t) {
            ensembles[t].reset();
            auto ensemble = TreeEnsemble::fromBooster(boosters[t].get());
            if (ensemble && ensemble->featureCount() == features) {
                ensembles[t] = std::move(*ensemble);
                continue;
            }
            const QString why = ensemble ? QStringLiteral("%1 features, expected %2")
                                               .arg(ensemble->featureCount())
                                               .arg(features)
                                         : ensemble.error().message;
            qCInfo(lcMl).noquote()
                << QStringLiteral("XGBoost %1 booster predicts through XGBoost: %2")
                       .arg(t == 0 ? QStringLiteral("setup") : QStringLiteral("run"), why);
        }
    }
};

XgboostModel::XgboostModel() : d(std::make_unique<Impl>()) {}
XgboostModel::~XgboostModel() = default;
XgboostModel::XgboostModel(XgboostModel &&other) noexcept = default;
XgboostModel &XgboostModel::operator=(XgboostModel &&other) noexcept = default;

QString XgboostModel::libraryVersion()
{
    return xgb::libraryVersion();
}

QString XgboostModel::fileName(Target target)
{
    return target == Target::Setup ? QStringLiteral("xgb_setup.ubj") : QStringLiteral("xgb_run.ubj");
}

bool XgboostModel::isValid() const
{
    return d && d->boosters[0] && d->boosters[1];
}

int XgboostModel::featureCount() const
{
    return d ? d->features : 0;
}

const XgboostModel::TargetReport &XgboostModel::report(Target target) const
{
    return d->reports[int(target)];
}

Result<XgboostModel> XgboostModel::train(const SampleSet &train, const SampleSet &valid,
                                         const TrainOptions &options,
                                         const RoundCallback &onRound, const CancelFlag *cancel)
{
    XgboostModel model;
    model.d->features = train.dimension;
    const XgboostConfig &c = options.config;
    for (int t = 0; t < kTargetCount; ++t) {
        const Target target = static_cast<Target>(t);
        QElapsedTimer timer;
        timer.start();
        const std::vector<int> trainRows =
            SampleSet::sample(train.usableRows(target), options.maxRows, options.seed + quint64(t));
        if (trainRows.empty())
            return fail(ErrorCode::TrainingFailed,
                        QStringLiteral("XGBoost: no usable training rows for the %1 target")
                            .arg(t == 0 ? QStringLiteral("setup") : QStringLiteral("run")));
        const std::vector<int> validRows = valid.usableRows(target);
        Matrix tm = gather(train, trainRows, target);
        Matrix vm = gather(valid, validRows, target);

        auto dtrain = xgb::dmatrix(tm.features.data(), quint64(tm.rows), quint64(train.dimension));
        if (!dtrain)
            return std::unexpected(dtrain.error());
        if (const Status s = xgb::check(XGDMatrixSetFloatInfo(dtrain->get(), "label", tm.labels.data(),
                                                              bst_ulong(tm.rows)),
                                        ErrorCode::TrainingFailed, QStringLiteral("set labels"));
            !s)
            return std::unexpected(s.error());
        tm.features = {}; // XGBoost copied the data
        xgb::DMatrixPtr dvalid;
        if (vm.rows > 0) {
            auto dv = xgb::dmatrix(vm.features.data(), quint64(vm.rows), quint64(valid.dimension));
            if (!dv)
                return std::unexpected(dv.error());
            if (const Status s = xgb::check(XGDMatrixSetFloatInfo(dv->get(), "label", vm.labels.data(),
                                                                  bst_ulong(vm.rows)),
                                            ErrorCode::TrainingFailed, QStringLiteral("set labels"));
                !s)
                return std::unexpected(s.error());
            dvalid = std::move(*dv);
        }
        void *cache[2] = {dtrain->get(), dvalid.get()};
        auto booster = xgb::booster(cache, dvalid ? 2 : 1);
        if (!booster)
            return std::unexpected(booster.error());

        double meanLabel = 0;
        for (float v : tm.labels)
            meanLabel += v;
        meanLabel /= double(std::max(1, tm.rows));
        const QList<std::pair<const char *, QString>> params{
            {"booster", QStringLiteral("gbtree")},
            {"tree_method", QStringLiteral("hist")},
            {"objective", QStringLiteral("reg:squarederror")},
            {"eval_metric", QStringLiteral("rmse")},
            {"base_score", QString::number(meanLabel, 'g', 9)},
            {"eta", QString::number(c.eta)},
            {"max_depth", QString::number(c.maxDepth)},
            {"subsample", QString::number(c.subsample)},
            {"colsample_bytree", QString::number(c.colsampleBytree)},
            {"min_child_weight", QString::number(c.minChildWeight)},
            {"nthread", QString::number(std::max(0, c.nthread))},
            {"seed", QString::number(options.seed + quint64(t))},
            {"verbosity", QStringLiteral("0")},
        };
        for (const auto &[name, value] : params)
            if (const Status s = xgb::setParam(booster->get(), name, value); !s)
                return std::unexpected(s.error());

        TargetReport &report = model.d->reports[t];
        report.trainingRows = tm.rows;
        report.validationRows = vm.rows;
        double best = INFINITY;
        int bestRound = -1;
        const char *names[1] = {"valid"};
        for (int round = 0; round < std::max(1, c.numRounds); ++round) {
            if (isCancelled(cancel))
                return cancelled();
            if (const Status s = xgb::check(XGBoosterUpdateOneIter(booster->get(), round, dtrain->get()),
                                            ErrorCode::TrainingFailed,
                                            QStringLiteral("boosting round %1").arg(round));
                !s)
                return std::unexpected(s.error());
            report.roundsRun = round + 1;
            double rmse = std::nan("");
            if (dvalid) {
                const char *evalText = nullptr;
                void *evalSets[1] = {dvalid.get()};
                if (const Status s = xgb::check(XGBoosterEvalOneIter(booster->get(), round, evalSets,
                                                                     names, 1, &evalText),
                                                ErrorCode::TrainingFailed,
                                                QStringLiteral("validation of round %1").arg(round));
                    !s)
                    return std::unexpected(s.error());
                rmse = parseValidRmse(evalText);
            }
            if (onRound)
                onRound(target, round + 1, c.numRounds, rmse);
            if (!std::isnan(rmse)) {
                if (rmse < best - 1e-7) {
                    best = rmse;
                    bestRound = round;
                } else if (c.earlyStoppingRounds > 0 && round - bestRound >= c.earlyStoppingRounds) {
                    break;
                }
            }
        }
        report.bestRounds = bestRound >= 0 ? bestRound + 1 : report.roundsRun;
        report.bestValidRmse = std::isfinite(best) ? best : 0.0;
        if (report.bestRounds < report.roundsRun) {
            BoosterHandle sliced = nullptr;
            const int rc = XGBoosterSlice(booster->get(), 0, report.bestRounds, 1, &sliced);
            xgb::BoosterPtr owned(sliced);
            if (const Status s = xgb::check(rc, ErrorCode::TrainingFailed,
                                            QStringLiteral("slicing to the best round"));
                !s)
                return std::unexpected(s.error());
            *booster = std::move(owned);
        }
        model.d->boosters[t] = std::move(*booster);
        report.seconds = double(timer.nsecsElapsed()) / 1e9;
        qCInfo(lcMl).nospace() << "xgboost " << (t == 0 ? "setup" : "run") << ": " << tm.rows
                               << " rows, " << report.roundsRun << " rounds run, best "
                               << report.bestRounds << " (valid RMSE " << report.bestValidRmse
                               << "), " << report.seconds << " s";
    }
    model.d->compileEnsembles();
    return model;
}

TargetPredictions XgboostModel::predict(const FeatureBatch &batch, Error *error) const
{
    TargetPredictions out;
    for (auto &v : out)
        v.assign(size_t(batch.rows), kMissing);
    if (batch.rows == 0)
        return out;
    const auto report = [&](const Error &e) {
        if (error)
            *error = e;
    };
    if (!isValid() || batch.dimension != d->features) {
        report(Error{ErrorCode::ModelNotFound,
                     QStringLiteral("XGBoost model expects %1 features, got %2")
                         .arg(d ? d->features : 0)
                         .arg(batch.dimension)});
        return out;
    }
    // The compiled ensembles are immutable and take no lock; only XGBoost's own predict does.
    for (int t = 0; t < kTargetCount; ++t)
        if (d->ensembles[t])
            d->ensembles[t]->predict(batch.features, batch.rows, out[size_t(t)].data());
    if (d->ensembles[0] && d->ensembles[1])
        return out;
    // __array_interface__ of the caller's row-major float32 rows.
    const QByteArray rows = QStringLiteral(R"({"data": [%1, true], "shape": [%2, %3], "typestr": "<f4", "version": 3})")
                                .arg(quintptr(batch.features))
                                .arg(batch.rows)
                                .arg(batch.dimension)
                                .toLatin1();
    QMutexLocker lock(&d->mutex);
    for (int t = 0; t < kTargetCount; ++t) {
        if (d->ensembles[t])
            continue;
        const bst_ulong *shape = nullptr;
        bst_ulong dims = 0;
        const float *result = nullptr;
        const Status s = xgb::check(XGBoosterPredictFromDense(d->boosters[t].get(), rows.constData(),
                                                              kInplaceConfig, nullptr, &shape, &dims, &result),
                                    ErrorCode::Internal, QStringLiteral("prediction"));
        if (!s) {
            report(s.error());
            return out;
        }
        std::copy_n(result, batch.rows, out[size_t(t)].data());
    }
    return out;
}

Result<std::array<std::vector<float>, kTargetCount>>
XgboostModel::contributions(const FeatureBatch &batch, bool exact) const
{
    if (!isValid() || batch.dimension != d->features)
        return fail(ErrorCode::ModelNotFound, QStringLiteral("XGBoost model not loaded or wrong dimension"));
    std::array<std::vector<float>, kTargetCount> out;
    if (batch.rows == 0)
        return out;
    QMutexLocker lock(&d->mutex);
    auto matrix = xgb::dmatrix(batch.features, quint64(batch.rows), quint64(batch.dimension));
    if (!matrix)
        return std::unexpected(matrix.error());
    const size_t width = size_t(batch.dimension) + 1;
    for (int t = 0; t < kTargetCount; ++t) {
        const bst_ulong *shape = nullptr;
        bst_ulong dims = 0;
        const float *result = nullptr;
        if (const Status s = xgb::check(XGBoosterPredictFromDMatrix(d->boosters[t].get(), matrix->get(),
                                                                    exact ? kContribConfig : kApproxContribConfig,
                                                                    &shape, &dims,
                                                                    &result),
                                        ErrorCode::Internal, QStringLiteral("contributions"));
            !s)
            return std::unexpected(s.error());
        if (dims != 2 || shape[0] != bst_ulong(batch.rows) || shape[1] != bst_ulong(width))
            return fail(ErrorCode::Internal, QStringLiteral("XGBoost contributions have an unexpected shape"));
        out[size_t(t)].assign(result, result + size_t(batch.rows) * width);
    }
    return out;
}

Status XgboostModel::save(const QString &dir) const
{
    if (!isValid())
        return fail(ErrorCode::Internal, QStringLiteral("XGBoost model is empty"));
    QMutexLocker lock(&d->mutex);
    for (int t = 0; t < kTargetCount; ++t) {
        bst_ulong length = 0;
        const char *bytes = nullptr;
        if (const Status s = xgb::check(XGBoosterSaveModelToBuffer(d->boosters[t].get(),
                                                                   R"({"format": "ubj"})", &length,
                                                                   &bytes),
                                        ErrorCode::Io, QStringLiteral("saving the booster"));
            !s)
            return s;
        const QString path = QDir(dir).filePath(fileName(static_cast<Target>(t)));
        if (const Status s = writeFileAtomically(path, QByteArray(bytes, qsizetype(length))); !s)
            return s;
    }
    return {};
}

Result<XgboostModel> XgboostModel::load(const QString &dir, int expectedFeatures)
{
    XgboostModel model;
    model.d->features = expectedFeatures;
    for (int t = 0; t < kTargetCount; ++t) {
        const QString path = QDir(dir).filePath(fileName(static_cast<Target>(t)));
        if (!QFileInfo::exists(path))
            return fail(ErrorCode::ModelNotFound, QStringLiteral("missing booster file %1").arg(path));
        auto booster = xgb::booster(nullptr, 0);
        if (!booster)
            return std::unexpected(booster.error());
        if (const Status s = xgb::check(XGBoosterLoadModel(booster->get(),
                                                           QFile::encodeName(path).constData()),
                                        ErrorCode::ModelNotFound,
                                        QStringLiteral("loading %1").arg(path));
            !s)
            return std::unexpected(s.error());
        bst_ulong features = 0;
        if (const Status s = xgb::check(XGBoosterGetNumFeature(booster->get(), &features),
                                        ErrorCode::ModelNotFound,
                                        QStringLiteral("reading the feature count of %1").arg(path));
            !s)
            return std::unexpected(s.error());
        if (int(features) != expectedFeatures)
            return fail(ErrorCode::ModelNotFound,
                        QStringLiteral("%1 was trained on %2 features but the feature transform has %3")
                            .arg(path)
                            .arg(features)
                            .arg(expectedFeatures));
        int rounds = 0;
        if (const Status s = xgb::check(XGBoosterBoostedRounds(booster->get(), &rounds),
                                        ErrorCode::ModelNotFound,
                                        QStringLiteral("reading the rounds of %1").arg(path));
            !s)
            return std::unexpected(s.error());
        if (rounds <= 0)
            return fail(ErrorCode::ModelNotFound, QStringLiteral("%1 holds no trees").arg(path));
        model.d->reports[t].bestRounds = rounds;
        model.d->reports[t].roundsRun = rounds;
        model.d->boosters[t] = std::move(*booster);
    }
    model.d->compileEnsembles();
    return model;
}

QJsonObject XgboostModel::reportJson() const
{
    QJsonObject json;
    for (int t = 0; t < kTargetCount; ++t) {
        const TargetReport &r = d->reports[t];
        json.insert(t == 0 ? QStringLiteral("setup") : QStringLiteral("run"),
                    QJsonObject{{QStringLiteral("training_rows"), r.trainingRows},
                                {QStringLiteral("validation_rows"), r.validationRows},
                                {QStringLiteral("rounds_run"), r.roundsRun},
                                {QStringLiteral("best_rounds"), r.bestRounds},
                                {QStringLiteral("best_valid_rmse"), r.bestValidRmse},
                                {QStringLiteral("seconds"), r.seconds}});
    }
    return json;
}

} // namespace routing::ml
