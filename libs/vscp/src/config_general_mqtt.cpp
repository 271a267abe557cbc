#include "config_reader.hpp"

#include <array>

#include "meterhub/vscp/error.hpp"

namespace meterhub::vscp::detail {

namespace {

struct switch_key {
  std::string_view key;
  value_group group;
};

constexpr std::array<switch_key, 5> switch_keys{{
  {"send_energy", value_group::energy},
  {"send_active_effect", value_group::active_effect},
  {"send_reactive_effect", value_group::reactive_effect},
  {"send_voltage", value_group::voltage},
  {"send_current", value_group::current},
}};

caf::error read_notes(config_reader& r, const ini_section& s) {
  const auto rows = value_table();
  for (std::size_t i = 0; i < value_count; ++i) {
    const auto key = "note_" + std::string{rows[i].name};
    auto note = r.text(s, key);
    if (!note)
      return note.error();
    if (*note) {
      r.out.vscp_settings.values[i].note = std::move(**note);
      continue;
    }
    // spec §7: without the key the script raised NameError on every line of this value and never sent it.
    r.warn(s, key, "missing: vscp-python-p1-power-meter never sent this value without a note; meterhub sends it "
                   "with config.ini's note '" + std::string{rows[i].default_note} + "'");
  }
  return caf::none;
}

caf::error read_connection(config_reader& r, const ini_section& s) {
  auto& mqtt = r.out.mqtt;
  auto host = r.text(s, "host");
  if (!host)
    return host.error();
  if (*host && (*host)->empty())
    return make_error(vscp_errc::bad_value, key_name(s, "host") + ": empty");
  if (*host)
    mqtt.host = std::move(**host);
  auto port = r.integer(s, "port", 1, 65535);
  if (!port)
    return port.error();
  if (*port)
    mqtt.port = static_cast<std::uint16_t>(**port);
  for (auto [key, field] : {std::pair{"user", &mqtt.user}, std::pair{"password", &mqtt.password}}) {
    auto value = r.text(s, key);
    if (!value)
      return value.error();
    if (*value)
      *field = std::move(**value);
  }
  return caf::none;
}

} // namespace

caf::error read_general(config_reader& r, const ini_section& s) {
  auto& settings = r.out.vscp_settings;
  auto one_shot = r.boolean(s, "one_shot");
  if (!one_shot)
    return one_shot.error();
  r.out.one_shot = one_shot->value_or(false);
  auto no_vscp = r.boolean(s, "no_vscp");
  if (!no_vscp)
    return no_vscp.error();
  settings.no_vscp = no_vscp->value_or(false);
  for (const auto& sw : switch_keys) {
    auto on = r.boolean(s, sw.key);
    if (!on)
      return on.error();
    settings.send.set(sw.group, on->value_or(true));
  }
  return caf::none;
}

caf::error read_mqtt(config_reader& r, const ini_section& s) {
  if (auto err = read_connection(r, s))
    return err;
  auto& settings = r.out.vscp_settings;
  auto topic = r.text(s, "topic");
  if (!topic)
    return topic.error();
  if (*topic) {
    if (auto err = check_topic_template(**topic, key_name(s, "topic")))
      return err;
    settings.topic = std::move(**topic);
  }
  auto qos = r.integer(s, "qos", 0, 2);
  if (!qos)
    return qos.error();
  if (*qos) {
    settings.qos = static_cast<std::uint8_t>(**qos);
    r.warn(s, "qos", "a meterhub extension: vscp-python-p1-power-meter does not read it and published at QoS 0; "
                     "meterhub publishes at QoS " + std::to_string(settings.qos));
  }
  return read_notes(r, s);
}

} // namespace meterhub::vscp::detail
