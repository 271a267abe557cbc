#include "settings.hpp"

#include <charconv>
#include <set>

#include "meterhub/config/config.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::iec61107_service {

namespace {

void allow_meter_keys(const config::reader& r) {
  r.allow_only({"id", "address", "password", "password_file", "password_env", "model", "native_energy", "interval",
                "max_backoff", "timezone", "archives"});
  r.section("archives").allow_only({"interval", "days", "months", "half_hours", "half_hour_days"});
}

archive_settings read_archives(const config::reader& r) {
  archive_settings a;
  a.interval = r.duration("interval", a.interval);
  if (a.interval.count() != 0 && a.interval.count() < 60'000)
    r.fail("interval", "must be 0s (never) or at least 1m");
  a.days = static_cast<int>(r.integer("days", a.days, 0, 128));
  a.months = static_cast<int>(r.integer("months", a.months, 0, 12));
  a.half_hours = r.get<bool>("half_hours", a.half_hours);
  a.half_hour_days = static_cast<int>(r.integer("half_hour_days", a.half_hour_days, 0, 127));
  return a;
}

void allow_line_keys(const config::reader& r) {
  r.allow_only({"port", "serial", "optical", "max_baud", "reply_timeout", "after_break", "connect_timeout",
                "meters"});
}

neva::model_family family_of(const std::string& name) {
  if (name == "three_phase_reactive")
    return neva::model_family::three_phase_reactive;
  return name == "single_phase" ? neva::model_family::single_phase : neva::model_family::three_phase;
}

meter_settings read_meter(const config::reader& r) {
  allow_meter_keys(r);
  meter_settings m;
  m.address = r.get<std::string>("address", "");
  if (m.address.size() > 32 || m.address.find_first_of("/!?\r\n") != std::string::npos)
    r.fail("address", "expected the meter's network address, up to 32 characters without / ! ?");
  m.id = r.get<std::string>("id", m.address.empty() ? "" : "iec61107-" + m.address);
  if (!m.id.empty() && !is_valid_device_id(m.id))
    r.fail("id", "expected [a-z0-9][a-z0-9_.-]*, got \"" + m.id + "\"");
  if (auto password = r.secret("password"); !password.empty())
    m.password = password;
  m.model.family = family_of(r.choice("model", "three_phase", {"three_phase", "three_phase_reactive",
                                                               "single_phase"}));
  m.model.native_energy_code = r.get<bool>("native_energy", false);
  m.interval = r.duration("interval", m.interval);
  m.max_backoff = r.duration("max_backoff", m.max_backoff);
  if (m.interval.count() < 1000)
    r.fail("interval", "must be at least 1s");
  const auto zone = r.get<std::string>("timezone", "+03:00");
  if (auto offset = meterhub::parse_utc_offset(zone))
    m.utc_offset = *offset;
  else
    r.fail("timezone", "expected a UTC offset such as +03:00 (NEVA clocks keep local time without DST), got \"" +
                         zone + "\"");
  m.archives = read_archives(r.section("archives"));
  return m;
}

void read_line_options(const config::reader& r, line_settings& line) {
  const auto serial = r.get<std::string>("serial", "9600 7E1");
  if (auto s = transport::serial_settings::parse(serial))
    line.serial = *s;
  else
    r.fail("serial", "expected settings such as \"9600 7E1\", got \"" + serial + "\"");
  line.optical = r.get<bool>("optical", false);
  line.max_baud = static_cast<int>(r.integer("max_baud", 9600, 300, 19200));
  line.reply_timeout = r.duration("reply_timeout", line.reply_timeout);
  line.after_break = r.duration("after_break", line.after_break);
  line.connect_timeout = r.duration("connect_timeout", line.connect_timeout);
}

line_settings read_line(const config::reader& r, const std::string& port_override, const config::reader& defaults,
                        std::size_t index) {
  allow_line_keys(r);
  line_settings line;
  const auto port = port_override.empty() ? r.require_string("port") : port_override;
  if (auto ep = parse_line_endpoint(port))
    line.endpoint = *ep;
  else if (!port.empty())
    r.fail("port", "expected /dev/ttyUSB0, host:port, :port or listen://host:port, got \"" + port + "\"");
  read_line_options(r, line);
  auto items = r.items("meters");
  for (const auto& item : items)
    line.meters.push_back(read_meter(item));
  if (items.empty())
    line.meters.push_back(read_meter(defaults));
  for (auto& m : line.meters)
    if (m.id.empty())
      m.id = "iec61107-line" + std::to_string(index);
  if (line.meters.size() > 1)
    for (const auto& m : line.meters)
      if (m.address.empty())
        r.fail("meters", "every meter of a line with several meters needs its address");
  return line;
}

void check_unique_ids(const config::reader& root, const std::vector<line_settings>& lines) {
  std::set<std::string> ids;
  for (const auto& line : lines)
    for (const auto& m : line.meters)
      if (!ids.insert(m.id).second)
        root.fail("lines", "device id \"" + m.id + "\" is used twice");
}

} // namespace

caf::expected<settings> load_settings(const std::filesystem::path& file, const std::string& port_override) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"lines", "line_defaults", "meter_defaults", "bus", "http", "log"});
  settings s;
  const auto defaults = root.section("meter_defaults");
  auto items = root.items("lines");
  for (std::size_t i = 0; i < items.size(); ++i)
    s.lines.push_back(read_line(items[i], i == 0 ? port_override : "", defaults, i));
  const auto line_defaults = root.section("line_defaults");
  if (line_defaults.has("port"))
    line_defaults.fail("port", "never used: the line of line_defaults takes its port from --port");
  if (items.empty() && !port_override.empty())
    s.lines.push_back(read_line(line_defaults, port_override, defaults, 0));
  else
    allow_line_keys(line_defaults);
  allow_meter_keys(defaults);
  if (s.lines.empty())
    root.fail("lines", "at least one line is required (or pass --port)");
  check_unique_ids(root, s.lines);
  s.bus = service::read_bus(root.section("bus"), "iec61107", MH_VERSION, "var/iec61107/bus");
  s.http = service::read_http(root.section("http"), "127.0.0.1:9104");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::iec61107_service
