#!/usr/bin/env bash
# Installs every Debian package meterhub needs to build, test, fuzz and run its demo.
# Idempotent and quick when everything is present; works as root or through sudo.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  libcaf-dev libpaho-mqttpp-dev libpaho-mqtt-dev libssl-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libmodbus-dev libmosquitto-dev libsqlite3-dev sqlite3 libmysqlcppconn-dev catch2
  libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libcpp-httplib-dev
  libssh-dev libsodium-dev
  mosquitto mosquitto-clients mariadb-server openssh-server socat procps
  mbpoll python3-pymodbus python3-serial python3-serial-asyncio
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >&2
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
