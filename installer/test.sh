#!/usr/bin/env bash
# README command 2: install what is missing (including the test tools: PostgreSQL, promtool,
# monitoring plugins, python3-xgboost), build everything, run the whole CTest suite. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash installer/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"
# Tests start their own throwaway servers (PostgreSQL on a free loopback port) and stop them.
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
