#!/usr/bin/env bash
# Configures and builds meterhub into ./build (or $MH_BUILD_DIR). Extra arguments go to cmake --build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MH_BUILD_DIR:-$root/build}
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${MH_BUILD_TYPE:-RelWithDebInfo} >&2
fi
cmake --build "$build" "$@" >&2
