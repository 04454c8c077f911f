#pragma once

// Shared by the queue and runner tests: a real state database, a registry over hand-made artifacts
// (a model "loads" when model.txt starts with "ok"), and a fake worker — a small shell script that
// speaks the worker protocol (progress lines, result.json, crashes, hangs) — so that every way a
// worker can end is exercised in seconds. The real worker is driven in tests/app/test_jobs_cli*.

#include "core/audit/audit_log.h"
#include "core/jobs/job_files.h"
#include "core/jobs/job_queue.h"
#include "core/jobs/job_runner.h"
#include "core/registry/model_registry.h"
#include "core/state/state_store.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The fake workers are POSIX shell scripts.
#define REQUIRE_SHELL()                                                                            \
    if (!QFile::exists(QStringLiteral("/bin/sh")))                                                 \
    QSKIP("the fake workers are /bin/sh scripts")

namespace jobtest {

using namespace routing;
using namespace routing::jobs;

inline const char *const kFakeWorker = R"(#!/bin/sh
# $1 = mode; then: worker --job DIR --watch-stdin
mode="$1"; dir="$4"; id=$(basename "$dir")
emit() { printf '%s\n' "$1"; }
emit '{"type":"progress","percent":10,"step":"load","message":"reading the item master"}'
case "$mode" in
keep)
    emit '{"type":"progress","percent":60,"step":"xgboost","message":"round 5/10"}'
    printf '{"schema_version":1,"job_id":"%s","decision":"keep_live","proposed":false,"reason":"kept the live model: -2.0%% better"}' "$id" > "$dir/result.json"
    emit '{"type":"result","decision":"keep_live","message":"kept"}' ;;
propose|proposebroken)
    mkdir -p "$dir/candidate"
    if [ "$mode" = propose ]; then printf 'ok fresh' > "$dir/candidate/model.txt"; else printf 'broken' > "$dir/candidate/model.txt"; fi
    printf '{"schema_version":1,"job_id":"%s","decision":"propose","proposed":true,"candidate":"candidate","reason":"12%% better","live_version":"","metrics":{"selected":"baseline"},"summary":{"rows":5}}' "$id" > "$dir/result.json"
    emit '{"type":"result","decision":"propose","message":"better"}' ;;
crash)
    echo "loading 4.2 GB of work orders" >&2
    kill -9 $$ ;;
fail)
    echo "write failed" >&2
    emit '{"type":"error","code":4004,"message":"cannot write the candidate: No space left on device"}'
    exit 3 ;;
noresult)
    exit 0 ;;
sleep)
    exec sleep 60 ;;
stubborn)
    trap '' TERM
    emit '{"type":"progress","percent":20,"step":"stubborn","message":"ignoring SIGTERM"}'
    while :; do sleep 0.1; done ;;
esac
)";

/// A queue, a registry (hand-made artifacts, a loader that reads model.txt) and a runner whose
/// worker is the fake script in `mode`.
struct Env
{
    QTemporaryDir dir;
    AppConfig config;
    std::unique_ptr<StateStore> state;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<registry::ModelRegistry> registry;
    std::unique_ptr<JobQueue> queue;

    explicit Env(JobQueue::Policy policy = {3, 0, 1, 24.0})
    {
        config.paths.baseDir = dir.path();
        state = std::make_unique<StateStore>(config.stateDbPath());
        QVERIFY(state->open().has_value());
        audit = std::make_unique<AuditLog>(dir.filePath(QStringLiteral("audit.jsonl")));
        registry::ModelRegistry::Options o;
        o.modelsDir = config.modelsDir();
        o.loader = [](const QString &d) -> Result<std::shared_ptr<const ml::RoutingModel>> {
            QFile f(QDir(d).filePath(QStringLiteral("model.txt")));
            if (!f.open(QIODevice::ReadOnly) || !f.readAll().startsWith("ok"))
                return fail(ErrorCode::ModelNotFound, QStringLiteral("the model does not load"));
            return std::shared_ptr<const ml::RoutingModel>();
        };
        registry = std::make_unique<registry::ModelRegistry>(o, *state, audit.get());
        QVERIFY(registry->open().has_value());
        queue = std::make_unique<JobQueue>(*state, policy, audit.get());
        QFile script(dir.filePath(QStringLiteral("fake_worker.sh")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(kFakeWorker);
    }

    std::unique_ptr<JobRunner> runner(const QString &mode, int graceMs = 3000, qint64 maxMs = 60000)
    {
        JobRunnerOptions o;
        o.program = QStringLiteral("/bin/sh");
        o.programArguments = {dir.filePath(QStringLiteral("fake_worker.sh")), mode};
        o.graceMs = graceMs;
        o.maxDurationMs = maxMs;
        o.pollMs = 50;
        return std::make_unique<JobRunner>(config, *state, *queue, *registry, audit.get(), o);
    }

    Job enqueue(bool automatic = false, const QDateTime &now = {})
    {
        JobRequest r;
        r.automatic = automatic;
        r.source = automatic ? JobSource::QualityAlert : JobSource::Operator;
        r.requestedBy = automatic ? QStringLiteral("quality-loop") : QStringLiteral("alice");
        r.reason = QStringLiteral("test");
        r.cycleId = automatic ? QStringLiteral("20250630T120000Z") : QString();
        return queue->enqueue(r, now).value();
    }

    Job job(const QString &id) { return queue->job(id).value().value(); }
    QString stateOf(const QString &id) { return jobStateName(job(id).state); }
    QJsonObject stateFile(const QString &id)
    {
        QFile f(QDir(jobDirectory(config, id)).filePath(QStringLiteral("state.json")));
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                           : QJsonObject();
    }
};

} // namespace jobtest
