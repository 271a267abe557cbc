#include "settings.hpp"

#include "meterhub/config/config.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::p1 {

namespace {

void read_keys(const config::reader& r, decoder_options& d) {
  const auto key = r.secret("decryption_key");
  if (key.empty())
    return;
  auto parsed = dsmr::parse_aes_key(key);
  if (!parsed) {
    r.fail("decryption_key", "expected 32 hex digits"); // the value itself is never echoed
    return;
  }
  dsmr::smarty_keys keys{*parsed, dsmr::smarty_default_auth_key};
  const auto auth = r.get<std::string>("auth_key", "");
  if (auth == "none")
    keys.auth_key = std::nullopt;
  else if (!auth.empty()) {
    if (auto ak = dsmr::parse_aes_key(auth))
      keys.auth_key = *ak;
    else
      r.fail("auth_key", "expected 32 hex digits or \"none\"");
  }
  d.keys = keys;
}

void allow_publish_keys(const config::reader& pub) {
  pub.allow_only({"energy", "active_power", "reactive_power", "phase_power", "voltage", "current",
                  "power_factor", "other"});
}

void read_publish(const config::reader& r, decoder_options& d) {
  auto pub = r.section("publish");
  allow_publish_keys(pub);
  for (int g = 0; g < dsmr::value_group_count; ++g)
    d.publish[static_cast<std::size_t>(g)] = pub.get<bool>(dsmr::to_string(static_cast<dsmr::value_group>(g)), true);
}

/// The keys of a `meters[]` item and of `meter_defaults`.
void allow_meter_keys(const config::reader& r) {
  r.allow_only({"id", "port", "serial", "timezone", "watchdog", "idle_gap", "decryption_key", "decryption_key_file",
                "decryption_key_env", "auth_key", "publish", "publish_invalid_crc", "clear_bit7"});
}

/// `meter_defaults` when `meters[]` is used instead: only its keys are checked, since it describes no port.
void check_meter_defaults(const config::reader& r) {
  allow_meter_keys(r);
  allow_publish_keys(r.section("publish"));
}

} // namespace

meter_settings read_meter(const config::reader& r, const std::string& port_override) {
  allow_meter_keys(r);
  meter_settings m;
  m.id = r.get<std::string>("id", "");
  if (!m.id.empty() && !is_valid_device_id(m.id))
    r.fail("id", "expected [a-z0-9][a-z0-9_.-]*, got \"" + m.id + "\"");
  m.port_text = port_override.empty() ? r.require_string("port") : port_override;
  if (auto ep = transport::parse_endpoint(m.port_text))
    m.port = *ep;
  else if (!m.port_text.empty())
    r.fail("port", "expected a device path (/dev/ttyUSB0) or tcp://host:port, got \"" + m.port_text + "\"");
  const auto serial = r.get<std::string>("serial", "115200 8N1");
  if (auto s = transport::serial_settings::parse(serial))
    m.serial = *s;
  else
    r.fail("serial", "expected settings such as \"115200 8N1\" or \"9600 7E1\", got \"" + serial + "\"");
  const auto zone = r.get<std::string>("timezone", "Europe/Amsterdam");
  if (auto z = dsmr::time_zone::parse(zone))
    m.decoding.zone = *z;
  else
    r.fail("timezone", "expected Europe/Amsterdam, Europe/Brussels, Europe/Luxembourg, Europe/Budapest or an "
                       "offset such as +01:00, got \"" + zone + "\"");
  m.watchdog = r.duration("watchdog", m.watchdog);
  m.idle_gap = r.duration("idle_gap", m.idle_gap);
  if (m.idle_gap >= m.watchdog)
    r.fail("idle_gap", "must be shorter than watchdog");
  m.decoding.publish_invalid_crc = r.get<bool>("publish_invalid_crc", false);
  m.decoding.clear_bit7 = r.get<bool>("clear_bit7", true);
  read_keys(r, m.decoding);
  read_publish(r, m.decoding);
  return m;
}

caf::expected<settings> load_settings(const std::filesystem::path& file, const std::string& port_override) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"meters", "meter_defaults", "bus", "http", "log"});
  settings s;
  auto items = root.items("meters");
  for (std::size_t i = 0; i < items.size(); ++i)
    s.meters.push_back(read_meter(items[i], i == 0 ? port_override : ""));
  const auto defaults = root.section("meter_defaults");
  if (defaults.has("port"))
    defaults.fail("port", "never used: the meter of meter_defaults takes its port from --port (list the meter "
                          "under meters to give its port in the file)");
  if (items.empty() && !port_override.empty())
    s.meters.push_back(read_meter(defaults, port_override));
  else // unused with meters[], but a typo in it is still a typo
    check_meter_defaults(defaults);
  if (s.meters.empty())
    root.fail("meters", "at least one meter is required (or pass --port)");
  s.bus = service::read_bus(root.section("bus"), "p1", MH_VERSION, "var/p1/bus");
  s.http = service::read_http(root.section("http"), "127.0.0.1:9101");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::p1
