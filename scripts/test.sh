#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test (unit + integration). Non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build=${MH_BUILD_DIR:-$root/build}
cd "$build"
ctest --output-on-failure --timeout 600 -j "${MH_TEST_JOBS:-2}" "$@"
