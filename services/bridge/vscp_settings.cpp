#include "vscp_settings.hpp"

#include <fstream>
#include <sstream>

#include "meterhub/vscp/topic.hpp"
#include "meterhub/vscp/values.hpp"
#include "output_settings.hpp"

namespace meterhub::bridge {

namespace {

std::optional<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The script's config.ini as the base of the settings; its problems land on `config_ini`.
void read_ini(const config::reader& r, vscp_options& o) {
  const auto file = r.path("config_ini");
  if (file.empty())
    return;
  auto text = read_text(file);
  if (!text) {
    r.fail("config_ini", "cannot read " + file.string());
    return;
  }
  auto ini = vscp::read_config_ini(*text);
  if (!ini) {
    r.fail("config_ini", file.string() + ": " + describe(ini.error()));
    return;
  }
  o.settings = std::move(ini->vscp_settings);
  o.one_shot = ini->one_shot;
  o.warnings = std::move(ini->warnings);
  o.output = output_of(ini->mqtt, "");
}

template <class T, class Parse>
std::optional<T> parsed(const config::reader& r, std::string_view key, Parse parse) {
  const auto text = r.get<std::string>(key, "");
  if (text.empty() || text == "auto")
    return std::nullopt;
  auto value = parse(text);
  if (!value) {
    r.fail(key, describe(value.error()));
    return std::nullopt;
  }
  return *value;
}

void read_send(const config::reader& r, vscp::switches& send) {
  r.allow_only({"energy", "active_effect", "reactive_effect", "voltage", "current"});
  for (auto g : {vscp::value_group::energy, vscp::value_group::active_effect, vscp::value_group::reactive_effect,
                 vscp::value_group::voltage, vscp::value_group::current})
    send.set(g, r.get<bool>(vscp::to_string(g), send.enabled(g)));
}

void read_values(const config::reader& r, vscp::settings& s) {
  std::vector<std::string_view> names;
  for (const auto& row : vscp::value_table())
    names.push_back(row.name);
  r.allow_only(names);
  for (std::size_t i = 0; i < vscp::value_count; ++i) {
    if (!r.has(names[i]))
      continue;
    auto v = r.section(names[i]);
    v.allow_only({"id", "sensor_index", "note"});
    auto& target = s.values[i];
    target.id = static_cast<std::uint16_t>(v.integer("id", target.id, 0, 65535));
    if (v.has("sensor_index"))
      target.sensor_index = static_cast<std::uint8_t>(v.integer("sensor_index", 0, 0, 255));
    target.note = v.get<std::string>("note", target.note);
  }
}

vscp::custom_mapping read_mapping(const config::reader& m) {
  m.allow_only({"quantity", "class", "type", "unit", "sensor_index", "id", "note", "scale"});
  vscp::custom_mapping c;
  c.quantity = m.require_string("quantity");
  c.vscp_class = static_cast<std::uint16_t>(m.integer("class", c.vscp_class, 0, 65535));
  c.type = static_cast<std::uint16_t>(m.integer("type", 0, 0, 65535));
  if (!m.has("type"))
    m.fail("type", "is required: the VSCP measurement type (CLASS1.MEASUREMENT type numbers, 13 = energy)");
  c.unit = static_cast<std::uint8_t>(m.integer("unit", 0, 0, 255));
  c.sensor_index = static_cast<std::uint8_t>(m.integer("sensor_index", 0, 0, 255));
  c.id = static_cast<std::uint16_t>(m.integer("id", 0, 0, 65535));
  c.note = m.get<std::string>("note", c.quantity);
  c.scale = m.get<double>("scale", 1.0);
  return c;
}

vscp_device_override read_override(const config::reader& d, std::string& device) {
  d.allow_only({"device", "mac", "guid", "zone", "subzone"});
  device = d.require_string("device");
  vscp_device_override o;
  o.mac = parsed<vscp::mac_address>(d, "mac", vscp::parse_mac);
  o.guid = parsed<vscp::guid>(d, "guid", vscp::parse_guid);
  if (d.has("zone"))
    o.zone = static_cast<std::uint8_t>(d.integer("zone", 0, 0, 255));
  if (d.has("subzone"))
    o.subzone = static_cast<std::uint8_t>(d.integer("subzone", 0, 0, 255));
  return o;
}

void read_keys(const config::reader& r, vscp::settings& s) {
  if (auto p = vscp::parse_profile(r.choice("profile", vscp::to_string(s.profile), {"script", "spec"})))
    s.profile = *p;
  s.no_vscp = r.get<bool>("no_vscp", s.no_vscp);
  s.topic = r.get<std::string>("topic", s.topic);
  if (auto err = vscp::check_topic_template(s.topic); err)
    r.fail("topic", describe(err));
  if (auto mac = parsed<vscp::mac_address>(r, "mac", vscp::parse_mac))
    s.mac = mac;
  if (auto g = parsed<vscp::guid>(r, "guid", vscp::parse_guid))
    s.configured_guid = g;
  s.zone = static_cast<std::uint8_t>(r.integer("zone", s.zone, 0, 255));
  s.subzone = static_cast<std::uint8_t>(r.integer("subzone", s.subzone, 0, 255));
  s.qos = static_cast<std::uint8_t>(r.integer("qos", s.qos, 0, 2));
  read_send(r.section("send"), s.send);
  read_values(r.section("values"), s);
  for (const auto& m : r.items("map"))
    s.custom.push_back(read_mapping(m));
}

/// Records a `vscp::validate` refusal ("custom[0].scale: why") under the YAML key it came from ("vscp.map[0].scale").
void fail_at(const config::reader& r, const caf::error& err) {
  const auto& ctx = err.context();
  const auto text = ctx.size() == 1 && ctx.match_element<std::string>(0) ? ctx.get_as<std::string>(0) : describe(err);
  const auto colon = text.find(": ");
  if (colon == std::string::npos) {
    r.fail("enabled", text);
    return;
  }
  auto key = text.substr(0, colon);
  if (key.rfind("custom[", 0) == 0)
    key.replace(0, 6, "map");
  r.fail(key, text.substr(colon + 2));
}

} // namespace

bus::output_settings output_of(const vscp::mqtt_config& mqtt, const std::string& client_id) {
  bus::output_settings s;
  const bool v6 = mqtt.host.find(':') != std::string::npos;
  s.url = "tcp://" + (v6 ? "[" + mqtt.host + "]" : mqtt.host) + ":" + std::to_string(mqtt.port);
  s.username = mqtt.user;
  s.password = mqtt.password;
  s.client_id = client_id;
  return s;
}

vscp_options read_vscp(const config::reader& r, const bus::bus_settings& bus) {
  r.allow_only({"enabled", "config_ini", "profile", "no_vscp", "topic", "mac", "guid", "zone", "subzone", "qos",
                "send", "values", "map", "devices", "per_device", "output"});
  vscp_options o;
  o.enabled = r.get<bool>("enabled", r.has("config_ini"));
  read_ini(r, o);
  read_keys(r, o.settings);
  if (!o.settings.mac && (r.get<std::string>("mac", "auto") == "auto"))
    o.settings.mac = host_mac();
  auto devices = r.section("devices");
  devices.allow_only({"allow", "deny"});
  if (devices.has("allow"))
    o.devices.allow = devices.strings("allow");
  o.devices.deny = devices.strings("deny");
  for (const auto& d : r.items("per_device")) {
    std::string device;
    auto over = read_override(d, device);
    if (!o.per_device.emplace(device, over).second)
      d.fail("device", "\"" + device + "\" is listed twice");
  }
  if (r.has("output"))
    o.output = read_output(r.section("output"), bus);
  if (o.output && o.output->client_id.empty())
    o.output->client_id = bus.client_id + "-vscp";
  if (o.enabled && (o.settings.no_vscp || o.settings.mac || o.settings.configured_guid))
    if (auto err = vscp::validate(o.settings))
      fail_at(r, err);
  const bool auto_mac = r.get<std::string>("mac", "auto") == "auto";
  if (o.enabled && auto_mac && !o.settings.no_vscp && !o.settings.mac && !o.settings.configured_guid)
    r.fail("mac", "this host's MAC cannot be found (no interface with a default route); set vscp.mac or vscp.guid");
  return o;
}

} // namespace meterhub::bridge
