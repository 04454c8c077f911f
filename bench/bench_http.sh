#!/usr/bin/env bash
# bench_http: /health and /metrics under wrk on loopback at about 1,000 requests/s for 30 s each,
# while a training job runs in the console's worker process. Prints wrk's latency distribution.
# Usage: bench/bench_http.sh [BUILD_DIR] [SECONDS]   (needs wrk; figures go to docs/performance.md)
set -euo pipefail
build=${1:-build}
seconds=${2:-30}
console="$build/app/routing-console"
work=$(mktemp -d)
trap 'kill "${serve_pid:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/config" "$work/data"
cat > "$work/config/iter_training.yaml" <<YAML
paths: {base_dir: ..}
database: {demo_items: ${BENCH_ITEMS:-2000}, demo_seed: 42}
schedule: {enabled: false}
# Enough boosting rounds that the training job is still running when both wrk runs end.
training: {xgboost: {num_rounds: 3000, early_stopping_rounds: 3000}}
YAML
"$console" --config "$work/config/iter_training.yaml" init-demo --if-missing >/dev/null
"$console" --config "$work/config/iter_training.yaml" serve --port 0 > "$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out" | head -1)
echo "serve at $url (pid $serve_pid)"
"$console" --config "$work/config/iter_training.yaml" train --reason "bench_http load" >/dev/null
for _ in $(seq 100); do
  curl -s "$url/api/training/jobs" | grep -q '"running":1' && break; sleep 0.2
done
echo "training job: $(curl -s "$url/api/training/jobs" | grep -o '"running":[0-9]*')"
# 12 connections, each waiting 10 ms between requests (+ ~2 ms per answer): about 1,000 requests/s.
cat > "$work/rate.lua" <<'LUA'
function delay() return 10 end
LUA
for path in /health /metrics; do
  echo "== $path"
  wrk -t2 -c12 -d"${seconds}s" --latency -s "$work/rate.lua" "$url$path"
done
echo "training job at the end: $(curl -s "$url/api/training/jobs" | grep -o '"running":[0-9]*')"
kill -TERM "$serve_pid"; wait "$serve_pid"; echo "serve exit: $?"
