#!/usr/bin/env bash
# Runs the whole platform on one machine with its embedded defaults: a local Mosquitto (loopback only), a simulated
# DSMR 5 meter on a pseudo-terminal read by meterhub-p1, a simulated NEVA MT324 on TCP polled by meterhub-iec61107,
# meterhub-storage (SQLite under ./var/), meterhub-gateway, meterhub-um40 putting both meters' readings into a
# UM-40 SMART meter.db, and a simulated workshop (meterhub-modbus-sim with deploy/sim/shop.yaml: a Mercury 234, an
# OWEN PLC210 and an MV110-224.16DN on one RS-485 line on a pty, two SDM630 behind a Modbus TCP port) polled by
# meterhub-modbus (deploy/config/modbus-demo.yaml), and a Japanese Route-B meter behind a simulated BP35C2 Wi-SUN
# module (meterhub-echonet-sim on a pty) read by meterhub-echonet (deploy/config/echonet-demo.yaml); meterhub-bridge
# (deploy/config/bridge-demo.yaml) mirrors every reading under meters/... with Home Assistant discovery, publishes the
# P1 meter as VSCP events and serves both household meters on a Modbus TCP port for SCADA tools.
# Prints what runs where and the meterhubctl commands to watch live values. Ctrl-C stops exactly what it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" --target meterhub-p1 meterhub-p1-sim meterhub-iec61107 meterhub-iec61107-sim \
  meterhub-storage meterhub-gateway meterhub-um40 meterhubctl meterhub-modbus meterhub-modbus-sim \
  meterhub-echonet meterhub-echonet-sim meterhub-bridge
bin=${MH_BUILD_DIR:-$root/build}/bin
var=$root/var/demo
mkdir -p "$var/logs" "$var/mosquitto"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mqtt_port=${MH_DEMO_MQTT_PORT:-$(free_port)}
grpc_port=${MH_DEMO_GRPC_PORT:-50051}
query_port=$(free_port)
modbus_export_port=${MH_DEMO_MODBUS_PORT:-$(free_port)}

pids=()
sleeper=
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping ${pids[*]}"
  for pid in "${pids[@]}" $sleeper; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $sleeper; do wait "$pid" 2>/dev/null || true; done
}
# After stopping, exit: a trap alone would return into the final wait loop and keep the script (and a new sleep)
# running after its programs are gone.
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

start() { # name, command...
  local name=$1; shift
  "$@" >"$var/logs/$name.log" 2>&1 &
  pids+=($!)
}

wait_for_log() { # name, pattern: waits until the program's log shows the pattern
  for _ in $(seq 1 100); do
    grep -q "$2" "$var/logs/$1.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "demo: $1 did not get ready; see $var/logs/$1.log" >&2
  return 1
}

wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "demo: nothing listens on port $1; see $var/logs" >&2
  return 1
}

sed "s|@PORT@|$mqtt_port|; s|@DIR@|$var/mosquitto|" deploy/mosquitto/mosquitto.conf >"$var/mosquitto.conf"
# Started as root, Mosquitto drops to its own user before saving its sessions: that user must own the folder.
if [ "$(id -u)" -eq 0 ] && id mosquitto >/dev/null 2>&1; then chown mosquitto: "$var/mosquitto"; fi
start mosquitto /usr/sbin/mosquitto -c "$var/mosquitto.conf"
wait_for_port "$mqtt_port"

export METERHUB_BUS__URL=tcp://127.0.0.1:$mqtt_port
# Storage first: the broker keeps readings for its durable subscription only from its first connection on.
METERHUB_BUS__STATE_DIR=$var/storage/bus METERHUB_HTTP__LISTEN=127.0.0.1:0 \
  start storage "$bin/meterhub-storage" run --db "$var/storage/meterhub.db" --listen "127.0.0.1:$query_port"
wait_for_port "$query_port"
wait_for_log storage "\[bus\] connected"
# The sample um40.yaml lists exactly the demo's two meters (iec61107-line0 and the simulator's P1 meter).
METERHUB_BUS__STATE_DIR=$var/um40/bus METERHUB_HTTP__LISTEN=127.0.0.1:0 \
  METERHUB_UM40__TARGET="local:$var/um40/meter.db" METERHUB_UM40__UTC_OFFSET="$(date +%:z)" \
  start um40 "$bin/meterhub-um40" run --config deploy/config/um40.yaml
wait_for_log um40 "\[bus\] connected"
METERHUB_BUS__STATE_DIR=$var/gateway METERHUB_HTTP__LISTEN=127.0.0.1:0 \
  start gateway "$bin/meterhub-gateway" run --listen "127.0.0.1:$grpc_port" --storage "127.0.0.1:$query_port"
wait_for_port "$grpc_port"
# The bridge before the adapters, as storage: its durable subscription keeps readings from its first connection on.
METERHUB_BUS__STATE_DIR=$var/bridge/bus METERHUB_HTTP__LISTEN=127.0.0.1:0 METERHUB_BRIDGE__STATE_DIR=$var/bridge \
  METERHUB_MODBUS_EXPORT__PORT=$modbus_export_port \
  start bridge "$bin/meterhub-bridge" run --config deploy/config/bridge-demo.yaml
wait_for_log bridge "\[bus\] connected"

start p1-sim "$bin/meterhub-p1-sim" --profile dsmr5 --pty --interval 1s
wait_for_log p1-sim "^pty: "
pty=$(sed -n 's/^pty: //p' "$var/logs/p1-sim.log")
METERHUB_BUS__STATE_DIR=$var/p1 METERHUB_HTTP__LISTEN=127.0.0.1:0 \
  start p1 "$bin/meterhub-p1" run --port "$pty"

start neva-sim "$bin/meterhub-iec61107-sim" --listen 127.0.0.1:0
wait_for_log neva-sim "^tcp: "
neva=$(sed -n 's/^tcp: //p' "$var/logs/neva-sim.log")
# The imitator keeps this machine's local time, as a NEVA meter keeps its site's; poll every 5 s for the demo.
METERHUB_BUS__STATE_DIR=$var/iec61107 METERHUB_HTTP__LISTEN=127.0.0.1:0 \
  METERHUB_METER_DEFAULTS__INTERVAL=5s METERHUB_METER_DEFAULTS__TIMEZONE="$(date +%:z)" \
  start iec61107 "$bin/meterhub-iec61107" run --port "$neva"

# The workshop: its RS-485 line is a pty linked at var/demo/shop-rs485 (shop.yaml's link:, taken from this folder),
# its Modbus TCP port a free one that the simulator prints.
start modbus-sim "$bin/meterhub-modbus-sim" --config deploy/sim/shop.yaml
wait_for_log modbus-sim "^tcp: "
shop_line=$var/shop-rs485
shop_tcp=$(sed -n 's/^tcp: //p' "$var/logs/modbus-sim.log")
# The simulated Mercury's clock keeps this machine's local time, as a real one keeps its site's.
METERHUB_BUS__STATE_DIR=$var/modbus METERHUB_HTTP__LISTEN=127.0.0.1:0 \
  METERHUB_LINES__0__PORT="$shop_line" METERHUB_LINES__1__PORT="tcp://$shop_tcp" \
  METERHUB_LINES__0__DEVICES__0__TIMEZONE="$(date +%:z)" \
  start modbus "$bin/meterhub-modbus" run --config deploy/config/modbus-demo.yaml

# Route B: a BP35C2 module with a smart meter behind it on a pty; the service scans, joins and backfills today's
# half hours from the meter's history.
start route-b-sim "$bin/meterhub-echonet-sim" --model bp35c2
wait_for_log route-b-sim "^pty: "
route_b_pty=$(sed -n 's/^pty: //p' "$var/logs/route-b-sim.log")
METERHUB_BUS__STATE_DIR=$var/echonet/bus METERHUB_HTTP__LISTEN=127.0.0.1:0 METERHUB_MODULES__0__PORT="$route_b_pty" \
  METERHUB_STATE_DIR="$var/echonet/state" \
  start echonet "$bin/meterhub-echonet" run --config deploy/config/echonet-demo.yaml
sleep 3

ctl="$bin/meterhubctl -g 127.0.0.1:$grpc_port"
device=$($ctl --json devices | sed -n 's/.*"device":"\(p1-[^"]*\)".*/\1/p' | head -n1)
cat <<TXT

meterhub demo is running (logs in $var/logs):
  Mosquitto          tcp://127.0.0.1:$mqtt_port        (pid ${pids[0]})
  P1 meter simulator $pty            (pid ${pids[5]})
  meterhub-p1        reads $pty        (pid ${pids[6]})
  NEVA MT324 imitator tcp://$neva   (pid ${pids[7]})
  meterhub-iec61107  polls $neva every 5 s   (pid ${pids[8]})
  meterhub-storage   $var/storage/meterhub.db, StorageQuery on 127.0.0.1:$query_port   (pid ${pids[1]})
  meterhub-gateway   gRPC on 127.0.0.1:$grpc_port   (pid ${pids[3]})
  meterhub-um40      both meters into the UM-40 meter.db $var/um40/meter.db   (pid ${pids[2]})
  workshop simulator RS-485 line $shop_line, Modbus TCP tcp://$shop_tcp   (pid ${pids[9]})
  meterhub-modbus    polls the workshop's 5 devices (deploy/config/modbus-demo.yaml)   (pid ${pids[10]})
  Route-B simulator  BP35C2 module and smart meter on $route_b_pty   (pid ${pids[11]})
  meterhub-echonet   reads it over SKSTACK-IP / ECHONET Lite   (pid ${pids[12]})
  meterhub-bridge    mirrors under meters/..., Home Assistant discovery, VSCP events, Modbus TCP on
                     127.0.0.1:$modbus_export_port (units 1 and 2)   (pid ${pids[4]})

Try, in another terminal:
  $ctl devices
  $ctl latest ${device:-p1-e0043007123456719}
  $ctl latest iec61107-line0
  $ctl latest shop-mercury-17        (Mercury 234, native protocol on the RS-485 line)
  $ctl latest shop-plc210            (OWEN PLC210, Modbus RTU, same line)
  $ctl latest shop-mv110             (OWEN MV110-224.16DN inputs and counters, same line)
  $ctl latest shop-sdm630-1
  $ctl latest shop-sdm630-2          (two SDM630 behind the Modbus TCP port)
  $ctl read shop-sdm630-1 voltage_l1
  $ctl latest route-b-home           (Japanese smart meter over Route B, half hours backfilled)
  $ctl watch -q 1-0:1.7.0 -q 1-0:32.7.0
  $ctl range ${device:-p1-e0043007123456719} 1-0:1.7.0 --from -10m --bucket 1m
  mosquitto_sub -p $mqtt_port -t 'meterhub/v1/#' -v     (protobuf payloads)
  mosquitto_sub -p $mqtt_port -t 'meters/#' -v          (plain values and JSON, as node-red reads them)
  mosquitto_sub -p $mqtt_port -t 'homeassistant/#' -t 'vscp/#' -v
  mbpoll -m tcp -p $modbus_export_port -a 1 -0 -r 10 -c 3 -t 4:float -B 127.0.0.1   (P1 power, voltage, current)
  $bin/meterhub-um40 show ElMomentEnergy --last 2 --target local:$var/um40/meter.db
  $bin/meterhub-um40 show MeterTable --target local:$var/um40/meter.db

Ctrl-C stops everything started here.
TXT
$ctl devices || true
while :; do
  sleep 3600 &
  sleeper=$!
  wait "$sleeper" || true
done
