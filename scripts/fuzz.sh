#!/usr/bin/env bash
# Fuzzes one decoder with libFuzzer: scripts/fuzz.sh dsmr|wire|iec61107|neva|um40|modbus|mercury|modbus_sim|echonet|skstack|echonet_sim|vscp_ini|modbus_export|mirror_command [seconds] (default 300).
# Builds the target with clang and ASan/UBSan into build-fuzz/, runs it on a copy of its seed corpus and prints
# libFuzzer's summary. New crash inputs land in build-fuzz/<name>-artifacts/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: scripts/fuzz.sh <target> [seconds]}
seconds=${2:-300}
out=$root/build-fuzz
mkdir -p "$out/$name-corpus" "$out/$name-artifacts"
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
case "$name" in
  dsmr)
    srcs=("$root/tests/fuzz/dsmr_fuzz.cpp" "$root"/libs/dsmr/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/dsmr/include")
    libs=(-lcaf_core -lcrypto)
    ;;
  wire)
    gen=$out/gen
    mkdir -p "$gen"
    protoc -I"$root/proto" --cpp_out="$gen" meterhub/v1/reading.proto meterhub/v1/status.proto \
      meterhub/v1/command.proto
    srcs=("$root/tests/fuzz/wire_fuzz.cpp" "$root"/libs/wire/src/*.cpp "$root"/libs/core/src/*.cpp
          "$gen"/meterhub/v1/reading.pb.cc "$gen"/meterhub/v1/status.pb.cc "$gen"/meterhub/v1/command.pb.cc)
    incs=(-I"$root/libs/core/include" -I"$root/libs/wire/include" -I"$gen")
    libs=(-lprotobuf -lcaf_core)
    ;;
  iec61107)
    srcs=("$root/tests/fuzz/iec61107_fuzz.cpp" "$root"/libs/iec61107/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/iec61107/include")
    libs=(-lcaf_core)
    ;;
  neva)
    srcs=("$root/tests/fuzz/neva_fuzz.cpp" "$root"/libs/neva/src/*.cpp "$root"/libs/tariff/src/*.cpp
          "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/tariff/include" -I"$root/libs/neva/include"
          -I"$root/libs/neva/src")
    libs=(-lcaf_core)
    ;;
  um40)
    # src/*.cpp only: src/targets/ holds the sqlite and SSH targets, which are I/O, not decoders.
    srcs=("$root/tests/fuzz/um40_fuzz.cpp" "$root"/libs/um40/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/um40/include")
    libs=(-lcaf_core)
    ;;
  modbus)
    # the register decoder and the RTU/TCP frame codec (libs/modbus), and the profile's block → readings mapping
    srcs=("$root/tests/fuzz/modbus_fuzz.cpp" "$root"/libs/modbus/src/*.cpp "$root"/libs/profiles/src/*.cpp
          "$root"/libs/mercury/src/*.cpp "$root"/libs/config/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/modbus/include" -I"$root/libs/profiles/include"
          -I"$root/libs/mercury/include" -I"$root/libs/config/include")
    libs=(-lcaf_core -lyaml-cpp)
    ;;
  mercury)
    srcs=("$root/tests/fuzz/mercury_fuzz.cpp" "$root"/libs/mercury/src/*.cpp "$root/libs/modbus/src/crc.cpp"
          "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/mercury/include" -I"$root/libs/modbus/include")
    libs=(-lcaf_core)
    ;;
  echonet)
    srcs=("$root/tests/fuzz/echonet_fuzz.cpp" "$root"/libs/echonet/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/echonet/include" -I"$root/libs/echonet/src")
    libs=(-lcaf_core)
    ;;
  skstack)
    srcs=("$root/tests/fuzz/skstack_fuzz.cpp" "$root"/libs/skstack/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/skstack/include" -I"$root/libs/skstack/src")
    libs=(-lcaf_core)
    ;;
  echonet_sim)
    # what the Route-B simulator decodes: the client's bytes on the pty, control lines, fault options
    sim=$root/services/echonet-sim
    srcs=("$root/tests/fuzz/echonet_sim_fuzz.cpp" "$root"/libs/echonet/src/*.cpp "$root"/libs/skstack/src/*.cpp
          "$root"/libs/core/src/*.cpp)
    for m in sim_time load_shape energy_ledger meter command_reader faults module module_commands module_radio \
             control sim_settings; do
      srcs+=("$sim/$m.cpp")
    done
    incs=(-I"$sim" -I"$root/libs/core/include" -I"$root/libs/echonet/include" -I"$root/libs/skstack/include")
    libs=(-lcaf_core)
    ;;
  vscp_ini)
    # the vscp-python-p1-power-meter config.ini a user hands to meterhub-bridge, topic templates, GUID and MAC text
    srcs=("$root/tests/fuzz/vscp_ini_fuzz.cpp" "$root"/libs/vscp/src/*.cpp "$root"/libs/core/src/*.cpp)
    incs=(-I"$root/libs/core/include" -I"$root/libs/vscp/include" -I"$root/libs/vscp/src")
    libs=(-lcaf_core)
    ;;
  mirror_command)
    # commands from plain MQTT, DeviceState / Alert / CommandResult bytes and the saved registry, as libs/mirror
    # takes them
    gen=$out/gen
    mkdir -p "$gen"
    protoc -I"$root/proto" --cpp_out="$gen" meterhub/v1/reading.proto meterhub/v1/status.proto \
      meterhub/v1/command.proto
    srcs=("$root/tests/fuzz/mirror_command_fuzz.cpp" "$root"/libs/mirror/src/*.cpp "$root"/libs/wire/src/*.cpp
          "$root"/libs/core/src/*.cpp "$gen"/meterhub/v1/reading.pb.cc "$gen"/meterhub/v1/status.pb.cc
          "$gen"/meterhub/v1/command.pb.cc)
    incs=(-I"$root/libs/core/include" -I"$root/libs/wire/include" -I"$root/libs/mirror/include" -I"$gen")
    libs=(-lprotobuf -lcaf_core)
    ;;
  modbus_export)
    # the SCADA export: request framing and classification, the register image's read path, the map's validation
    srcs=("$root/tests/fuzz/modbus_export_fuzz.cpp" "$root"/libs/modbus/src/*.cpp "$root/libs/profiles/src/vocabulary.cpp"
          "$root"/libs/core/src/*.cpp)
    for m in allowlist encoding error image latest_values layout map request; do
      srcs+=("$root/libs/modbus_export/src/$m.cpp")
    done
    incs=(-I"$root/libs/core/include" -I"$root/libs/modbus/include" -I"$root/libs/profiles/include"
          -I"$root/libs/modbus_export/include")
    libs=(-lcaf_core)
    ;;
  modbus_sim)
    # what the simulator decodes from masters: RTU line bytes, MBAP frames, fault and device options, shop files
    sim=$root/services/modbus-sim
    srcs=("$root/tests/fuzz/modbus_sim_fuzz.cpp" "$root"/libs/modbus/src/*.cpp "$root"/libs/profiles/src/*.cpp
          "$root"/libs/mercury/src/*.cpp "$root"/libs/config/src/*.cpp "$root"/libs/core/src/*.cpp)
    for m in machine physics quantity register_layout register_value device_template modbus_device meter_history \
             mercury_values mercury_meter mercury_profile faults rtu_reader station control site_plan; do
      srcs+=("$sim/$m.cpp")
    done
    incs=(-I"$sim" -I"$root/libs/core/include" -I"$root/libs/modbus/include" -I"$root/libs/profiles/include"
          -I"$root/libs/mercury/include" -I"$root/libs/config/include" -DMH_PROFILES_DIR="\"$root/deploy/profiles\"")
    libs=(-lcaf_core -lyaml-cpp)
    ;;
  *) echo "unknown fuzz target $name (dsmr, wire, iec61107, neva, um40, modbus, mercury, modbus_sim, echonet, skstack, echonet_sim, vscp_ini, modbus_export, mirror_command)" >&2; exit 64 ;;
esac
clang++ "${flags[@]}" "${incs[@]}" "${srcs[@]}" "${libs[@]}" -o "$out/fuzz_$name"
cp -n "$root/tests/fuzz/corpus/$name/"* "$out/$name-corpus/" 2>/dev/null || true
"$out/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/$name-artifacts/" \
  "$out/$name-corpus"
