#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "meterhub/bus/output.hpp"
#include "meterhub/config/config.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/vscp/config_ini.hpp"
#include "meterhub/vscp/settings.hpp"

namespace meterhub::bridge {

/// A device's own GUID source: two P1 meters on one host would otherwise publish under the same GUIDs.
struct vscp_device_override {
  std::optional<vscp::mac_address> mac;
  std::optional<vscp::guid> guid;
  std::optional<std::uint8_t> zone, subzone;
};

/// The `vscp` section (and the script's config.ini it may name) as the bridge uses it.
struct vscp_options {
  bool enabled = false;
  vscp::settings settings;           ///< config.ini's values (when given), then the YAML keys over them
  mirror::device_filter devices;     ///< whose readings become events (default: every device)
  std::map<std::string, vscp_device_override> per_device;
  /// Where the events go when not to the bridge's `output` broker: config.ini's [MQTT] host, port, user and
  /// password, or the section's own `output`.
  std::optional<bus::output_settings> output;
  bool one_shot = false;             ///< config.ini's [GENERAL] one_shot
  std::vector<vscp::config_warning> warnings; ///< what config.ini said that meterhub reads differently; logged
};

/// Reads the `vscp` section: enabled, config_ini (a vscp-python-p1-power-meter config.ini, read as the script reads
/// it), profile (script | spec), no_vscp, topic, mac (`auto` = the interface of the default route), guid, zone,
/// subzone, qos, send {energy, active_effect, reactive_effect, voltage, current}, values {NAME: {id, sensor_index,
/// note}}, map [{quantity, class, type, unit, sensor_index, id, note, scale}], devices {allow, deny}, per_device
/// {DEVICE: {mac, guid, zone, subzone}}, output {as the bridge's output section}. Problems are recorded on the
/// reader (key and reason); `bus` and `client_id` give the defaults of a separate output connection.
vscp_options read_vscp(const config::reader& r, const bus::bus_settings& bus);

/// A config.ini's [MQTT] part as an output connection (plain TCP; the script had no TLS).
bus::output_settings output_of(const vscp::mqtt_config& mqtt, const std::string& client_id);

/// The MAC of the network interface that carries the default route (what getmac gives the script with no
/// arguments), else of the first interface that is up and not loopback; nullopt when there is none.
std::optional<vscp::mac_address> host_mac();

} // namespace meterhub::bridge
