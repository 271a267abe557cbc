#pragma once

#include <filesystem>

#include "meterhub/bus/output.hpp"
#include "meterhub/bus/settings.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/metrics/http_server.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/modbus_export/settings.hpp"
#include "vscp_settings.hpp"

/// meterhub-bridge's configuration: one YAML file (deploy/config/bridge.yaml documents every key), optionally with
/// a vscp-python-p1-power-meter config.ini named in `vscp.config_ini`.
namespace meterhub::bridge {

struct mirror_options {
  bool enabled = true;
  mirror::settings settings;
};

struct bridge_settings {
  std::filesystem::path state_dir = "var/bridge"; ///< the Home Assistant registry and the bus's spool and inbox
  vscp_options vscp;
  mirror_options mirror;
  modbus_export::export_settings modbus;
  bus::bus_settings bus;
  bus::output_settings output;
  metrics::http_settings http;
  logging::log_settings log;
};

/// Reads and checks the whole file; the error lists every problem with its key and reason. At least one of vscp,
/// mirror and modbus_export must be enabled.
caf::expected<bridge_settings> load_settings(const std::filesystem::path& file);

/// What the settings enable, in a few lines for `meterhub-bridge check` (no secrets).
std::string describe_settings(const bridge_settings& s);

/// The mirror and Home Assistant part of a `mirror` section and a `homeassistant` section (recorded on the readers).
mirror_options read_mirror(const config::reader& mirror, const config::reader& homeassistant);

} // namespace meterhub::bridge
