#!/usr/bin/env bash
# Builds and runs every benchmark; each prints its own figures (medians of several runs, ratios measured in one run).
# Usage: scripts/bench.sh [dsmr|ingest|e2e|floor|neva|um40|modbus|echonet|bridge|modbus_export ...]   (default: all). Run it on a quiet machine: the
# figures are shared-machine wall-clock rates, not instruction counts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" --target dsmr_parse_bench storage_ingest_bench e2e_bench library_floor_bench iec61107_bench \
  um40_bench modbus_bench echonet_bench bridge_bench modbus_export_bench
bench=${MH_BUILD_DIR:-$root/build}/bench
which=("$@")
[ ${#which[@]} -gt 0 ] || which=(dsmr ingest e2e floor neva um40)
for b in "${which[@]}"; do
  case "$b" in
    dsmr) "$bench/dsmr_parse_bench" ;;
    ingest) "$bench/storage_ingest_bench" 1000000 3 ;;
    e2e) "$bench/e2e_bench" 300 10 ;;
    floor)
      for s in p1 storage gateway; do
        program=${MH_BUILD_DIR:-$root/build}/bin/meterhub-$s
        mapfile -t needed < <(objdump -p "$program" | awk '/NEEDED/ {print $2}')
        "$bench/library_floor_bench" "meterhub-$s" "${needed[@]}"
        if [ "$s" = p1 ]; then # what the metrics endpoint's HTTP library costs by itself
          mapfile -t fewer < <(printf '%s\n' "${needed[@]}" | grep -v cpp-httplib)
          "$bench/library_floor_bench" "p1-without-httplib" "${fewer[@]}"
        fi
      done ;;
    neva) "$bench/iec61107_bench" 300 30 5 50 ;;
    um40) "$bench/um40_bench" 5000 5 ;;
    modbus) "$bench/modbus_bench" 10 3 1000 16 20 500 ;;
    echonet) "$bench/echonet_bench" 200000 5 5 500 ;;
    bridge) "$bench/bridge_bench" 4000 3 200000 ;;
    modbus_export) "$bench/modbus_export_bench" 8 3 5 ;;
    *) echo "unknown benchmark $b (dsmr, ingest, e2e, floor, neva, um40, modbus, echonet, bridge, modbus_export)" >&2; exit 64 ;;
  esac
done
