#include "config_reader.hpp"

#include <array>

#include "meterhub/vscp/error.hpp"
#include "python_space.hpp"

namespace meterhub::vscp::detail {

namespace {

/// An id the script reads only when another key exists (typos in its `if ... in config['VSCP']` tests, spec §8).
struct guarded_id {
  std::string_view name;    ///< the row
  std::string_view trigger; ///< the key the script tests for
};

constexpr std::array<guarded_id, 2> guarded_ids{{
  {"sum_reactive_energy_in", "id_sum_reactive_energy"},
  {"voltage_l2", "id_voltage_l1"},
}};

/// `guid=''` and `guid=""` are the sample config's way of saying "empty" (configparser keeps the quotes).
std::string_view unquote(std::string_view v) noexcept {
  if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
    return strip(v.substr(1, v.size() - 2));
  return v;
}

caf::error read_guid(config_reader& r, const ini_section& s) {
  auto value = r.text(s, "guid");
  if (!value)
    return value.error();
  const bool quoted_empty = *value && (**value == "''" || **value == "\"\"");
  if (quoted_empty)
    return caf::none;
  const auto text = *value ? unquote(**value) : std::string_view{};
  if (text.empty()) {
    if (!r.out.vscp_settings.no_vscp)
      r.warn(s, "guid", std::string{*value ? "empty" : "missing"} +
                          ": vscp-python-p1-power-meter published no VSCP event without a guid (its inverted "
                          "test parses the empty text and fails); meterhub uses the MAC GUID");
    return caf::none;
  }
  auto g = parse_guid(text);
  if (!g)
    return make_error(vscp_errc::bad_guid, key_name(s, "guid") + ": '" + std::string{text} +
                                             "' is not 16 hexadecimal bytes joined by ':'");
  r.out.vscp_settings.configured_guid = *g;
  return caf::none;
}

caf::error read_place(config_reader& r, const ini_section& s) {
  auto& settings = r.out.vscp_settings;
  for (auto [key, field] : {std::pair{"zone", &settings.zone}, std::pair{"subzone", &settings.subzone}}) {
    auto v = r.integer(s, key, 0, 255);
    if (!v)
      return v.error();
    *field = static_cast<std::uint8_t>(v->value_or(0));
  }
  return caf::none;
}

void warn_guarded_id(config_reader& r, const ini_section& s, std::size_t row, bool configured) {
  const auto& value_row = value_table()[row];
  for (const auto& g : guarded_ids) {
    if (g.name != value_row.name)
      continue;
    const auto key = "id_" + std::string{g.name};
    const auto id = r.out.vscp_settings.values[row].id;
    const auto dflt = std::to_string(value_row.default_id);
    if (!configured && r.has(s, g.trigger))
      r.warn(s, key, "missing while " + key_name(s, g.trigger) + " is set: vscp-python-p1-power-meter stopped "
                                                                  "with KeyError; meterhub uses " + dflt);
    else if (configured && !r.has(s, g.trigger) && id != value_row.default_id)
      r.warn(s, key, std::to_string(id) + " is used; vscp-python-p1-power-meter read this key only when " +
                       key_name(s, g.trigger) + " exists and sent " + dflt);
  }
}

caf::error read_value(config_reader& r, const ini_section& s, std::size_t row) {
  const auto& value_row = value_table()[row];
  auto& v = r.out.vscp_settings.values[row];
  const std::string name{value_row.name};
  auto id = r.integer(s, "id_" + name, 0, 65535);
  if (!id)
    return id.error();
  v.id = static_cast<std::uint16_t>(id->value_or(value_row.default_id));
  warn_guarded_id(r, s, row, id->has_value());
  auto index = r.integer(s, "sensorindex_" + name, 0, 255);
  if (!index)
    return index.error();
  v.sensor_index.reset();
  if (*index)
    v.sensor_index = static_cast<std::uint8_t>(**index);
  const auto readme = std::to_string(value_row.default_sensor_index);
  if (!*index)
    r.warn(s, "sensorindex_" + name, "missing: the script profile sends 0 as vscp-python-p1-power-meter did; "
                                     "the spec profile sends the README's " + readme);
  else if (value_row.script_sends_index_zero && **index != 0)
    r.warn(s, "sensorindex_" + name, std::to_string(**index) + " is used by the spec profile only: the script "
                                     "profile sends 0 as vscp-python-p1-power-meter did (a misspelled variable)");
  return caf::none;
}

} // namespace

caf::error read_vscp(config_reader& r, const ini_section& s) {
  if (auto err = read_guid(r, s))
    return err;
  if (auto err = read_place(r, s))
    return err;
  for (std::size_t row = 0; row < value_count; ++row)
    if (auto err = read_value(r, s, row))
      return err;
  return caf::none;
}

} // namespace meterhub::vscp::detail
