#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "meterhub/core/reading.hpp"

/// The 26 values vscp-python-p1-power-meter publishes (shared/specs/vscp.md §2), with what each profile sends for
/// them. One table, so the translator, the config.ini reader and the tests agree on names, OBIS codes and defaults.
namespace meterhub::vscp {

/// CLASS2.MEASUREMENT_STR: sensor index, zone, subzone, unit, then the value as decimal text (spec §6).
inline constexpr std::uint16_t class_measurement_str = 1040;
/// CLASS2.MEASUREMENT_FLOAT: the same four bytes, then an IEEE 754 double, most significant byte first.
inline constexpr std::uint16_t class_measurement_float = 1060;

/// What a published event claims to be. `script` reproduces the original exactly, its mislabelled types and units,
/// sensor index 0 for 43.7.0 and `measurement.unit` 1 included, because users' flows filter on them (spec §10);
/// `spec` publishes what the VSCP specification says (correct types, units and the README's sensor indexes).
enum class profile : std::uint8_t { script, spec };

/// "script" or "spec".
const char* to_string(profile p) noexcept;

/// Parses "script" / "spec"; nullopt otherwise.
std::optional<profile> parse_profile(std::string_view name) noexcept;

/// The script's switches: `send_energy`, `send_active_effect`, ... each turn one group on or off.
enum class value_group : std::uint8_t { energy, active_effect, reactive_effect, voltage, current };

/// "energy", "active_effect", "reactive_effect", "voltage", "current": the switch's name without "send_".
const char* to_string(value_group g) noexcept;

/// The VSCP type and unit byte of an event and how the bus value becomes the published number.
struct event_kind {
  std::uint16_t type = 0;
  /// Data byte 3, the unit code of the type (class1.measurement.md): energy 1 = kWh, power 0 = W, ...
  std::uint8_t unit = 0;
  /// Power of ten applied to the bus value, exactly in decimal: -3 turns Wh into kWh, W into kW.
  std::int8_t decimal_shift = 0;

  friend bool operator==(const event_kind&, const event_kind&) = default;
};

/// One of the 26 values.
struct value_row {
  /// The config.ini suffix: `id_<name>`, `sensorindex_<name>`, `note_<name>` ("sum_active_energy_out").
  std::string_view name;
  /// The OBIS code as meterhub writes it on the bus ("1-0:1.8.0").
  std::string_view quantity;
  /// The unit meterhub's bus carries it in (ARCHITECTURE.md §3); other units are not translated.
  meterhub::unit bus_unit = meterhub::unit::none;
  value_group group = value_group::energy;
  /// The low two GUID bytes the script uses when config.ini does not set `id_<name>`.
  std::uint16_t default_id = 0;
  /// The README's and config.ini's sensor index (the script's own default is 0).
  std::uint8_t default_sensor_index = 0;
  /// config.ini's `note_<name>`: the JSON note, and the topic in no_vscp mode.
  std::string_view default_note;
  /// What the script sends: its types and unit bytes, the meter's kWh/kW/kvarh/kvar numbers.
  event_kind script;
  /// What the VSCP specification says: 13/1 kWh, 65/0 kvarh, 14/0 W, 64/0 var, 16/0 V, 5/0 A.
  event_kind spec;
  /// True for 43.7.0 only: a misspelled variable makes the script send sensor index 0 whatever is configured.
  bool script_sends_index_zero = false;
};

/// Number of rows in `value_table()`.
inline constexpr std::size_t value_count = 26;

/// The rows in the README's order (index = sensor index - 1).
std::span<const value_row, value_count> value_table() noexcept;

/// The row of an OBIS quantity ("1-0:32.7.0"); nullopt for quantities the script never sends.
std::optional<std::size_t> find_value(std::string_view quantity) noexcept;

/// The row of a config.ini suffix ("voltage_l1"); nullopt when unknown.
std::optional<std::size_t> find_value_by_name(std::string_view name) noexcept;

} // namespace meterhub::vscp
