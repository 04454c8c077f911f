#!/usr/bin/env bash
# README command 1: install what is missing, build, create the demo plant if no database is
# configured, and open the console window. Idempotent. Extra arguments go to routing-console.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash installer/install-deps.sh --build-only
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target routing-console -j "$(nproc)"

console="$root/build/app/routing-console"
config="${ROUTING_CONSOLE_CONFIG:-$root/config/iter_training.yaml}"
"$console" check-config "$config"

# On the embedded demo plant, generate it now (progress in this terminal) rather than in the
# window; the window would do the same on its first launch. Does nothing for a configured ERP.
"$console" --config "$config" init-demo --if-missing

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  cat >&2 <<MSG
run: the console is built, but this machine has no display (DISPLAY and WAYLAND_DISPLAY are unset),
so the window cannot open here. Options:
  - run it headless (quality schedule, training jobs and the HTTP endpoint on 127.0.0.1:8000, no window):
        $console --config $config serve
    then check it with: curl -s http://127.0.0.1:8000/health      (stop with Ctrl+C)
  - on a desktop session, run this command again;
  - in a virtual display:   xvfb-run -a -s "-screen 0 1280x800x24" $console --config $config
  - check the configuration: $console check-config $config
MSG
  exit 0
fi
# Qt wants a private runtime directory; root shells often have none.
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
  export XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/runtime-$(id -u)"
  mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
fi
exec "$console" --config "$config" "$@"
