#!/usr/bin/env bash
# Fuzzes one decoder with libFuzzer: scripts/fuzz.sh dsmr|wire|iec61107|neva|um40 [seconds] (default 300).
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
  *) echo "unknown fuzz target $name (dsmr, wire, iec61107, neva, um40)" >&2; exit 64 ;;
esac
clang++ "${flags[@]}" "${incs[@]}" "${srcs[@]}" "${libs[@]}" -o "$out/fuzz_$name"
cp -n "$root/tests/fuzz/corpus/$name/"* "$out/$name-corpus/" 2>/dev/null || true
"$out/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/$name-artifacts/" \
  "$out/$name-corpus"
