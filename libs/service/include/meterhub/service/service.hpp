#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <caf/actor_system_config.hpp>
#include <caf/expected.hpp>

#include "meterhub/bus/bus.hpp"
#include "meterhub/bus/settings.hpp"
#include "meterhub/config/config.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"

/// What every meterhub daemon does the same way: read the `bus`, `http` and `log` sections, serve /healthz and
/// /metrics, wait for SIGINT/SIGTERM. A service's main wires its own actors around this.
namespace meterhub::service {

/// Milliseconds since the epoch, UTC.
std::int64_t now_ms();

/// This machine's host name, lower-cased and reduced to device-id characters (for instance names and client ids).
std::string host_name();

/// The broker URL schemes the bus accepts, as Paho C does: tcp and mqtt (plain), ssl and mqtts (TLS), ws and wss
/// (WebSocket, plain and TLS). `bus::uses_tls` picks TLS from the same list.
inline constexpr std::string_view bus_url_schemes[] = {"tcp", "mqtt", "ws", "ssl", "mqtts", "wss"};

/// Why `url` is not a broker URL the bus can use, or nullopt when it is: `scheme://host:port`, the scheme one of
/// `bus_url_schemes`, an explicit port from 1 to 65535 (Paho would silently pick a default port), a path only for
/// WebSockets (`ws://host:8080/mqtt`), an IPv6 host in brackets (`tcp://[::1]:1883`).
std::optional<std::string> bus_url_problem(const std::string& url);

/// The `bus` section: url, instance, client_id, username, password (secret), prefix, state_dir, spool_max,
/// inbox_max, session_expiry, keepalive, tls {ca_file, cert_file, key_file, verify}. `default_state_dir` applies
/// when state_dir is absent. Any other key is an error, except `extra_keys`: the ones the service reads from the
/// section itself (storage's `group`).
bus::bus_settings read_bus(const config::reader& bus, const std::string& service, const std::string& version,
                           const std::filesystem::path& default_state_dir,
                           std::initializer_list<std::string_view> extra_keys = {});

/// The `http` section: listen (host:port), token (secret), tls_cert, tls_key. Any other key is an error.
/// The bus section's `group`: an MQTT shared-subscription group name (no /, + or #), `fallback` when absent. Read
/// before `read_bus` with "group" among its extra keys.
std::string read_group(const config::reader& bus, const std::string& fallback);

metrics::http_settings read_http(const config::reader& http, const std::string& default_listen);

/// A one-shot command's secret from its flag, else the first line of `file`, else the variable `env`, so it can stay
/// out of shell history and `ps`; nullopt when none is given, `cannot_read` naming the file when it is unreadable.
caf::expected<std::optional<std::string>> command_line_secret(const std::string& flag, const std::string& file,
                                                               const char* env);

/// The `log` section: level, format (text|json). Any other key is an error.
logging::log_settings read_log(const config::reader& log);

/// Sizes CAF's scheduler to the cores there are (at least 2); CAF 0.17 starts at least 4 workers otherwise, each a
/// thread with its own stack and allocator arena for nothing on a 1-2 core gateway box.
void size_scheduler(caf::actor_system_config& cfg);

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards; call first in main.
void block_stop_signals();

/// Waits until SIGINT or SIGTERM arrives; returns the signal number.
int wait_for_stop_signal();

/// Registry, health and the HTTP endpoint of one service.
struct observability {
  metrics::registry registry;
  metrics::health health;
  std::unique_ptr<metrics::http_server> http;

  /// Starts the endpoint; also registers resident memory as a gauge.
  caf::error start(const metrics::http_settings& settings, const std::string& service);

  /// Exports the bus's state (connected, spool and inbox depth, losses, message totals as counters) and reports the
  /// broker connection as the "bus" health component (degraded while away: data is spooled, not lost). A small
  /// actor refreshes both twice a second, so /healthz is current without a /metrics scrape; it stops with the bus.
  void watch_bus(caf::actor_system& sys, bus::bus_actor bus);
};

} // namespace meterhub::service
