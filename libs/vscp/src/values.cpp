#include "meterhub/vscp/values.hpp"

#include <array>

namespace meterhub::vscp {

namespace {

using g = value_group;
using u = meterhub::unit;

// Script kinds, as the script's calls pass them (spec §2): the meter's kWh/kW/kvarh/kvar numbers, so the bus's
// Wh/W/varh/var are shifted by -3; only active energy, voltage and current are labelled right.
constexpr event_kind script_energy{13, 1, -3};
constexpr event_kind script_reactive_energy_out{13, 0, -3}; // "Joule"
constexpr event_kind script_reactive_energy_in{14, 0, -3};  // "watt"
constexpr event_kind script_power{14, 0, -3};               // kW labelled W
constexpr event_kind script_reactive_power{64, 0, -3};      // kvar labelled VAr
constexpr event_kind voltage{16, 0, 0};
constexpr event_kind current{5, 0, 0};

// Spec kinds (class1.measurement.md unit codes): energy 1 = kWh, reactive energy 0 = kVArh, power 0 = W,
// reactive power 0 = VAr; powers therefore go out in W and var as the bus has them.
constexpr event_kind spec_energy{13, 1, -3};
constexpr event_kind spec_reactive_energy{65, 0, -3};
constexpr event_kind spec_power{14, 0, 0};
constexpr event_kind spec_reactive_power{64, 0, 0};

// clang-format off
constexpr std::array<value_row, value_count> rows{{
  {"sum_active_energy_out", "1-0:1.8.0", u::wh, g::energy, 1, 1, "Meter reading active energy out", script_energy, spec_energy},
  {"sum_active_energy_in", "1-0:2.8.0", u::wh, g::energy, 2, 2, "Meter reading active energy in", script_energy, spec_energy},
  {"sum_reactive_energy_out", "1-0:3.8.0", u::varh, g::energy, 3, 3, "Meter reading reactive energy out", script_reactive_energy_out, spec_reactive_energy},
  {"sum_reactive_energy_in", "1-0:4.8.0", u::varh, g::energy, 4, 4, "Meter reading reactive energy in", script_reactive_energy_in, spec_reactive_energy},
  {"momentan_active_effect_out", "1-0:1.7.0", u::w, g::active_effect, 5, 5, "Active effect out", script_power, spec_power},
  // 2.7.0 says reactive power (64) in the script; bae74c1 fixed only its id, index and note.
  {"momentan_active_effect_in", "1-0:2.7.0", u::w, g::active_effect, 6, 6, "Active effect in", script_reactive_power, spec_power},
  {"momentan_reactive_effect_out", "1-0:3.7.0", u::var, g::reactive_effect, 7, 7, "Reactive effect out", script_reactive_power, spec_reactive_power},
  {"momentan_reactive_effect_in", "1-0:4.7.0", u::var, g::reactive_effect, 8, 8, "Reactive effect in", script_reactive_power, spec_reactive_power},
  {"momentan_active_effect_l1_out", "1-0:21.7.0", u::w, g::active_effect, 9, 9, "Active effect L1 out", script_power, spec_power},
  {"momentan_active_effect_l1_in", "1-0:22.7.0", u::w, g::active_effect, 10, 10, "Active effect L1 in", script_power, spec_power},
  {"momentan_active_effect_l2_out", "1-0:41.7.0", u::w, g::active_effect, 11, 11, "Active effect L2 out", script_power, spec_power},
  {"momentan_active_effect_l2_in", "1-0:42.7.0", u::w, g::active_effect, 12, 12, "Active effect L2 in", script_power, spec_power},
  {"momentan_active_effect_l3_out", "1-0:61.7.0", u::w, g::active_effect, 13, 13, "Active effect L3 out", script_power, spec_power},
  {"momentan_active_effect_l3_in", "1-0:62.7.0", u::w, g::active_effect, 14, 14, "Active effect L3 in", script_power, spec_power},
  // Per-phase reactive power is type 14 (power) in the script, the totals 64.
  {"momentan_reactive_effect_l1_out", "1-0:23.7.0", u::var, g::reactive_effect, 15, 15, "Reactive effect L1 out", script_power, spec_reactive_power},
  {"momentan_reactive_effect_l1_in", "1-0:24.7.0", u::var, g::reactive_effect, 16, 16, "Reactive effect L1 in", script_power, spec_reactive_power},
  {"momentan_reactive_effect_l2_out", "1-0:43.7.0", u::var, g::reactive_effect, 17, 17, "Reactive effect L2 out", script_power, spec_reactive_power, true},
  {"momentan_reactive_effect_l2_in", "1-0:44.7.0", u::var, g::reactive_effect, 18, 18, "Reactive effect L2 in", script_power, spec_reactive_power},
  {"momentan_reactive_effect_l3_out", "1-0:63.7.0", u::var, g::reactive_effect, 19, 19, "Reactive effect L3 out", script_power, spec_reactive_power},
  {"momentan_reactive_effect_l3_in", "1-0:64.7.0", u::var, g::reactive_effect, 20, 20, "Reactive effect L3 in", script_power, spec_reactive_power},
  {"voltage_l1", "1-0:32.7.0", u::v, g::voltage, 21, 21, "Voltage L1", voltage, voltage},
  {"voltage_l2", "1-0:52.7.0", u::v, g::voltage, 22, 22, "Voltage L2", voltage, voltage},
  {"voltage_l3", "1-0:72.7.0", u::v, g::voltage, 23, 23, "Voltage L3", voltage, voltage},
  {"current_l1", "1-0:31.7.0", u::a, g::current, 24, 24, "Current L1", current, current},
  {"current_l2", "1-0:51.7.0", u::a, g::current, 25, 25, "Current L2", current, current},
  {"current_l3", "1-0:71.7.0", u::a, g::current, 26, 26, "Current L3", current, current},
}};
// clang-format on

} // namespace

const char* to_string(profile p) noexcept {
  return p == profile::spec ? "spec" : "script";
}

std::optional<profile> parse_profile(std::string_view name) noexcept {
  if (name == "script")
    return profile::script;
  if (name == "spec")
    return profile::spec;
  return std::nullopt;
}

const char* to_string(value_group group) noexcept {
  switch (group) {
    case value_group::energy:
      return "energy";
    case value_group::active_effect:
      return "active_effect";
    case value_group::reactive_effect:
      return "reactive_effect";
    case value_group::voltage:
      return "voltage";
    case value_group::current:
      return "current";
  }
  return "unknown";
}

std::span<const value_row, value_count> value_table() noexcept {
  return rows;
}

std::optional<std::size_t> find_value(std::string_view quantity) noexcept {
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].quantity == quantity)
      return i;
  return std::nullopt;
}

std::optional<std::size_t> find_value_by_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (rows[i].name == name)
      return i;
  return std::nullopt;
}

} // namespace meterhub::vscp
