#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <caf/error.hpp>

#include "meterhub/vscp/guid.hpp"
#include "meterhub/vscp/topic.hpp"
#include "meterhub/vscp/values.hpp"

/// Everything that decides which VSCP messages a batch of readings becomes. Filled from the script's config.ini
/// (`read_config_ini`) or from the bridge's YAML; defaults are the ones config.ini ships with, except `no_vscp`,
/// which is the script's own default (false) and the README's.
namespace meterhub::vscp {

/// The configuration of one of the 26 values (`id_<name>`, `sensorindex_<name>`, `note_<name>`).
struct value_settings {
  /// The two lowest GUID bytes of this value's events.
  std::uint16_t id = 0;
  /// nullopt: not configured, in which case the script sent 0 and the `script` profile does too, while the `spec`
  /// profile uses the README's index (the row number).
  std::optional<std::uint8_t> sensor_index;
  /// vscpNote, and the topic in no_vscp mode.
  std::string note;

  friend bool operator==(const value_settings&, const value_settings&) = default;
};

/// The script's `send_*` switches, all on by default.
struct switches {
  bool energy = true;
  bool active_effect = true;
  bool reactive_effect = true;
  bool voltage = true;
  bool current = true;

  /// The switch of `group`.
  bool enabled(value_group group) const noexcept;
  /// Sets the switch of `group`.
  void set(value_group group, bool on) noexcept;

  friend bool operator==(const switches&, const switches&) = default;
};

/// A quantity of any device published as a VSCP measurement event, for readings outside the 26 values (a gas
/// meter's 0-1:24.2.1, a frequency, a temperature). Only the class-2 measurement classes that carry sensor index,
/// zone, subzone and unit in data bytes 0-3 are allowed: 1040 (value as text) and 1060 (value as a double).
/// `measurement.unit` is the mapping's unit byte in both profiles: the script profile's constant 1 is a quirk of
/// the script's own 26 values, which no flow can expect of a value the script never sent.
struct custom_mapping {
  /// The bus quantity ("1-0:14.7.0", "x:temperature"); must not be one of the 26 values.
  std::string quantity;
  std::uint16_t vscp_class = class_measurement_str;
  std::uint16_t type = 0;
  /// Data byte 3 and `measurement.unit`: the type's unit code.
  std::uint8_t unit = 0;
  std::uint8_t sensor_index = 0;
  /// The two lowest GUID bytes.
  std::uint16_t id = 0;
  /// vscpNote, and the topic in no_vscp mode.
  std::string note;
  /// Multiplies the bus value (0.001: Wh → kWh); a power of ten is applied exactly in decimal.
  double scale = 1.0;

  friend bool operator==(const custom_mapping&, const custom_mapping&) = default;
};

/// config.ini's ids (1..26), sensor indexes (1..26) and notes, in `value_table()` order.
std::array<value_settings, value_count> default_values();

/// The settings of one translation (one device's readings).
struct settings {
  vscp::profile profile = vscp::profile::script;
  /// Note as topic, bare value as payload, no JSON and no GUID (spec §7).
  bool no_vscp = false;
  /// `[MQTT] topic`; an empty result suppresses the publish.
  std::string topic{default_topic_template};
  /// The host MAC of the script's GUIDs. The library reads no interface: the bridge configures or finds it.
  std::optional<mac_address> mac;
  /// `[VSCP] guid`, honoured (spec §10) with each value's id in its two lowest bytes.
  std::optional<guid> configured_guid;
  std::uint8_t zone = 0;
  std::uint8_t subzone = 0;
  switches send;
  std::array<value_settings, value_count> values = default_values();
  std::vector<custom_mapping> custom;
  /// The messages' QoS; the script always published at 0.
  std::uint8_t qos = 0;

  friend bool operator==(const settings&, const settings&) = default;
};

/// The sensor index row `row` is published with under `s.profile` (0 for 43.7.0 in the script profile).
std::uint8_t sensor_index_of(const settings& s, std::size_t row) noexcept;

/// A remark about a configuration that is used anyway: `key` as the user wrote it ("GENERAL.one_shot",
/// "values.voltage_l1.note") and why it matters.
struct config_warning {
  std::string key;
  std::string reason;

  friend bool operator==(const config_warning&, const config_warning&) = default;
};

/// "key: reason".
std::string to_string(const config_warning& w);

/// Refuses settings that cannot be published: a bad topic template (`bad_topic`), a QoS above 2 (`bad_value`),
/// no MAC and no GUID in VSCP mode (`bad_value`, key "mac"), a custom mapping with an empty or duplicate quantity,
/// one of the 26 values, a class other than 1040/1060, or a zero or non-finite scale (`bad_mapping`, key
/// "custom[i].field").
caf::error validate(const settings& s);

/// What the bridge should log at start: the configured-GUID notice (`configured_guid_warning`), an empty topic
/// template, and in no_vscp mode every enabled value whose note is no publishable topic (it is counted as skipped).
std::vector<config_warning> check_settings(const settings& s);

} // namespace meterhub::vscp
