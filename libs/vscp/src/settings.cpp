#include "meterhub/vscp/settings.hpp"

#include <cmath>
#include <set>

#include "meterhub/vscp/error.hpp"

namespace meterhub::vscp {

namespace {

caf::error check_mapping(const custom_mapping& m, std::size_t i, std::set<std::string>& seen) {
  const auto key = "custom[" + std::to_string(i) + "].";
  auto fail = [&](const char* field, const std::string& why) {
    return make_error(vscp_errc::bad_mapping, key + field + ": " + why);
  };
  if (m.quantity.empty())
    return fail("quantity", "empty");
  if (find_value(m.quantity))
    return fail("quantity", m.quantity + " is one of the script's 26 values; configure its id, sensor index and "
                                         "note instead");
  if (!seen.insert(m.quantity).second)
    return fail("quantity", m.quantity + " is mapped twice");
  if (m.vscp_class != class_measurement_str && m.vscp_class != class_measurement_float)
    return fail("class", std::to_string(m.vscp_class) +
                           " is not 1040 (MEASUREMENT_STR) or 1060 (MEASUREMENT_FLOAT), the classes with sensor "
                           "index, zone, subzone and unit in data bytes 0-3");
  if (!std::isfinite(m.scale) || m.scale == 0)
    return fail("scale", "must be a finite number other than 0");
  return caf::none;
}

} // namespace

bool switches::enabled(value_group group) const noexcept {
  switch (group) {
    case value_group::energy:
      return energy;
    case value_group::active_effect:
      return active_effect;
    case value_group::reactive_effect:
      return reactive_effect;
    case value_group::voltage:
      return voltage;
    case value_group::current:
      return current;
  }
  return false;
}

void switches::set(value_group group, bool on) noexcept {
  switch (group) {
    case value_group::energy:
      energy = on;
      break;
    case value_group::active_effect:
      active_effect = on;
      break;
    case value_group::reactive_effect:
      reactive_effect = on;
      break;
    case value_group::voltage:
      voltage = on;
      break;
    case value_group::current:
      current = on;
      break;
  }
}

std::array<value_settings, value_count> default_values() {
  std::array<value_settings, value_count> out;
  const auto rows = value_table();
  for (std::size_t i = 0; i < value_count; ++i)
    out[i] = {rows[i].default_id, rows[i].default_sensor_index, std::string{rows[i].default_note}};
  return out;
}

std::uint8_t sensor_index_of(const settings& s, std::size_t row) noexcept {
  const auto& r = value_table()[row];
  if (s.profile == profile::spec)
    return s.values[row].sensor_index.value_or(r.default_sensor_index);
  return r.script_sends_index_zero ? 0 : s.values[row].sensor_index.value_or(0);
}

std::string to_string(const config_warning& w) {
  return w.key + ": " + w.reason;
}

caf::error validate(const settings& s) {
  if (auto err = check_topic_template(s.topic))
    return err;
  if (s.qos > 2)
    return make_error(vscp_errc::bad_value, "qos: " + std::to_string(s.qos) + " is not 0, 1 or 2");
  if (!s.no_vscp && !s.mac && !s.configured_guid)
    return make_error(vscp_errc::bad_value, "mac: needed for the events' GUIDs when no guid is configured");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.custom.size(); ++i)
    if (auto err = check_mapping(s.custom[i], i, seen))
      return err;
  return caf::none;
}

std::vector<config_warning> check_settings(const settings& s) {
  std::vector<config_warning> out;
  if (s.no_vscp) {
    const auto rows = value_table();
    for (std::size_t i = 0; i < value_count; ++i)
      if (s.send.enabled(rows[i].group) && !is_publishable_topic(s.values[i].note))
        out.push_back({"values." + std::string{rows[i].name} + ".note",
                       "'" + s.values[i].note + "' is no MQTT topic (empty, a wildcard or a NUL); in no_vscp mode "
                       "the note is the topic, so this value is skipped"});
    for (std::size_t i = 0; i < s.custom.size(); ++i)
      if (!is_publishable_topic(s.custom[i].note))
        out.push_back({"custom[" + std::to_string(i) + "].note",
                       "'" + s.custom[i].note + "' is no MQTT topic; in no_vscp mode this mapping is skipped"});
    return out;
  }
  if (s.configured_guid)
    out.push_back({"guid", configured_guid_warning(*s.configured_guid, s.mac)});
  if (s.topic.empty())
    out.push_back({"topic", "empty: no VSCP event is published (as in the script)"});
  return out;
}

} // namespace meterhub::vscp
