#include "core/ml/mlp_model.h"

#include "core/common/atomic_file.h"
#include "core/ml/mlp_input_encoder.h"
#include "core/ml/ml_logging.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutex>
#include <QMutexLocker>

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>

#include <cmath>

namespace routing::ml {

namespace {

constexpr float kReluShift = 3.0f;
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

/// Rows where both labels are usable (the network has two outputs).
std::vector<int> bothUsable(const SampleSet &s)
{
    std::vector<int> rows;
    for (int r = 0; r < s.rows(); ++r)
        if (!std::isnan(s.label[0][size_t(r)]) && !std::isnan(s.label[1][size_t(r)]))
            rows.push_back(r);
    return rows;
}

} // namespace

struct MlpModel::Impl
{
    MlpInputEncoder encoder;
    cv::Ptr<cv::ml::ANN_MLP> net;
    mutable QMutex mutex;
    QJsonObject report;

    /// Encoded inputs and targets of `rows` of `set`.
    void matrices(const SampleSet &set, const std::vector<int> &rows, cv::Mat &x, cv::Mat &y) const
    {
        const SampleSet sub = set.subset(rows);
        const std::vector<float> inputs = encoder.encode(sub.batch());
        x = cv::Mat(sub.rows(), encoder.inputCount(), CV_32F, const_cast<float *>(inputs.data())).clone();
        y.create(sub.rows(), kTargetCount, CV_32F);
        for (int i = 0; i < y.rows; ++i)
            for (int t = 0; t < kTargetCount; ++t)
                y.at<float>(i, t) = encoder.encodeLabel(static_cast<Target>(t), sub.label[size_t(t)][size_t(i)]);
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
        const std::vector<int> usable = bothUsable(train);
        if (usable.size() < 10)
            return fail(ErrorCode::TrainingFailed, QStringLiteral("MLP: too few training rows"));
        const std::vector<int> rows = SampleSet::sample(usable, options.maxRows, options.config.randomState);
        const std::vector<int> validRows =
            SampleSet::sample(bothUsable(valid), options.maxValidationRows, options.config.randomState + 1);
        const int activation = activationOf(options.config.activation);
        const bool relu = activation != cv::ml::ANN_MLP::SIGMOID_SYM;
        m.encoder = MlpInputEncoder::fit(train, usable, rows, options.categoricalFeatures,
                                         options.log1pFeatures, options.smoothing, relu ? kReluShift : 0.0f);
        cv::Mat x, y, vx, vy;
        m.matrices(train, rows, x, y);
        m.matrices(valid, validRows, vx, vy);

        std::vector<int> layers{m.encoder.inputCount()};
        for (int h : options.config.hiddenLayerSizes)
            layers.push_back(std::max(2, h));
        layers.push_back(kTargetCount);
        m.net = cv::ml::ANN_MLP::create();
        m.net->setLayerSizes(layers);
        m.net->setActivationFunction(activation);
        const bool backprop = options.config.solver == QLatin1String("backprop");
        if (backprop)
            m.net->setTrainMethod(cv::ml::ANN_MLP::BACKPROP, options.config.learningRateInit, 0.9);
        else
            m.net->setTrainMethod(cv::ml::ANN_MLP::RPROP, 0.1);
        m.net->setTermCriteria(cv::TermCriteria(cv::TermCriteria::COUNT, std::max(1, options.epochsPerChunk), 0));
        const cv::Ptr<cv::ml::TrainData> data = cv::ml::TrainData::create(x, cv::ml::ROW_SAMPLE, y);
        // Inputs and outputs are standardised here; OpenCV's own output scaling breaks for ReLU.
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
            // Every chunk restarts RPROP's step sizes: after the first, start them small.
            if (epochs == 0 && !backprop)
                m.net->setRpropDW0(0.01);
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
                               {QStringLiteral("inputs"), m.encoder.inputCount()},
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
    if (!isValid() || batch.dimension != d->encoder.featureCount()) {
        if (error)
            *error = Error{ErrorCode::ModelNotFound, QStringLiteral("MLP not loaded or wrong dimension")};
        return out;
    }
    try {
        std::vector<float> inputs = d->encoder.encode(batch);
        const cv::Mat x(batch.rows, d->encoder.inputCount(), CV_32F, inputs.data());
        cv::Mat y;
        {
            QMutexLocker lock(&d->mutex);
            d->net->predict(x, y);
        }
        for (int r = 0; r < batch.rows; ++r)
            for (int t = 0; t < kTargetCount; ++t)
                out[size_t(t)][size_t(r)] = d->encoder.decodeOutput(static_cast<Target>(t), y.at<float>(r, t));
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
                               QJsonDocument(d->encoder.toJson()).toJson(QJsonDocument::Compact));
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
    if (parseError.error != QJsonParseError::NoError)
        return bad(QStringLiteral("%1 is not valid JSON: truncated or corrupt").arg(inputsPath));
    auto encoder = MlpInputEncoder::fromJson(json, expectedFeatures);
    if (!encoder)
        return bad(QStringLiteral("%1: %2").arg(inputsPath, encoder.error().message));
    MlpModel model;
    Impl &m = *model.d;
    m.encoder = std::move(*encoder);
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
    if (layers.total() < 2 || layers.at<int>(0) != m.encoder.inputCount()
        || layers.at<int>(int(layers.total()) - 1) != kTargetCount)
        return bad(QStringLiteral("%1 has %2 inputs, the encoding makes %3")
                       .arg(modelPath)
                       .arg(layers.total() ? layers.at<int>(0) : 0)
                       .arg(m.encoder.inputCount()));
    return model;
}

} // namespace routing::ml
