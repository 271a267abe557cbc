#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/modbus_link/link.hpp"
#include "meterhub/profiles/profile.hpp"

namespace meterhub::modbus_service {

/// One device on a line: a Modbus unit or a Mercury 23x meter, described by its profile
/// (deploy/config/modbus.yaml documents each key).
struct device_settings {
  std::string id;                                   ///< device id on the bus
  std::shared_ptr<const profiles::profile> profile; ///< shared by every device of the model
  unsigned address = 1;                             ///< Modbus unit id, or the Mercury network address
  std::string password = "111111";                  ///< Mercury level 1 (read); never logged
  std::string admin_password = "222222";            ///< Mercury level 2 (writes, clock); never logged
  std::map<std::string, std::chrono::milliseconds> intervals; ///< group name → interval, overriding the profile
  std::chrono::milliseconds max_backoff{300'000};
  std::chrono::minutes utc_offset{180}; ///< Mercury clocks keep local time without a zone
  bool backfill = true;                 ///< Mercury: fill outages from the power profile and archives
  std::chrono::hours backfill_limit{24 * 31};

  bool mercury() const { return profile->protocol == profiles::protocol::mercury23x; }
  /// The interval of `group`, after the device's override.
  std::chrono::milliseconds interval_of(const profiles::poll_group& group) const;
};

/// One line: a serial port, an RTU gateway or a Modbus TCP gateway, and the devices behind it.
struct line_settings {
  modbus_link::link_settings link;
  unsigned connections = 1; ///< Modbus TCP: parallel connections to the gateway (devices split between them)
  std::chrono::milliseconds max_backoff{30'000}; ///< reopening a failed line
  std::vector<device_settings> devices;
};

struct settings {
  std::filesystem::path profiles_dir;
  std::vector<line_settings> lines;
  bus::bus_settings bus;
  metrics::http_settings http;
  logging::log_settings log;
};

/// Where profiles are found when the configuration names no folder: $METERHUB_PROFILES, the installed
/// share/meterhub/profiles next to the binary's prefix, or the source tree's deploy/profiles.
std::filesystem::path default_profiles_dir();

/// Loads the file (or embedded defaults) and every profile it names; every section rejects unknown keys, and a
/// device's profile, unit or address problems are reported by key.
caf::expected<settings> load_settings(const std::filesystem::path& file);

} // namespace meterhub::modbus_service
