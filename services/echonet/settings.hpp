#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/skstack/model.hpp"
#include "meterhub/skstack/session.hpp"
#include "meterhub/transport/transport.hpp"

namespace meterhub::echonet_service {

/// Properties read together on one schedule: one Get with every EPC of the group (split when the meter allows
/// fewer per request).
struct poll_group {
  std::string name;
  std::vector<std::uint8_t> epcs;
  std::chrono::milliseconds interval{10'000};
};

/// How the meter's own half-hour history fills gaps (spec §7).
struct backfill_settings {
  bool enabled = true;
  unsigned limit_days = 7;       ///< never further back than this (the meter keeps 99 days)
  unsigned first_start_days = 0; ///< with no saved progress: 0 = from today's midnight, N = N days before it
  std::chrono::milliseconds grace{6 * 60'000}; ///< after a :00/:30 boundary, how long to wait for the meter's INF
};

/// Where the module is and how it talks.
struct link_settings {
  std::string port;                         ///< /dev/ttyUSB0, or tcp://host:port (ser2net)
  transport::serial_settings serial{115200}; ///< the modules' factory rate, 8N1
  std::optional<skstack::module_model> model; ///< nullopt: ask the module (SKINFO's last field)
};

/// One Route-B module and the meter behind it: device id, credentials, poll plan.
struct module_settings {
  std::string device;
  link_settings link;
  skstack::session_config session; ///< Route-B ID and password (never logged), scan and join limits
  std::chrono::milliseconds reply_timeout{12'000}; ///< one Get's answer (MOM: 12 s)
  unsigned attempts = 3;                           ///< transmissions of one request before it counts as failed
  unsigned max_epcs = 8;                           ///< EPCs per Get
  std::vector<poll_group> poll;
  backfill_settings backfill;
  std::chrono::milliseconds max_backoff{300'000}; ///< reopening a failed port
};

struct settings {
  std::filesystem::path state_dir; ///< PAN cache and published history slots, one file per device
  std::vector<module_settings> modules;
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

/// The poll plan when the configuration names none: power and currents every 10 s, both energy registers every
/// minute. Fixed-time values (EA/EB) come by the meter's INF and by history reads, not by polling.
std::vector<poll_group> default_poll_plan();

/// "E7" / "0xE7" / "e7" → 0xE7; nullopt when not one byte of hex.
std::optional<std::uint8_t> parse_epc(std::string_view text);

/// Loads the file; every section rejects unknown keys and bad values are reported by key.
caf::expected<settings> load_settings(const std::filesystem::path& file);

} // namespace meterhub::echonet_service
