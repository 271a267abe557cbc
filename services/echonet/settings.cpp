#include "settings.hpp"

#include <charconv>
#include <set>

#include "meterhub/config/config.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::echonet_service {

namespace {

namespace fs = std::filesystem;

std::optional<std::uint64_t> parse_mac(std::string_view text) {
  if (text.size() != 16)
    return std::nullopt;
  std::uint64_t mac = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mac, 16);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return mac;
}

void read_link(const config::reader& r, module_settings& m) {
  m.link.port = r.require_string("port");
  if (!m.link.port.empty() && !transport::parse_endpoint(m.link.port))
    r.fail("port", "expected a serial device such as /dev/ttyUSB0 or tcp://host:port, got \"" + m.link.port + "\"");
  const auto serial = r.get<std::string>("serial", "115200 8N1");
  if (auto s = transport::serial_settings::parse(serial))
    m.link.serial = *s;
  else
    r.fail("serial", "expected settings such as \"115200 8N1\", got \"" + serial + "\"");
  const auto model = r.choice("model", "auto", {"auto", "bp35a1", "bp35c2"});
  if (model == "bp35a1")
    m.link.model = skstack::module_model::bp35a1;
  else if (model == "bp35c2")
    m.link.model = skstack::module_model::bp35c2;
}

void read_credentials(const config::reader& r, skstack::session_config& s) {
  s.route_b_id = r.secret("route_b_id");
  if (s.route_b_id.size() != 32)
    r.fail("route_b_id", "the Route-B ID from the utility has exactly 32 characters (got " +
                             std::to_string(s.route_b_id.size()) + ")");
  s.password = r.secret("password");
  if (s.password.empty() || s.password.size() > 32)
    r.fail("password", "the Route-B password has 1 to 32 characters (got " + std::to_string(s.password.size()) + ")");
  if (r.has("meter_mac")) {
    const auto text = r.get<std::string>("meter_mac", "");
    if (auto mac = parse_mac(text))
      s.meter_mac = *mac;
    else
      r.fail("meter_mac", "expected the meter's 64-bit MAC as 16 hex digits, got \"" + text + "\"");
  }
}

void read_session(const config::reader& r, skstack::session_config& s) {
  r.allow_only({"first_duration", "max_duration", "command_timeout", "join_timeout", "join_attempts",
                "reauth_timeout", "restart_delay", "security", "queue_limit"});
  s.first_scan_duration = static_cast<std::uint8_t>(r.integer("first_duration", s.first_scan_duration, 0, 14));
  s.max_scan_duration = static_cast<std::uint8_t>(r.integer("max_duration", s.max_scan_duration, 0, 14));
  if (s.max_scan_duration < s.first_scan_duration)
    r.fail("max_duration", "must not be below first_duration");
  auto ms = [&](std::string_view key, std::uint32_t fallback) {
    const auto d = r.duration(key, std::chrono::milliseconds{fallback});
    if (d.count() < 100 || d.count() > 3'600'000)
      r.fail(key, "must be between 100ms and 1h");
    return static_cast<std::uint32_t>(d.count());
  };
  s.command_timeout_ms = ms("command_timeout", s.command_timeout_ms);
  s.join_timeout_ms = ms("join_timeout", s.join_timeout_ms);
  s.reauth_timeout_ms = ms("reauth_timeout", s.reauth_timeout_ms);
  s.restart_delay_ms = ms("restart_delay", s.restart_delay_ms);
  s.max_join_attempts = static_cast<std::uint8_t>(r.integer("join_attempts", s.max_join_attempts, 1, 20));
  s.security = static_cast<std::uint8_t>(r.integer("security", s.security, 0, 2));
  s.queue_limit = static_cast<std::size_t>(r.integer("queue_limit", 64, 1, 4096));
}

std::vector<std::uint8_t> read_epcs(const config::reader& r) {
  std::vector<std::uint8_t> epcs;
  for (const auto& text : r.strings("epcs")) {
    if (auto epc = parse_epc(text))
      epcs.push_back(*epc);
    else
      r.fail("epcs", "expected EPCs as hex bytes such as E7, got \"" + text + "\"");
  }
  if (epcs.empty())
    r.fail("epcs", "a poll group needs at least one EPC");
  return epcs;
}

std::vector<poll_group> read_poll(const config::reader& r) {
  if (!r.has("poll"))
    return default_poll_plan();
  std::vector<poll_group> plan;
  std::set<std::string> names;
  for (const auto& item : r.items("poll")) {
    item.allow_only({"name", "epcs", "interval"});
    poll_group g;
    g.name = item.require_string("name");
    if (!names.insert(g.name).second)
      item.fail("name", "two poll groups are called \"" + g.name + "\"");
    g.epcs = read_epcs(item);
    g.interval = item.duration("interval", g.interval);
    if (g.interval.count() < 1000)
      item.fail("interval", "must be at least 1s (a Route-B meter answers in about a second)");
    plan.push_back(std::move(g));
  }
  return plan;
}

backfill_settings read_backfill(const config::reader& r) {
  r.allow_only({"enabled", "limit_days", "first_start_days", "grace"});
  backfill_settings b;
  b.enabled = r.get<bool>("enabled", b.enabled);
  b.limit_days = static_cast<unsigned>(r.integer("limit_days", b.limit_days, 0, 99));
  b.first_start_days = static_cast<unsigned>(r.integer("first_start_days", b.first_start_days, 0, 99));
  b.grace = r.duration("grace", b.grace);
  if (b.grace.count() < 0 || b.grace.count() > 29 * 60'000)
    r.fail("grace", "must be between 0s and 29m (the next boundary comes after 30m)");
  return b;
}

module_settings read_module(const config::reader& r, std::size_t index) {
  r.allow_only({"device", "port", "serial", "model", "route_b_id", "route_b_id_file", "route_b_id_env", "password",
                "password_file", "password_env", "meter_mac", "session", "reply_timeout", "attempts", "max_epcs",
                "poll", "backfill", "max_backoff"});
  module_settings m;
  m.device = r.get<std::string>("device", "route-b-" + std::to_string(index + 1));
  if (!is_valid_device_id(m.device))
    r.fail("device", "expected [a-z0-9][a-z0-9_.-]*, got \"" + m.device + "\"");
  read_link(r, m);
  read_credentials(r, m.session);
  read_session(r.section("session"), m.session);
  m.reply_timeout = r.duration("reply_timeout", m.reply_timeout);
  if (m.reply_timeout.count() < 100)
    r.fail("reply_timeout", "must be at least 100ms");
  m.attempts = static_cast<unsigned>(r.integer("attempts", m.attempts, 1, 12));
  m.max_epcs = static_cast<unsigned>(r.integer("max_epcs", m.max_epcs, 1, 32));
  m.poll = read_poll(r);
  m.backfill = read_backfill(r.section("backfill"));
  m.max_backoff = r.duration("max_backoff", m.max_backoff);
  return m;
}

} // namespace

std::vector<poll_group> default_poll_plan() {
  return {{"instant", {0xE7, 0xE8}, std::chrono::seconds{10}}, {"energy", {0xE0, 0xE3}, std::chrono::seconds{60}}};
}

std::optional<std::uint8_t> parse_epc(std::string_view text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    text.remove_prefix(2);
  if (text.empty() || text.size() > 2)
    return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return static_cast<std::uint8_t>(value);
}

caf::expected<settings> load_settings(const fs::path& file) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"state_dir", "modules", "bus", "http", "log"});
  settings s;
  s.state_dir = root.path("state_dir", "var/echonet");
  auto items = root.items("modules");
  std::set<std::string> ids, ports;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto m = read_module(items[i], i);
    if (!ids.insert(m.device).second)
      items[i].fail("device", "device id \"" + m.device + "\" is used twice");
    if (!m.link.port.empty() && !ports.insert(m.link.port).second)
      items[i].fail("port", "two modules are on " + m.link.port);
    s.modules.push_back(std::move(m));
  }
  if (items.empty())
    root.fail("modules", "at least one module is required");
  s.bus = service::read_bus(root.section("bus"), "echonet", MH_VERSION, "var/echonet/bus");
  s.http = service::read_http(root.section("http"), "127.0.0.1:9107");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::echonet_service
