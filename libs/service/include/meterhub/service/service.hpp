#pragma once

#include <cstdint>
#include <memory>
#include <string>

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

/// The `bus` section: url, client_id, username, password (secret), prefix, state_dir, spool_max, session_expiry,
/// tls {ca_file, cert_file, key_file, verify}. `default_state_dir` applies when state_dir is absent.
bus::bus_settings read_bus(const config::reader& bus, const std::string& service, const std::string& version,
                           const std::filesystem::path& default_state_dir);

/// The `http` section: listen (host:port), token (secret), tls_cert, tls_key.
metrics::http_settings read_http(const config::reader& http, const std::string& default_listen);

/// The `log` section: level, format (text|json).
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

  /// Exports the bus's state (connected, spool and inbox depth, losses) at every scrape and reports the broker
  /// connection as the "bus" health component (degraded while away: data is spooled, not lost).
  void watch_bus(caf::actor_system& sys, bus::bus_actor bus);
};

} // namespace meterhub::service
