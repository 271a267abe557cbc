#include "settings.hpp"

#include "meterhub/service/service.hpp"
#include "output_settings.hpp"

namespace meterhub::bridge {

namespace {

void read_filter(const config::reader& r, mirror::device_filter& f) {
  r.allow_only({"allow", "deny"});
  if (r.has("allow"))
    f.allow = r.strings("allow");
  f.deny = r.strings("deny");
}

void read_publish(const config::reader& r, mirror::publish_switches& p) {
  r.allow_only({"plain", "json", "state", "alerts"});
  p.plain = r.get<bool>("plain", p.plain);
  p.json = r.get<bool>("json", p.json);
  p.state = r.get<bool>("state", p.state);
  p.alerts = r.get<bool>("alerts", p.alerts);
}

void read_topics(const config::reader& r, mirror::topic_templates& t) {
  r.allow_only({"value", "batch", "state", "availability", "alert", "alert_rule"});
  t.value = r.get<std::string>("value", t.value);
  t.batch = r.get<std::string>("batch", t.batch);
  t.state = r.get<std::string>("state", t.state);
  t.availability = r.get<std::string>("availability", t.availability);
  t.alert = r.get<std::string>("alert", t.alert);
  t.alert_rule = r.get<std::string>("alert_rule", t.alert_rule);
}

mirror::command_rule read_rule(const config::reader& r) {
  r.allow_only({"devices", "targets", "kinds"});
  mirror::command_rule rule;
  rule.devices = r.strings("devices");
  rule.targets = r.strings("targets");
  for (const auto& k : r.strings("kinds")) {
    if (auto kind = mirror::parse_command_kind(k))
      rule.kinds.push_back(*kind);
    else
      r.fail("kinds", "unknown kind \"" + k + "\" (read, write, poll, set_clock, read_archive)");
  }
  if (rule.devices.empty())
    r.fail("devices", "lists the devices this rule lets commands reach (none given)");
  if (rule.targets.empty())
    r.fail("targets", "lists the targets (names, quantities, addresses; * for any) this rule allows (none given)");
  if (rule.kinds.empty())
    r.fail("kinds", "lists the kinds this rule allows: read, write, poll, set_clock, read_archive (none given)");
  return rule;
}

void read_commands(const config::reader& r, mirror::command_policy& c) {
  r.allow_only({"enabled", "default_timeout", "max_timeout", "rules"});
  c.enabled = r.get<bool>("enabled", c.enabled);
  c.default_timeout_ms = static_cast<std::uint32_t>(
    r.duration("default_timeout", std::chrono::milliseconds{c.default_timeout_ms}).count());
  c.max_timeout_ms =
    static_cast<std::uint32_t>(r.duration("max_timeout", std::chrono::milliseconds{c.max_timeout_ms}).count());
  for (const auto& rule : r.items("rules"))
    c.rules.push_back(read_rule(rule));
  if (c.enabled && c.rules.empty())
    r.fail("rules", "commands are enabled but no rule lets any through; add rules or set enabled: false");
}

void read_discovery(const config::reader& r, mirror::discovery_settings& d) {
  r.allow_only({"enabled", "prefix", "id_prefix", "reactive_energy_class", "device_names"});
  d.enabled = r.get<bool>("enabled", d.enabled);
  d.prefix = r.get<std::string>("prefix", d.prefix);
  d.id_prefix = r.get<std::string>("id_prefix", d.id_prefix);
  d.reactive_energy_class = r.get<bool>("reactive_energy_class", d.reactive_energy_class);
  for (const auto& n : r.items("device_names")) {
    n.allow_only({"device", "name"});
    d.device_names[n.require_string("device")] = n.require_string("name");
  }
}

} // namespace

mirror_options read_mirror(const config::reader& r, const config::reader& ha) {
  r.allow_only({"enabled", "prefix", "qos", "devices", "publish", "topics", "commands"});
  mirror_options o;
  auto& s = o.settings;
  o.enabled = r.get<bool>("enabled", o.enabled);
  s.prefix = r.get<std::string>("prefix", s.prefix);
  s.qos = static_cast<int>(r.integer("qos", s.qos, 0, 2));
  read_filter(r.section("devices"), s.devices);
  read_publish(r.section("publish"), s.publish);
  read_topics(r.section("topics"), s.topics);
  read_commands(r.section("commands"), s.commands);
  read_discovery(ha, s.discovery);
  return o;
}

namespace {

std::string on_off(bool on) {
  return on ? "on" : "off";
}

std::string vscp_line(const bridge_settings& s) {
  const auto& v = s.vscp;
  if (!v.enabled)
    return "vscp: off\n";
  std::string out = "vscp: profile " + std::string{vscp::to_string(v.settings.profile)} +
                    (v.settings.no_vscp ? ", no_vscp (note as topic, bare value)" : "") + ", events to " +
                    logging::redact(v.output ? v.output->url : s.output.url) + ", GUIDs from " +
                    (v.settings.configured_guid ? "the configured GUID"
                     : v.settings.mac          ? "MAC " + vscp::to_string(*v.settings.mac)
                                               : std::string{"nothing (no_vscp)"});
  return out + (v.one_shot ? ", one_shot" : "") + "\n";
}

} // namespace

std::string describe_settings(const bridge_settings& s) {
  std::string out = "bus: " + logging::redact(s.bus.url) + " (prefix " + s.bus.prefix + ", instance " +
                    s.bus.instance + ")\n";
  out += "output: " + logging::redact(s.output.url) + "\n";
  out += vscp_line(s);
  const auto& m = s.mirror.settings;
  if (s.mirror.enabled)
    out += "mirror: prefix " + m.prefix + ", plain " + on_off(m.publish.plain) + ", json " + on_off(m.publish.json) +
           ", state " + on_off(m.publish.state) + ", alerts " + on_off(m.publish.alerts) + ", commands " +
           on_off(m.commands.enabled) + "\nhomeassistant: " +
           (m.discovery.enabled ? "discovery under " + m.discovery.prefix : std::string{"off"}) + "\n";
  else
    out += "mirror: off\n";
  if (s.modbus.enabled)
    out += "modbus_export: " + s.modbus.server.bind_address + ":" + std::to_string(s.modbus.server.port) + ", " +
           std::to_string(s.modbus.map.units.size()) + " units\n";
  else
    out += "modbus_export: off\n";
  return out;
}

caf::expected<bridge_settings> load_settings(const std::filesystem::path& file) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"bridge", "vscp", "mirror", "homeassistant", "modbus_export", "output", "bus", "http", "log"});
  bridge_settings s;
  auto bridge = root.section("bridge");
  bridge.allow_only({"state_dir"});
  s.state_dir = bridge.path("state_dir", s.state_dir);
  s.bus = service::read_bus(root.section("bus"), "bridge", MH_VERSION, s.state_dir / "bus");
  // Each record handed over derives ~50 messages held until the output broker took them: a smaller window than a
  // committing sink's keeps a backlog on disk instead of in memory, and still covers the broker's round trip.
  s.bus.inbox_window = 128;
  s.output = read_output(root.section("output"), s.bus);
  s.vscp = read_vscp(root.section("vscp"), s.bus);
  s.mirror = read_mirror(root.section("mirror"), root.section("homeassistant"));
  if (s.mirror.enabled)
    if (auto err = mirror::validate(s.mirror.settings, s.bus.prefix))
      root.fail("mirror", describe(err));
  s.modbus = modbus_export::read_export_settings(root.section("modbus_export"));
  s.http = service::read_http(root.section("http"), "127.0.0.1:9108");
  s.log = service::read_log(root.section("log"));
  if (!s.vscp.enabled && !s.mirror.enabled && !s.modbus.enabled)
    root.fail("mirror", "vscp, mirror and modbus_export are all disabled: the bridge would have nothing to do");
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::bridge
