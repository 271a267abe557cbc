#include "meterhub/core/quantity_names.hpp"

#include <array>
#include <charconv>
#include <unordered_map>

#include "meterhub/core/obis.hpp"

namespace meterhub {

namespace {

// The quantities of ARCHITECTURE.md §3, then what the adapters publish besides (DSMR objects, Neva and Mercury
// registers, Modbus profiles), then the M-Bus channel rows ("0-n:", n = 1..255). Names end in the unit's symbol;
// power factors and counts have none. Phase angles name the two phasors without claiming a sign: the meters
// disagree on it (libs/neva register_table.cpp, libs/mercury quantity_table.cpp).
constexpr quantity_name table[] = {
  {"1-0:1.8.0", "energy_import_wh", "Energy import"},
  {"1-0:1.8.1", "energy_import_t1_wh", "Energy import tariff 1"},
  {"1-0:1.8.2", "energy_import_t2_wh", "Energy import tariff 2"},
  {"1-0:1.8.3", "energy_import_t3_wh", "Energy import tariff 3"},
  {"1-0:1.8.4", "energy_import_t4_wh", "Energy import tariff 4"},
  {"1-0:2.8.0", "energy_export_wh", "Energy export"},
  {"1-0:2.8.1", "energy_export_t1_wh", "Energy export tariff 1"},
  {"1-0:2.8.2", "energy_export_t2_wh", "Energy export tariff 2"},
  {"1-0:2.8.3", "energy_export_t3_wh", "Energy export tariff 3"},
  {"1-0:2.8.4", "energy_export_t4_wh", "Energy export tariff 4"},
  {"1-0:3.8.0", "reactive_energy_import_varh", "Reactive energy import"},
  {"1-0:3.8.1", "reactive_energy_import_t1_varh", "Reactive energy import tariff 1"},
  {"1-0:3.8.2", "reactive_energy_import_t2_varh", "Reactive energy import tariff 2"},
  {"1-0:3.8.3", "reactive_energy_import_t3_varh", "Reactive energy import tariff 3"},
  {"1-0:3.8.4", "reactive_energy_import_t4_varh", "Reactive energy import tariff 4"},
  {"1-0:4.8.0", "reactive_energy_export_varh", "Reactive energy export"},
  {"1-0:4.8.1", "reactive_energy_export_t1_varh", "Reactive energy export tariff 1"},
  {"1-0:4.8.2", "reactive_energy_export_t2_varh", "Reactive energy export tariff 2"},
  {"1-0:4.8.3", "reactive_energy_export_t3_varh", "Reactive energy export tariff 3"},
  {"1-0:4.8.4", "reactive_energy_export_t4_varh", "Reactive energy export tariff 4"},
  {"1-0:1.7.0", "power_import_w", "Power import"},
  {"1-0:2.7.0", "power_export_w", "Power export"},
  {"1-0:3.7.0", "reactive_power_import_var", "Reactive power import"},
  {"1-0:4.7.0", "reactive_power_export_var", "Reactive power export"},
  {"1-0:9.7.0", "apparent_power_va", "Apparent power"},
  {"1-0:21.7.0", "power_import_l1_w", "Power import L1"},
  {"1-0:41.7.0", "power_import_l2_w", "Power import L2"},
  {"1-0:61.7.0", "power_import_l3_w", "Power import L3"},
  {"1-0:22.7.0", "power_export_l1_w", "Power export L1"},
  {"1-0:42.7.0", "power_export_l2_w", "Power export L2"},
  {"1-0:62.7.0", "power_export_l3_w", "Power export L3"},
  {"1-0:23.7.0", "reactive_power_import_l1_var", "Reactive power import L1"},
  {"1-0:43.7.0", "reactive_power_import_l2_var", "Reactive power import L2"},
  {"1-0:63.7.0", "reactive_power_import_l3_var", "Reactive power import L3"},
  {"1-0:24.7.0", "reactive_power_export_l1_var", "Reactive power export L1"},
  {"1-0:44.7.0", "reactive_power_export_l2_var", "Reactive power export L2"},
  {"1-0:64.7.0", "reactive_power_export_l3_var", "Reactive power export L3"},
  {"1-0:29.7.0", "apparent_power_l1_va", "Apparent power L1"},
  {"1-0:49.7.0", "apparent_power_l2_va", "Apparent power L2"},
  {"1-0:69.7.0", "apparent_power_l3_va", "Apparent power L3"},
  {"1-0:32.7.0", "voltage_l1_v", "Voltage L1"},
  {"1-0:52.7.0", "voltage_l2_v", "Voltage L2"},
  {"1-0:72.7.0", "voltage_l3_v", "Voltage L3"},
  {"1-0:31.7.0", "current_l1_a", "Current L1"},
  {"1-0:51.7.0", "current_l2_a", "Current L2"},
  {"1-0:71.7.0", "current_l3_a", "Current L3"},
  {"1-0:13.7.0", "power_factor", "Power factor"},
  {"1-0:33.7.0", "power_factor_l1", "Power factor L1"},
  {"1-0:53.7.0", "power_factor_l2", "Power factor L2"},
  {"1-0:73.7.0", "power_factor_l3", "Power factor L3"},
  {"1-0:14.7.0", "frequency_hz", "Frequency"},
  {"1-0:81.7.4", "phase_angle_l1_deg", "Phase angle U(L1)-I(L1)"},
  {"1-0:81.7.15", "phase_angle_l2_deg", "Phase angle U(L2)-I(L2)"},
  {"1-0:81.7.26", "phase_angle_l3_deg", "Phase angle U(L3)-I(L3)"},
  {"1-0:81.7.10", "voltage_angle_l1_l2_deg", "Angle U(L1)-U(L2)"},
  {"1-0:81.7.20", "voltage_angle_l1_l3_deg", "Angle U(L1)-U(L3)"},
  {"1-0:81.7.21", "voltage_angle_l2_l3_deg", "Angle U(L2)-U(L3)"},
  // beyond §3: other energies, per-phase energies, period energies, sums of phases, demand, DSMR events
  {"1-0:9.8.0", "apparent_energy_vah", "Apparent energy"},
  {"1-0:15.8.0", "energy_absolute_wh", "Energy, import plus export"},
  {"1-0:15.8.1", "energy_absolute_t1_wh", "Energy, import plus export, tariff 1"},
  {"1-0:15.8.2", "energy_absolute_t2_wh", "Energy, import plus export, tariff 2"},
  {"1-0:15.8.3", "energy_absolute_t3_wh", "Energy, import plus export, tariff 3"},
  {"1-0:15.8.4", "energy_absolute_t4_wh", "Energy, import plus export, tariff 4"},
  {"1-0:16.8.0", "energy_net_wh", "Energy, import minus export"},
  {"1-0:16.7.0", "power_net_w", "Power, import minus export"},
  {"1-0:21.8.0", "energy_import_l1_wh", "Energy import L1"},
  {"1-0:41.8.0", "energy_import_l2_wh", "Energy import L2"},
  {"1-0:61.8.0", "energy_import_l3_wh", "Energy import L3"},
  {"1-0:22.8.0", "energy_export_l1_wh", "Energy export L1"},
  {"1-0:42.8.0", "energy_export_l2_wh", "Energy export L2"},
  {"1-0:62.8.0", "energy_export_l3_wh", "Energy export L3"},
  {"1-0:1.29.0", "energy_import_period_wh", "Energy import of the last period"},
  {"1-0:2.29.0", "energy_export_period_wh", "Energy export of the last period"},
  {"1-0:3.29.0", "reactive_energy_import_period_varh", "Reactive energy import of the last period"},
  {"1-0:4.29.0", "reactive_energy_export_period_varh", "Reactive energy export of the last period"},
  {"1-0:12.7.0", "voltage_v", "Voltage"},
  {"1-0:11.7.0", "current_a", "Current"},
  {"1-0:91.7.0", "current_neutral_a", "Current N"},
  {"1-0:1.4.0", "demand_import_w", "Average power import, current period"},
  {"1-0:2.4.0", "demand_export_w", "Average power export, current period"},
  {"1-0:1.5.0", "demand_last_import_w", "Average power import, last period"},
  {"1-0:2.5.0", "demand_last_export_w", "Average power export, last period"},
  {"1-0:1.6.0", "max_demand_import_w", "Maximum demand import"},
  {"1-0:2.6.0", "max_demand_export_w", "Maximum demand export"},
  {"1-0:31.4.0", "fuse_threshold_a", "Fuse supervision threshold"},
  {"1-0:32.32.0", "voltage_sags_l1", "Voltage sags L1"},
  {"1-0:52.32.0", "voltage_sags_l2", "Voltage sags L2"},
  {"1-0:72.32.0", "voltage_sags_l3", "Voltage sags L3"},
  {"1-0:32.36.0", "voltage_swells_l1", "Voltage swells L1"},
  {"1-0:52.36.0", "voltage_swells_l2", "Voltage swells L2"},
  {"1-0:72.36.0", "voltage_swells_l3", "Voltage swells L3"},
  {"1-0:99.97.0", "power_failure_duration_s", "Power failure duration"},
  {"0-0:96.1.0", "serial_number", "Serial number"},
  {"0-0:96.1.1", "equipment_id", "Equipment id"},
  {"0-0:42.0.0", "logical_device_name", "Logical device name"},
  {"0-0:96.14.0", "tariff", "Tariff in force"},
  {"0-0:96.7.21", "power_failures", "Power failures"},
  {"0-0:96.7.9", "long_power_failures", "Long power failures"},
  {"0-0:96.13.0", "text_message", "Text message"},
  {"0-0:96.13.1", "message_code", "Message code"},
  {"0-0:96.3.10", "breaker_state", "Breaker state"},
  {"0-0:17.0.0", "power_limit_w", "Power limiter threshold"},
  // x: quantities with a fixed unit (Neva, Mercury, the Modbus adapter)
  {"x:temperature", "temperature_c", "Temperature"},
  {"x:clock_drift", "clock_drift_s", "Clock drift"},
  {"x:max_demand", "max_demand_w", "Maximum demand"},
  {"x:max_demand.1", "max_demand_t1_w", "Maximum demand tariff 1"},
  {"x:max_demand.2", "max_demand_t2_w", "Maximum demand tariff 2"},
  {"x:max_demand.3", "max_demand_t3_w", "Maximum demand tariff 3"},
  {"x:max_demand.4", "max_demand_t4_w", "Maximum demand tariff 4"},
  // M-Bus channel n (DSMR gas, water and heat meters)
  {"0-n:24.1.0", "device_type", "M-Bus {n} device type"},
  {"0-n:96.1.0", "serial_number", "M-Bus {n} serial number"},
  {"0-n:96.1.1", "equipment_id", "M-Bus {n} equipment id"},
  {"0-n:24.4.0", "valve", "M-Bus {n} valve position"},
  {"0-n:24.2.1", "", "M-Bus {n} meter reading", true},
  {"0-n:24.2.3", "uncorrected", "M-Bus {n} meter reading, not temperature corrected", true},
};

constexpr std::array<std::string_view, 5> reserved{"state", "availability", "alert", "json", "set"};

/// The unit words of `unit_suffix` rows.
constexpr std::array<std::pair<unit, std::string_view>, 3> unit_words{{
  {unit::m3, "volume_m3"}, {unit::gj, "heat_gj"}, {unit::wh, "energy_wh"}}};
constexpr std::string_view no_unit_word = "total";

bool is_mbus_row(const quantity_name& row) noexcept {
  return row.quantity.starts_with("0-n:");
}

/// The row's (C, D, E) for M-Bus rows: "0-n:24.2.1" read as "0-0:24.2.1".
obis_code mbus_row_code(const quantity_name& row) {
  return *obis_code::parse("0-0:" + std::string{row.quantity.substr(4)});
}

struct indexes {
  std::unordered_map<std::string_view, const quantity_name*> by_quantity; ///< fixed rows only
  std::unordered_map<std::string_view, const quantity_name*> by_name;     ///< fixed rows only
};

const indexes& index() {
  static const indexes built = [] {
    indexes ix;
    for (const auto& row : table)
      if (!is_mbus_row(row)) {
        ix.by_quantity.emplace(row.quantity, &row);
        ix.by_name.emplace(row.name, &row);
      }
    return ix;
  }();
  return built;
}

const quantity_name* mbus_row(const obis_code& code) {
  if (code.a() != 0 || code.b() == 0 || code.f() != 255)
    return nullptr;
  for (const auto& row : table)
    if (is_mbus_row(row)) {
      const auto rc = mbus_row_code(row);
      if (rc.c() == code.c() && rc.d() == code.d() && rc.e() == code.e())
        return &row;
    }
  return nullptr;
}

std::string_view unit_word(unit u) noexcept {
  for (const auto& [unit_value, word] : unit_words)
    if (unit_value == u)
      return word;
  return no_unit_word;
}

std::string join(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty())
    return std::string{a.empty() ? b : a};
  return std::string{a} + "_" + std::string{b};
}

std::string mbus_name(const quantity_name& row, unsigned channel, unit u) {
  const auto stem = row.unit_suffix ? join(row.name, unit_word(u)) : std::string{row.name};
  return "mbus" + std::to_string(channel) + "_" + stem;
}

std::string obis_fallback(const obis_code& code) {
  std::string out = "obis";
  for (std::size_t i = 0; i < (code.f() == 255 ? 5u : 6u); ++i)
    out += "_" + std::to_string(code.groups[i]);
  return out;
}

std::string safe_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    out += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_';
  }
  return out;
}

bool is_reserved(std::string_view name) noexcept {
  for (auto word : reserved)
    if (word == name)
      return true;
  return false;
}

/// "mbus{n}_" with n = 1..255: the channel and the rest, else nullopt.
std::optional<std::pair<unsigned, std::string_view>> split_mbus(std::string_view name) noexcept {
  if (!name.starts_with("mbus"))
    return std::nullopt;
  const char* first = name.data() + 4;
  const char* last = name.data() + name.size();
  unsigned channel = 0;
  auto [p, ec] = std::from_chars(first, last, channel);
  if (ec != std::errc{} || p == first)
    return std::nullopt;
  std::string_view rest{p, static_cast<std::size_t>(last - p)};
  return std::pair{channel, rest};
}

/// True when an `x:` name made of `safe` would read back as something else, so it needs `x_`.
bool needs_escape(std::string_view safe) {
  return safe.empty() || safe.starts_with("x_") || safe.starts_with("q_") || safe.starts_with("obis_") ||
         split_mbus(safe).has_value() || is_reserved(safe) || index().by_name.contains(safe);
}

std::optional<std::string> mbus_quantity(unsigned channel, std::string_view rest) {
  if (channel < 1 || channel > 255 || !rest.starts_with('_'))
    return std::nullopt;
  rest.remove_prefix(1);
  for (const auto& row : table) {
    if (!is_mbus_row(row))
      continue;
    bool match = rest == row.name && !row.unit_suffix;
    for (std::size_t i = 0; row.unit_suffix && !match && i <= unit_words.size(); ++i)
      match = rest == join(row.name, i < unit_words.size() ? unit_words[i].second : no_unit_word);
    if (match) {
      auto code = mbus_row_code(row);
      code.groups[1] = static_cast<std::uint8_t>(channel);
      return code.to_string();
    }
  }
  return std::nullopt;
}

/// "obis_A_B_C_D_E[_F]" back to the canonical code.
std::optional<std::string> obis_quantity(std::string_view rest) {
  obis_code code;
  std::size_t groups = 0;
  while (!rest.empty() && groups < 6) {
    if (rest.front() != '_')
      return std::nullopt;
    rest.remove_prefix(1);
    unsigned value = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + std::min<std::size_t>(rest.size(), 3), value);
    if (ec != std::errc{} || value > 255 || p == rest.data())
      return std::nullopt;
    code.groups[groups++] = static_cast<std::uint8_t>(value);
    rest.remove_prefix(static_cast<std::size_t>(p - rest.data()));
  }
  if (!rest.empty() || groups < 5)
    return std::nullopt;
  return code.to_string();
}

std::string words_of(std::string_view text) {
  std::string out{text};
  for (auto& c : out)
    if (c == '_' || c == '.')
      c = ' ';
  if (!out.empty() && out.front() >= 'a' && out.front() <= 'z')
    out.front() = static_cast<char>(out.front() - 'a' + 'A');
  return out;
}

} // namespace

std::span<const quantity_name> quantity_name_table() noexcept {
  return table;
}

std::span<const std::string_view> reserved_topic_words() noexcept {
  return reserved;
}

std::string readable_name(std::string_view quantity, unit u) {
  if (auto code = obis_code::parse(quantity)) {
    if (const auto* row = mbus_row(*code))
      return mbus_name(*row, code->b(), u);
    if (auto it = index().by_quantity.find(code->to_string()); it != index().by_quantity.end())
      return std::string{it->second->name};
    return obis_fallback(*code);
  }
  if (quantity.starts_with("x:")) {
    if (auto it = index().by_quantity.find(quantity); it != index().by_quantity.end())
      return std::string{it->second->name};
    auto safe = safe_text(quantity.substr(2));
    return needs_escape(safe) ? "x_" + safe : safe;
  }
  return "q_" + safe_text(quantity);
}

std::string readable_label(std::string_view quantity) {
  if (auto code = obis_code::parse(quantity)) {
    if (const auto* row = mbus_row(*code)) {
      std::string label{row->label};
      label.replace(label.find("{n}"), 3, std::to_string(code->b()));
      return label;
    }
    if (auto it = index().by_quantity.find(code->to_string()); it != index().by_quantity.end())
      return std::string{it->second->label};
    return code->to_string();
  }
  if (auto it = index().by_quantity.find(quantity); it != index().by_quantity.end())
    return std::string{it->second->label};
  if (quantity.starts_with("x:") && quantity.size() > 2)
    return words_of(quantity.substr(2));
  return quantity.empty() ? std::string{"(no quantity)"} : std::string{quantity};
}

std::optional<std::string> quantity_of_name(std::string_view name) {
  if (auto it = index().by_name.find(name); it != index().by_name.end())
    return std::string{it->second->quantity};
  if (auto mbus = split_mbus(name))
    return mbus_quantity(mbus->first, mbus->second);
  if (name.starts_with("obis_"))
    return obis_quantity(name.substr(4));
  if (name.starts_with("x_"))
    return "x:" + std::string{name.substr(2)};
  if (name.empty() || name.starts_with("q_") || is_reserved(name))
    return std::nullopt;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return std::nullopt;
  return "x:" + std::string{name};
}

} // namespace meterhub
