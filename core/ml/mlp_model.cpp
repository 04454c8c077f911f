#include "core/ml/mlp_model.h"

#include "core/common/atomic_file.h"
#include "core/ml/ml_logging.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QMutexLocker>

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>

#include <cmath>

namespace routing::ml {

namespace {

constexpr double kReluShift = 3.0;
const char *const kModelFile = "mlp.yml";
const char *const kInputsFile = "mlp_inputs.json";

std::unexpected<Error> bad(const QString &message)
{
    return fail(ErrorCode::ModelNotFound, QStringLiteral("MLP: %1").arg(message));
}

/// OpenCV applies the hidden activation to the output layer too. A ReLU output unit whose initial
/// weighted sum is negative for every row has zero gradient and never recovers (measured: the
/// network predicted a constant), so "relu" runs as leaky ReLU (slope 0.01), which keeps it alive.
int activationOf(const QString &name)
{
    if (name == QLatin1String("sigmoid_sym"))
        return cv::ml::ANN_MLP::SIGMOID_SYM;
    return cv::ml::ANN_MLP::LEAKYRELU;
}

} // namespace

struct MlpModel::Impl
{
    // Input encoding (saved in mlp_inputs.json).
    int features = 0;
    QList<int> categorical;
    QList<int> log1p;
    QHash<int, QHash<int, std::array<float, kTargetCount>>> targetMeans; ///< column -> code -> means
    std::array<float, kTargetCount> globalMean{0, 0};
    std::vector<float> inputMean, inputScale;
    std::array<float, kTargetCount> labelMean{0, 0}, labelScale{1, 1};
    float outputShift = 0;
    QString activation;

    cv::Ptr<cv::ml::ANN_MLP> net;
    mutable QMutex mutex;
    QJsonObject report;

    int inputCount() const { return int(inputMean.size()); }

    /// Raw (unstandardised) inputs of one row.
    void rawInputs(const float *row, std::vector<float> &out) const
    {
        out.clear();
        for (int c = 0; c < features; ++c) {
            const float v = row[c];
            if (categorical.contains(c)) {
                const auto column = targetMeans.constFind(c);
                const int code = std::isnan(v) ? -1 : int(v);
                std::array<float, kTargetCount> means = globalMean;
                if (column != targetMeans.cend())
                    means = column->value(code, globalMean);
                out.push_back(means[0]);
                out.push_back(means[1]);
            } else {
                const bool missing = std::isnan(v);
                const float x = missing ? 0.0f
                                        : (log1p.contains(c) ? float(std::log1p(std::abs(v))) : v);
                out.push_back(x);
                out.push_back(missing ? 1.0f : 0.0f);
            }
        }
    }

    cv::Mat encode(const FeatureBatch &batch) const
    {
        cv::Mat m(batch.rows, inputCount(), CV_32F);
        std::vector<float> raw;
        for (int r = 0; r < batch.rows; ++r) {
            rawInputs(batch.row(r), raw);
            float *dst = m.ptr<float>(r);
            for (int j = 0; j < inputCount(); ++j)
                dst[j] = (raw[size_t(j)] - inputMean[size_t(j)]) / inputScale[size_t(j)];
        }
        return m;
    }

    QJsonObject inputsJson() const
    {
        QJsonArray means;
        for (auto c = targetMeans.cbegin(); c != targetMeans.cend(); ++c) {
            QJsonArray codes;
            for (auto e = c->cbegin(); e != c->cend(); ++e)
                codes.append(QJsonArray{e.key(), double(e.value()[0]), double(e.value()[1])});
            means.append(QJsonObject{{QStringLiteral("feature"), c.key()},
                                     {QStringLiteral("codes"), codes}});
        }
        const auto floats = [](const auto &values) {
            QJsonArray a;
            for (float v : values)
                a.append(double(v));
            return a;
        };
        QJsonArray cat, logs;
        for (int c : categorical)
            cat.append(c);
        for (int c : log1p)
            logs.append(c);
        return QJsonObject{{QStringLiteral("format"), QStringLiteral("routing-mlp-inputs")},
                           {QStringLiteral("version"), 1},
                           {QStringLiteral("features"), features},
                           {QStringLiteral("categorical"), cat},
                           {QStringLiteral("log1p"), logs},
                           {QStringLiteral("target_means"), means},
                           {QStringLiteral("global_mean"), floats(globalMean)},
                           {QStringLiteral("input_mean"), floats(inputMean)},
                           {QStringLiteral("input_scale"), floats(inputScale)},
                           {QStringLiteral("label_mean"), floats(labelMean)},
                           {QStringLiteral("label_scale"), floats(labelScale)},
                           {QStringLiteral("output_shift"), double(outputShift)},
                           {QStringLiteral("activation"), activation}};
    }
};

MlpModel::MlpModel() : d(std::make_unique<Impl>()) {}
MlpModel::~MlpModel() = default;
MlpModel::MlpModel(MlpModel &&other) noexcept = default;
MlpModel &MlpModel::operator=(MlpModel &&other) noexcept = default;

QString MlpModel::libraryVersion()
{
    return QString::fromLatin1(CV_VERSION);
}

bool MlpModel::isValid() const
{
    return d && d->net && d->net->isTrained();
}

QJsonObject MlpModel::reportJson() const
{
    return d ? d->report : QJsonObject{};
}

Result<MlpModel> MlpModel::train(const SampleSet &train, const SampleSet &valid,
                                 const TrainOptions &options, const EpochCallback &onEpoch,
                                 const CancelFlag *cancel)
{
    try {
        QElapsedTimer timer;
        timer.start();
        MlpModel model;
        Impl &m = *model.d;
        m.features = train.dimension;
        m.categorical = options.categoricalFeatures;
        m.log1p = options.log1pFeatures;
        m.activation = options.config.activation;

        // Rows with both targets usable (the network has two outputs).
        const auto bothUsable = [](const SampleSet &s) {
            std::vector<int> rows;
            for (int r = 0; r < s.rows(); ++r)
                if (!std::isnan(s.label[0][size_t(r)]) && !std::isnan(s.label[1][size_t(r)]))
                    rows.push_back(r);
            return rows;
        };
        const std::vector<int> trainAll = bothUsable(train);
        if (trainAll.size() < 10)
            return fail(ErrorCode::TrainingFailed, QStringLiteral("MLP: too few training rows"));

        // Smoothed target means per category, from all usable training rows (not just the sample).
        const double k = options.smoothing;
        for (int t = 0; t < kTargetCount; ++t) {
            double sum = 0;
            for (int r : trainAll)
                sum += train.label[size_t(t)][size_t(r)];
            m.globalMean[size_t(t)] = float(sum / double(trainAll.size()));
        }
        for (int c : std::as_const(m.categorical)) {
            QHash<int, std::array<double, 3>> acc; // sum setup, sum run, n
            for (int r : trainAll) {
                const float v = train.row(r)[c];
                auto &a = acc[std::isnan(v) ? -1 : int(v)];
                a[0] += train.label[0][size_t(r)];
                a[1] += train.label[1][size_t(r)];
                a[2] += 1;
            }
            auto &column = m.targetMeans[c];
            for (auto it = acc.cbegin(); it != acc.cend(); ++it)
                column.insert(it.key(),
                              {float((it->at(0) + k * m.globalMean[0]) / (it->at(2) + k)),
                               float((it->at(1) + k * m.globalMean[1]) / (it->at(2) + k))});
        }

        const std::vector<int> rows = SampleSet::sample(trainAll, options.maxRows, options.config.randomState);
        const std::vector<int> validRows =
            SampleSet::sample(bothUsable(valid), options.maxValidationRows, options.config.randomState + 1);

        // Standardise inputs and labels on the training sample.
        std::vector<float> raw;
        const int inputs = 2 * m.features;
        m.inputMean.assign(size_t(inputs), 0.0f);
        m.inputScale.assign(size_t(inputs), 1.0f);
        std::vector<double> sum(size_t(inputs), 0.0), sum2(size_t(inputs), 0.0);
        for (int r : rows) {
            m.rawInputs(train.row(r), raw);
            for (int j = 0; j < inputs; ++j) {
                sum[size_t(j)] += raw[size_t(j)];
                sum2[size_t(j)] += double(raw[size_t(j)]) * raw[size_t(j)];
            }
        }
        const double n = double(rows.size());
        for (int j = 0; j < inputs; ++j) {
            const double mean = sum[size_t(j)] / n;
            const double var = sum2[size_t(j)] / n - mean * mean;
            m.inputMean[size_t(j)] = float(mean);
            m.inputScale[size_t(j)] = var > 1e-10 ? float(std::sqrt(var)) : 1.0f;
        }
        for (int t = 0; t < kTargetCount; ++t) {
            double s = 0, s2 = 0;
            for (int r : rows) {
                const double v = train.label[size_t(t)][size_t(r)];
                s += v;
                s2 += v * v;
            }
            const double mean = s / n;
            const double var = s2 / n - mean * mean;
            m.labelMean[size_t(t)] = float(mean);
            m.labelScale[size_t(t)] = var > 1e-10 ? float(std::sqrt(var)) : 1.0f;
        }
        const int activation = activationOf(options.config.activation);
        const bool relu = activation != cv::ml::ANN_MLP::SIGMOID_SYM;
        m.outputShift = relu ? float(kReluShift) : 0.0f;

        const auto encodeSet = [&](const SampleSet &s, const std::vector<int> &idx, cv::Mat &x, cv::Mat &y) {
            const SampleSet sub = s.subset(idx);
            x = m.encode(sub.batch());
            y.create(int(idx.size()), kTargetCount, CV_32F);
            for (int i = 0; i < y.rows; ++i)
                for (int t = 0; t < kTargetCount; ++t) {
                    float v = (sub.label[size_t(t)][size_t(i)] - m.labelMean[size_t(t)])
                                  / m.labelScale[size_t(t)]
                              + m.outputShift;
                    y.at<float>(i, t) = relu ? std::max(0.0f, v) : v;
                }
        };
        cv::Mat x, y, vx, vy;
        encodeSet(train, rows, x, y);
        encodeSet(valid, validRows, vx, vy);

        std::vector<int> layers{inputs};
        for (int h : options.config.hiddenLayerSizes)
            layers.push_back(std::max(2, h));
        layers.push_back(kTargetCount);
        m.net = cv::ml::ANN_MLP::create();
        m.net->setLayerSizes(layers);
        m.net->setActivationFunction(activation);
        if (options.config.solver == QLatin1String("backprop"))
            m.net->setTrainMethod(cv::ml::ANN_MLP::BACKPROP, options.config.learningRateInit, 0.9);
        else
            m.net->setTrainMethod(cv::ml::ANN_MLP::RPROP, 0.1);
        m.net->setTermCriteria(cv::TermCriteria(cv::TermCriteria::COUNT, std::max(1, options.epochsPerChunk), 0));
        const cv::Ptr<cv::ml::TrainData> data = cv::ml::TrainData::create(x, cv::ml::ROW_SAMPLE, y);
        const int baseFlags = cv::ml::ANN_MLP::NO_INPUT_SCALE | (relu ? cv::ml::ANN_MLP::NO_OUTPUT_SCALE : 0);

        const auto validLoss = [&]() {
            if (vx.rows == 0)
                return std::nan("");
            cv::Mat out;
            m.net->predict(vx, out);
            double loss = 0;
            for (int i = 0; i < out.rows; ++i)
                for (int t = 0; t < kTargetCount; ++t) {
                    const double e = out.at<float>(i, t) - vy.at<float>(i, t);
                    loss += e * e;
                }
            return loss / double(out.rows * kTargetCount);
        };

        const int maxEpochs = std::max(1, options.config.maxIter);
        double best = INFINITY;
        std::string bestState;
        int bestEpoch = 0, epochs = 0, sinceBest = 0;
        QString stopReason = QStringLiteral("max_iter");
        while (epochs < maxEpochs) {
            if (isCancelled(cancel))
                return cancelled();
            m.net->train(data, epochs == 0 ? baseFlags : (baseFlags | cv::ml::ANN_MLP::UPDATE_WEIGHTS));
            if (epochs == 0 && options.config.solver != QLatin1String("backprop"))
                m.net->setRpropDW0(0.01); // later chunks restart RPROP: smaller first steps
            epochs += options.epochsPerChunk;
            const double loss = validLoss();
            if (onEpoch)
                onEpoch(std::min(epochs, maxEpochs), maxEpochs, loss);
            if (std::isnan(loss) || loss < best - 1e-6) {
                best = std::isnan(loss) ? best : loss;
                bestEpoch = epochs;
                sinceBest = 0;
                cv::FileStorage fs(".yml", cv::FileStorage::WRITE | cv::FileStorage::MEMORY);
                m.net->write(fs);
                bestState = fs.releaseAndGetString();
            } else if (++sinceBest >= options.patienceChunks) {
                stopReason = QStringLiteral("early_stopping");
                break;
            }
            if (double(timer.elapsed()) / 1000.0 > options.maxSeconds) {
                stopReason = QStringLiteral("time_budget");
                break;
            }
        }
        if (!bestState.empty() && bestEpoch != epochs) {
            cv::FileStorage fs(bestState, cv::FileStorage::READ | cv::FileStorage::MEMORY);
            m.net->read(fs.root());
        }
        m.report = QJsonObject{{QStringLiteral("training_rows"), int(rows.size())},
                               {QStringLiteral("validation_rows"), int(validRows.size())},
                               {QStringLiteral("epochs_run"), epochs},
                               {QStringLiteral("best_epoch"), bestEpoch},
                               {QStringLiteral("best_valid_loss"), std::isfinite(best) ? best : 0.0},
                               {QStringLiteral("stopped_by"), stopReason},
                               {QStringLiteral("inputs"), inputs},
                               {QStringLiteral("seconds"), double(timer.nsecsElapsed()) / 1e9}};
        qCInfo(lcMl) << "mlp:" << rows.size() << "rows," << epochs << "epochs, best" << bestEpoch
                     << "loss" << best << "stopped by" << stopReason;
        return model;
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::TrainingFailed, QStringLiteral("MLP (OpenCV): %1").arg(QString::fromStdString(e.what())));
    } catch (const std::exception &e) {
        return fail(ErrorCode::TrainingFailed, QStringLiteral("MLP: %1").arg(QString::fromUtf8(e.what())));
    }
}

TargetPredictions MlpModel::predict(const FeatureBatch &batch, Error *error) const
{
    TargetPredictions out;
    for (auto &v : out)
        v.assign(size_t(batch.rows), kMissing);
    if (batch.rows == 0)
        return out;
    if (!isValid() || batch.dimension != d->features) {
        if (error)
            *error = Error{ErrorCode::ModelNotFound, QStringLiteral("MLP not loaded or wrong dimension")};
        return out;
    }
    try {
        const cv::Mat x = d->encode(batch);
        cv::Mat y;
        {
            QMutexLocker lock(&d->mutex);
            d->net->predict(x, y);
        }
        for (int r = 0; r < batch.rows; ++r)
            for (int t = 0; t < kTargetCount; ++t)
                out[size_t(t)][size_t(r)] = (y.at<float>(r, t) - d->outputShift) * d->labelScale[size_t(t)]
                                            + d->labelMean[size_t(t)];
    } catch (const cv::Exception &e) {
        if (error)
            *error = Error{ErrorCode::Internal, QStringLiteral("MLP prediction: %1").arg(QString::fromStdString(e.what()))};
    }
    return out;
}

Status MlpModel::save(const QString &dir) const
{
    if (!isValid())
        return fail(ErrorCode::Internal, QStringLiteral("MLP is empty"));
    try {
        // Algorithm::save() wraps the network in its top-level node, which ANN_MLP::load() expects.
        d->net->save(QFile::encodeName(QDir(dir).filePath(QLatin1String(kModelFile))).toStdString());
    } catch (const cv::Exception &e) {
        return fail(ErrorCode::Io, QStringLiteral("saving the MLP: %1").arg(QString::fromStdString(e.what())));
    }
    return writeFileAtomically(QDir(dir).filePath(QLatin1String(kInputsFile)),
                               QJsonDocument(d->inputsJson()).toJson(QJsonDocument::Compact));
}

Result<MlpModel> MlpModel::load(const QString &dir, int expectedFeatures)
{
    const QString modelPath = QDir(dir).filePath(QLatin1String(kModelFile));
    const QString inputsPath = QDir(dir).filePath(QLatin1String(kInputsFile));
    const auto bytes = readWholeFile(inputsPath);
    if (!bytes)
        return bad(QStringLiteral("missing %1").arg(inputsPath));
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(*bytes, &parseError).object();
    if (parseError.error != QJsonParseError::NoError
        || json.value(QStringLiteral("format")).toString() != QLatin1String("routing-mlp-inputs"))
        return bad(QStringLiteral("%1 is not an MLP input description").arg(inputsPath));
    MlpModel model;
    Impl &m = *model.d;
    m.features = json.value(QStringLiteral("features")).toInt(-1);
    if (m.features != expectedFeatures)
        return bad(QStringLiteral("trained on %1 features, the feature transform has %2")
                       .arg(m.features)
                       .arg(expectedFeatures));
    for (const QJsonValue &v : json.value(QStringLiteral("categorical")).toArray())
        m.categorical.append(v.toInt());
    for (const QJsonValue &v : json.value(QStringLiteral("log1p")).toArray())
        m.log1p.append(v.toInt());
    for (const QJsonValue &v : json.value(QStringLiteral("target_means")).toArray()) {
        const QJsonObject o = v.toObject();
        auto &column = m.targetMeans[o.value(QStringLiteral("feature")).toInt()];
        for (const QJsonValue &e : o.value(QStringLiteral("codes")).toArray()) {
            const QJsonArray a = e.toArray();
            column.insert(a.at(0).toInt(), {float(a.at(1).toDouble()), float(a.at(2).toDouble())});
        }
    }
    const auto floats = [&](const char *key, auto &out) {
        const QJsonArray a = json.value(QLatin1String(key)).toArray();
        if constexpr (requires { out.resize(0); })
            out.resize(size_t(a.size()));
        else if (size_t(a.size()) != out.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i)
            out[size_t(i)] = float(a.at(i).toDouble());
        return true;
    };
    if (!floats("global_mean", m.globalMean) || !floats("label_mean", m.labelMean)
        || !floats("label_scale", m.labelScale) || !floats("input_mean", m.inputMean)
        || !floats("input_scale", m.inputScale) || m.inputMean.size() != m.inputScale.size()
        || int(m.inputMean.size()) != 2 * m.features)
        return bad(QStringLiteral("%1 is incomplete").arg(inputsPath));
    m.outputShift = float(json.value(QStringLiteral("output_shift")).toDouble());
    m.activation = json.value(QStringLiteral("activation")).toString();
    if (!QFileInfo::exists(modelPath))
        return bad(QStringLiteral("missing %1").arg(modelPath));
    try {
        m.net = cv::ml::ANN_MLP::load(QFile::encodeName(modelPath).toStdString());
    } catch (const cv::Exception &e) {
        return bad(QStringLiteral("%1 cannot be read: %2").arg(modelPath, QString::fromStdString(e.what())));
    }
    if (!m.net || !m.net->isTrained())
        return bad(QStringLiteral("%1 holds no trained network").arg(modelPath));
    const cv::Mat layers = m.net->getLayerSizes();
    if (layers.total() < 2 || layers.at<int>(0) != m.inputCount()
        || layers.at<int>(int(layers.total()) - 1) != kTargetCount)
        return bad(QStringLiteral("%1 has %2 inputs, the encoding makes %3")
                       .arg(modelPath)
                       .arg(layers.total() ? layers.at<int>(0) : 0)
                       .arg(m.inputCount()));
    return model;
}

} // namespace routing::ml
