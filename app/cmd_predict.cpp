// predict: the live model's routing and step times for items, as JSON Lines or a readable table.

#include "app/cmd_jobs_support.h"
#include "app/command_registry.h"
#include "core/data/erp_database.h"
#include "core/data/erp_types.h"
#include "core/ml/predictor.h"
#include "core/ml/routing_model.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

namespace routing::app {
namespace {

const QString kCommand = QStringLiteral("predict");

Result<QStringList> readCodes(const QCommandLineParser &o)
{
    QStringList raw;
    if (o.isSet(QStringLiteral("items")))
        raw << o.value(QStringLiteral("items")).split(u',');
    if (o.isSet(QStringLiteral("items-file"))) {
        const QString path = o.value(QStringLiteral("items-file"));
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
            return fail(ErrorCode::Usage, QCoreApplication::translate(
                                              "routing::app", "cannot read --items-file %1: %2")
                                              .arg(path, f.errorString()));
        int lineNo = 0;
        while (!f.atEnd()) {
            ++lineNo;
            const QString line = QString::fromUtf8(f.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(u'#'))
                continue;
            if (line.contains(u'\uFFFD'))
                return fail(ErrorCode::InvalidData,
                            QCoreApplication::translate("routing::app", "%1:%2: not UTF-8 text")
                                .arg(path)
                                .arg(lineNo));
            raw << line.split(u',');
        }
    }
    const QStringList codes = normalizeItemCodes(raw);
    if (codes.isEmpty())
        return fail(ErrorCode::Usage,
                    QCoreApplication::translate(
                        "routing::app", "give item codes with --items A,B,… or --items-file FILE"));
    if (codes.size() > 100000)
        return fail(
            ErrorCode::Usage,
            QCoreApplication::translate("routing::app", "at most 100000 items per call (%1 given)")
                .arg(codes.size()));
    return codes;
}

QString readable(const ml::ItemPrediction &p)
{
    const QJsonObject j = p.toJson();
    if (j.contains(QStringLiteral("error")))
        return QCoreApplication::translate("routing::app", "%1: error: %2\n")
            .arg(p.item, j.value(QStringLiteral("error"))
                             .toObject()
                             .value(QStringLiteral("message"))
                             .toString());
    QString out =
        QCoreApplication::translate("routing::app", "%1  source %2  confidence %3  (%4 steps)\n")
            .arg(p.item, j.value(QStringLiteral("source")).toString())
            .arg(p.confidence, 0, 'f', 2)
            .arg(p.steps.size());
    for (const ml::PredictedStep &s : p.steps)
        out += QCoreApplication::translate("routing::app",
                                           "  %1  %2  %3  setup %4 min  run %5 min/unit\n")
                   .arg(s.procSeq, 4)
                   .arg(s.jobCd, -10)
                   .arg(s.resCd, -12)
                   .arg(s.setupMinutes, 7, 'f', 2)
                   .arg(s.runMinutesPerUnit, 7, 'f', 3);
    return out;
}

int runPredict(const CommandContext &ctx)
{
    const QCommandLineParser &o = ctx.options;
    const AppConfig &config = *ctx.config;
    const auto codes = readCodes(o);
    if (!codes)
        return usageError(kCommand, codes.error().message);
    ml::PredictOptions options;
    options.hideOwnRouting = o.isSet(QStringLiteral("hide-own-routing"));
    options.withContributions = o.isSet(QStringLiteral("contributions"));
    if (o.isSet(QStringLiteral("order-qty"))) {
        bool ok = false;
        const double qty = o.value(QStringLiteral("order-qty")).toDouble(&ok);
        if (!ok || qty <= 0)
            return usageError(kCommand,
                              QCoreApplication::translate("routing::app",
                                                          "--order-qty must be a positive number"));
        options.orderQty = qty;
    }

    auto env = JobsEnvironment::open(kCommand, config);
    if (!env)
        return ExitFailure;
    const auto model = env->registry->loadActiveModel();
    if (!model)
        return failure(kCommand, model.error());
    if (!*model)
        return failure(
            kCommand,
            Error{ErrorCode::ModelNotFound,
                  QCoreApplication::translate(
                      "routing::app",
                      "no active model yet; train one with: routing-console train --wait")});
    ErpDatabase erp(config.erpDatabase());
    if (auto opened = erp.open(); !opened)
        return failure(kCommand, opened.error());
    const auto requests = ml::Predictor::requestsFromErp(erp, *codes);
    if (!requests)
        return failure(kCommand, requests.error());
    ml::Predictor predictor(*model, 0);
    const QList<ml::ItemPrediction> predictions = predictor.predict(*requests, options);
    const bool json = o.isSet(QStringLiteral("json"));
    int failed = 0;
    for (const ml::ItemPrediction &p : predictions) {
        const QJsonObject j = p.toJson();
        failed += j.contains(QStringLiteral("error")) ? 1 : 0;
        printOut(json ? QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact)) + u'\n' : readable(p));
    }
    // Some items unknown is an answer, not a failure; nothing predicted at all is.
    return failed == predictions.size() ? ExitFailure : ExitOk;
}

} // namespace

QList<CommandSpec> predictCommands()
{
    CommandSpec predict;
    predict.name = kCommand;
    predict.summary = QT_TRANSLATE_NOOP(
        "routing::app", "Predict routings and step times for items with the active model.");
    predict.synopsis = QStringLiteral("(--items A,B,... | --items-file FILE)");
    predict.addOptions = [](QCommandLineParser &p) {
        p.addOption({QStringLiteral("items"),
                     QCoreApplication::translate("routing::app", "Comma-separated item codes."),
                     QStringLiteral("CODES")});
        p.addOption({QStringLiteral("items-file"),
                     QCoreApplication::translate("routing::app",
                                                 "File with item codes, one per line (UTF-8)."),
                     QStringLiteral("FILE")});
        p.addOption(
            {QStringLiteral("json"),
             QCoreApplication::translate("routing::app", "JSON Lines: one object per item.")});
        p.addOption({QStringLiteral("hide-own-routing"),
                     QCoreApplication::translate(
                         "routing::app", "Predict as if the items were new (leave-one-out).")});
        p.addOption({QStringLiteral("contributions"),
                     QCoreApplication::translate("routing::app",
                                                 "Add the top-5 feature contributions per step.")});
        p.addOption(
            {QStringLiteral("order-qty"),
             QCoreApplication::translate(
                 "routing::app", "Lot size for the run times (default: the item's typical)."),
             QStringLiteral("N")});
    };
    predict.run = runPredict;
    return {predict};
}

} // namespace routing::app
