#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "meterhub/core/reading.hpp"

/// Readable names of quantities, beside the OBIS vocabulary (ARCHITECTURE.md §3): what node-red flows, Telegraf and
/// Home Assistant users read in topics and labels instead of "1-0:32.7.0". A name is `[a-z0-9_]+` and ends in its
/// unit where the quantity has one: `energy_import_t1_wh`, `power_import_w`, `voltage_l1_v`, `power_factor_l3`.
///
/// Names of quantities outside the table follow fixed rules, so every quantity has exactly one name and a name is
/// safe as an MQTT topic level:
/// - an OBIS code not in the table: `obis_{A}_{B}_{C}_{D}_{E}`, with `_{F}` when F is not 255 ("1-0:15.8.128" →
///   `obis_1_0_15_8_128`);
/// - `x:{rest}`: `rest` lower-cased with every character outside `[a-z0-9_]` made `_` ("x:di.3" → `di_3`,
///   "x:machine_state" → `machine_state`); prefixed with `x_` when the result would otherwise read back as another
///   quantity (a table name, an `obis_`/`mbus{n}_` name), starts with `x_` or `q_`, is empty, or is one of the
///   words the mirror uses for its own topics (`reserved_topic_words`);
/// - anything else (no OBIS, no `x:`, which the bus contract does not allow): `q_` and the text made safe.
///
/// `quantity_of_name` inverts this: exactly for table names, `obis_` names and `x:` quantities whose rest is
/// already `[a-z0-9_]`; an `x:` name that had other characters reads back with `_` in their place ("di_3" →
/// "x:di_3"), which is why consumers that saw the original quantity (the mirror's registry) resolve names through
/// what they saw first.
namespace meterhub {

/// One row of the name table.
struct quantity_name {
  std::string_view quantity; ///< canonical OBIS text or "x:{name}"; "0-n:..." rows stand for every M-Bus channel n
  std::string_view name;     ///< the readable name; for M-Bus rows without the `mbus{n}_` prefix
  std::string_view label;    ///< English words for dashboards ("Voltage L1"); "{n}" stands for the M-Bus channel
  /// The name ends in the word of the reading's unit (`volume_m3`, `heat_gj`, `energy_wh`, else `total`): the
  /// M-Bus meter readings, whose code is the same for gas, water and heat.
  bool unit_suffix = false;
};

/// Every row of the table, in the order of ARCHITECTURE.md §3, then the adapters' other quantities, then the M-Bus
/// channel rows (whose quantity has B = 0 as a placeholder for the channel and whose name gets `mbus{n}_`).
std::span<const quantity_name> quantity_name_table() noexcept;

/// Words that are never a name, because the mirror's topics use them beside the names (`state`, `availability`,
/// `alert`, `json`, `set`).
std::span<const std::string_view> reserved_topic_words() noexcept;

/// The readable name of `quantity` (rules above). `u` matters only for the M-Bus meter readings 0-n:24.2.x, whose
/// name says what the channel measures: `mbus1_volume_m3` (m³), `mbus1_heat_gj` (GJ), `mbus1_total` (no unit).
std::string readable_name(std::string_view quantity, unit u = unit::none);

/// English label of `quantity` ("Energy import tariff 1", "M-Bus 1 volume"); for quantities outside the table the
/// `x:` rest or the OBIS text, so a label is never empty.
std::string readable_label(std::string_view quantity);

/// The canonical quantity a readable name stands for (rules above); nullopt for `q_` names, reserved words and text
/// that no rule produces.
std::optional<std::string> quantity_of_name(std::string_view name);

} // namespace meterhub
