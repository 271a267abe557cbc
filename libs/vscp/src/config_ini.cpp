#include "meterhub/vscp/config_ini.hpp"

#include <array>

#include "config_reader.hpp"
#include "meterhub/vscp/error.hpp"
#include "python_space.hpp"

namespace meterhub::vscp {

namespace detail {

namespace {

constexpr std::array<std::string_view, 4> known_sections{"GENERAL", "VSCP", "MQTT", "SERIAL"};

constexpr std::array<std::string_view, 7> general_keys{"one_shot",           "no_vscp",      "send_energy",
                                                       "send_active_effect", "send_reactive_effect",
                                                       "send_voltage",       "send_current"};
constexpr std::array<std::string_view, 6> mqtt_keys{"host", "port", "user", "password", "topic", "qos"};
constexpr std::array<std::string_view, 3> serial_keys{"serial_port", "serial_baudrate", "serial_timeout"};

/// `key` minus `prefix` names one of the 26 values.
bool is_value_key(std::string_view key, std::string_view prefix) noexcept {
  return key.starts_with(prefix) && find_value_by_name(key.substr(prefix.size()));
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& keys, std::string_view key) noexcept {
  for (auto k : keys)
    if (k == key)
      return true;
  return false;
}

bool known_in(std::string_view section, std::string_view key) noexcept {
  if (section == "GENERAL")
    return listed(general_keys, key);
  if (section == "VSCP")
    return key == "guid" || key == "zone" || key == "subzone" || is_value_key(key, "id_") ||
           is_value_key(key, "sensorindex_");
  if (section == "MQTT")
    return listed(mqtt_keys, key) || is_value_key(key, "note_");
  if (section == "SERIAL")
    return listed(serial_keys, key);
  return false;
}

std::string unread_reason(std::string_view section, std::string_view key) {
  if (section == "VSCP" && key == "id_sum_reactive_energy")
    return "not a value: the script read id_sum_reactive_energy_in only when this key exists (a typo); meterhub "
           "reads id_sum_reactive_energy_in directly and ignores this key";
  for (auto other : known_sections)
    if (other != section && known_in(other, key))
      return "unknown here: it belongs in [" + std::string{other} + "], where the script reads it; ignored";
  return "unknown key, read neither by vscp-python-p1-power-meter nor by meterhub; ignored";
}

void warn_section(config_reader& r, const ini_section& s) {
  for (const auto& opt : s.options) {
    if (s.name == "SERIAL" && listed(serial_keys, opt.key))
      r.warn(s, opt.key, "ignored: meterhub-p1 reads the meter and the bridge takes its readings from the bus");
    else if (!known_in(s.name, opt.key))
      r.warn(s, opt.key, unread_reason(s.name, opt.key));
  }
}

} // namespace

void warn_unread(config_reader& r) {
  for (const auto& opt : r.doc.defaults.options) {
    bool known = false;
    for (auto section : known_sections)
      known = known || known_in(section, opt.key);
    if (!known)
      r.warn(r.doc.defaults, opt.key, "unknown key, read neither by vscp-python-p1-power-meter nor by meterhub; "
                                      "ignored");
  }
  for (const auto& s : r.doc.sections) {
    if (listed(known_sections, s.name))
      warn_section(r, s);
    else
      r.out.warnings.push_back({"[" + s.name + "]", "unknown section, ignored"});
  }
  if (r.doc.section("SERIAL") == nullptr)
    r.out.warnings.push_back({"[SERIAL]", "missing: vscp-python-p1-power-meter stopped with KeyError without it; "
                                          "meterhub does not need it"});
}

} // namespace detail

namespace {

caf::expected<const ini_section*> required(const ini_document& doc, std::string_view name) {
  if (const auto* s = doc.section(name))
    return s;
  std::string why = "[" + std::string{name} + "]: section missing (vscp-python-p1-power-meter stops with KeyError)";
  for (const auto& s : doc.sections)
    if (detail::lower(s.name) == detail::lower(name))
      why += "; section names are case-sensitive and the file has [" + s.name + "]";
  return make_error(vscp_errc::missing_section, why);
}

} // namespace

caf::expected<ini_config> read_config_ini(std::string_view text) {
  auto doc = parse_ini(text);
  if (!doc)
    return doc.error();
  const ini_section* sections[3] = {};
  const std::string_view names[3] = {"GENERAL", "VSCP", "MQTT"};
  for (int i = 0; i < 3; ++i) {
    auto s = required(*doc, names[i]);
    if (!s)
      return s.error();
    sections[i] = *s;
  }
  ini_config out;
  detail::config_reader r{*doc, out};
  if (auto err = detail::read_general(r, *sections[0]))
    return err;
  if (auto err = detail::read_vscp(r, *sections[1]))
    return err;
  if (auto err = detail::read_mqtt(r, *sections[2]))
    return err;
  detail::warn_unread(r);
  return out;
}

} // namespace meterhub::vscp
