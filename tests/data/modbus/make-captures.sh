#!/usr/bin/env bash
# Records libmodbus-rtu.hex and libmodbus-tcp.hex: libmodbus 3.1.6 as client and server (capture.c) with a
# `socat -x` relay between them that dumps every chunk it passes. Needs gcc, libmodbus-dev, socat, python3.
# The files are test data for libs/modbus; re-running the script gives the same bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O1 -Wall "$here/capture.c" $(pkg-config --cflags --libs libmodbus) -o "$work/capture"

to_hex() { # socat -x dump → hex lines, one comment per chunk
  python3 -c '
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"([<>]) \S+ \S+\s+length=(\d+)", line)
    if m:
        print("# %s, %s bytes" % ("request (client to server)" if m.group(1) == ">" else "response", m.group(2)))
    elif line.startswith(" "):
        print(line.strip().upper())' "$1"
}

# RTU over a pty pair: client on A, server on B, socat in between.
socat -x pty,raw,echo=0,link="$work/ttyA" pty,raw,echo=0,link="$work/ttyB" 2>"$work/rtu.dump" &
sleep 0.5
"$work/capture" rtu-server "$work/ttyB" >/dev/null 2>&1 &
sleep 0.3
"$work/capture" rtu "$work/ttyA"
sleep 0.5
{
  echo "# Modbus RTU traffic between libmodbus 3.1.6 as client and as server (unit 17, 9600 8N1 over a socat pty"
  echo "# pair, recorded with socat -x by tests/data/modbus/make-captures.sh): every function code of the codec with"
  echo "# the values of the Modbus Application Protocol V1.1b3 §6 examples, then a read beyond the map (exception 2)."
  to_hex "$work/rtu.dump"
} >"$here/libmodbus-rtu.hex"

# TCP on loopback: server on port p, socat relay on p + 1.
p=$((20000 + RANDOM % 20000))
"$work/capture" tcp-server "$p" >/dev/null 2>&1 &
sleep 0.3
socat -x TCP-LISTEN:$((p + 1)),reuseaddr TCP:127.0.0.1:"$p" 2>"$work/tcp.dump" &
sleep 0.3
"$work/capture" tcp $((p + 1))
sleep 0.5
{
  echo "# Modbus TCP traffic between libmodbus 3.1.6 as client and as server (unit 17, over a socat -x relay on"
  echo "# loopback, recorded by tests/data/modbus/make-captures.sh): the same exchanges as libmodbus-rtu.hex."
  to_hex "$work/tcp.dump"
} >"$here/libmodbus-tcp.hex"
