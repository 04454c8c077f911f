#!/usr/bin/env bash
# Installs, on Debian 12, every package the console needs to build, run and be tested.
# Only what is missing is installed (apt, non-interactive); a second run does nothing.
# Usage: installer/install-deps.sh [--build-only]
#   --build-only  skip the packages that only the tests and external checks use.
set -euo pipefail

build_pkgs=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libqt6sql6-odbc libqt6sql6-sqlite libsqlite3-dev
  libyaml-cpp-dev libspdlog-dev libfmt-dev
  libxgboost-dev xgboost
  libopencv-ml-dev libopencv-core-dev libhnswlib-dev
  unixodbc unixodbc-dev odbc-postgresql libsqliteodbc tdsodbc
  fonts-nanum xvfb xauth
)
# Tests: a real PostgreSQL server, promtool, monitoring plugins, the Python xgboost for interop,
# screenshots (imagemagick), wrk for the HTTP benchmarks.
test_pkgs=(
  postgresql sudo imagemagick
  prometheus monitoring-plugins-basic monitoring-plugins-standard
  python3-xgboost wrk
)

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--build-only" ]] || want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Services must not start at install time (prometheus, postgresql): the tests start their own.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}"
echo "install-deps: done"
