#include "settings.hpp"

#include <cstdlib>
#include <set>

#include "meterhub/config/config.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::modbus_service {

namespace {

namespace fs = std::filesystem;

/// Profiles already loaded, by id: devices of one model share one.
using profile_cache = std::map<std::string, std::shared_ptr<const profiles::profile>>;

std::shared_ptr<const profiles::profile> profile_named(const config::reader& r, const fs::path& dir,
                                                       profile_cache& cache) {
  const auto name = r.require_string("profile");
  if (name.empty())
    return nullptr;
  if (auto it = cache.find(name); it != cache.end())
    return it->second;
  auto loaded = profiles::load_profile(dir / (name + ".yaml"));
  if (!loaded) {
    r.fail("profile", describe(loaded.error()));
    return nullptr;
  }
  auto shared = std::make_shared<const profiles::profile>(std::move(*loaded));
  cache.emplace(name, shared);
  return shared;
}

void read_intervals(const config::reader& r, device_settings& d) {
  const auto section = r.section("poll");
  std::vector<std::string_view> names;
  for (const auto& g : d.profile->groups)
    names.push_back(g.name);
  section.allow_only(names);
  for (const auto& g : d.profile->groups)
    if (section.has(g.name)) {
      auto interval = section.duration(g.name, g.interval);
      if (interval.count() < 10)
        section.fail(g.name, "must be at least 10ms");
      d.intervals[g.name] = interval;
    }
}

void read_address(const config::reader& r, device_settings& d, bool tcp) {
  if (d.mercury()) {
    // Mercury 23x: 1..240 on a shared bus; 0 answers for any meter, point to point only (spec §2).
    d.address = static_cast<unsigned>(r.integer("address", 0, 0, 253));
    if (r.has("unit"))
      r.fail("unit", "a Mercury 23x meter has a network address: use address");
    return;
  }
  d.address = static_cast<unsigned>(r.integer("unit", 1, tcp ? 0 : 1, tcp ? 255 : 247));
  if (r.has("address"))
    r.fail("address", "a Modbus device has a unit id: use unit");
}

device_settings read_device(const config::reader& r, const fs::path& dir, profile_cache& cache, bool tcp,
                            std::size_t line) {
  r.allow_only({"id", "profile", "unit", "address", "password", "password_file", "password_env", "admin_password",
                "admin_password_file", "admin_password_env", "poll", "max_backoff", "timezone", "backfill",
                "backfill_limit"});
  device_settings d;
  d.profile = profile_named(r, dir, cache);
  if (!d.profile)
    return d;
  read_address(r, d, tcp);
  const std::string stem = d.mercury() ? "mercury-" : "modbus-";
  d.id = r.get<std::string>("id", stem + std::to_string(line) + "-" + std::to_string(d.address));
  if (!is_valid_device_id(d.id))
    r.fail("id", "expected [a-z0-9][a-z0-9_.-]*, got \"" + d.id + "\"");
  if (auto pw = r.secret("password"); !pw.empty())
    d.password = pw;
  if (auto pw = r.secret("admin_password"); !pw.empty())
    d.admin_password = pw;
  read_intervals(r, d);
  d.max_backoff = r.duration("max_backoff", d.max_backoff);
  const auto zone = r.get<std::string>("timezone", "+03:00");
  if (auto offset = meterhub::parse_utc_offset(zone))
    d.utc_offset = *offset;
  else
    r.fail("timezone", "expected a UTC offset such as +03:00 (Mercury clocks keep local time), got \"" + zone + "\"");
  d.backfill = r.get<bool>("backfill", d.mercury());
  if (d.backfill && !d.mercury())
    r.fail("backfill", "only Mercury 23x meters keep a power profile to backfill from");
  d.backfill_limit = std::chrono::duration_cast<std::chrono::hours>(r.duration("backfill_limit", d.backfill_limit));
  return d;
}

void read_link(const config::reader& r, line_settings& line) {
  const auto port = r.require_string("port");
  if (auto link = modbus_link::link_settings::parse_port(port))
    line.link = *link;
  else if (!port.empty())
    r.fail("port", "expected /dev/ttyUSB0, tcp://host:port or rtu+tcp://host:port, got \"" + port + "\"");
  const auto serial = r.get<std::string>("serial", "9600 8N1");
  if (auto s = transport::serial_settings::parse(serial))
    line.link.serial = *s;
  else
    r.fail("serial", "expected settings such as \"9600 8N1\", got \"" + serial + "\"");
  line.link.response_timeout = r.duration("response_timeout", line.link.rtu() ? std::chrono::milliseconds{500}
                                                                                : std::chrono::milliseconds{1000});
  line.link.connect_timeout = r.duration("connect_timeout", line.link.connect_timeout);
  line.max_backoff = r.duration("max_backoff", line.max_backoff);
  line.connections = static_cast<unsigned>(r.integer("connections", 1, 1, 64));
  if (line.connections > 1 && line.link.rtu())
    r.fail("connections", "an RTU line carries one transaction at a time: only Modbus TCP takes several");
}

line_settings read_line(const config::reader& r, const fs::path& dir, profile_cache& cache, std::size_t index) {
  r.allow_only({"port", "serial", "response_timeout", "connect_timeout", "max_backoff", "connections", "devices"});
  line_settings line;
  read_link(r, line);
  for (const auto& item : r.items("devices")) {
    auto d = read_device(item, dir, cache, !line.link.rtu(), index);
    if (d.profile && d.mercury() && line.link.what == modbus_link::link_settings::kind::tcp)
      item.fail("profile", "Mercury 23x meters need a serial line or rtu+tcp:// (a transparent converter)");
    if (d.profile)
      line.devices.push_back(std::move(d));
  }
  if (r.items("devices").empty())
    r.fail("devices", "a line needs at least one device");
  std::set<unsigned> addresses;
  for (const auto& d : line.devices)
    if (!addresses.insert(d.address).second)
      r.fail("devices", "two devices of this line share address " + std::to_string(d.address));
  return line;
}

void check_unique_ids(const config::reader& root, const std::vector<line_settings>& lines) {
  std::set<std::string> ids;
  for (const auto& line : lines)
    for (const auto& d : line.devices)
      if (!ids.insert(d.id).second)
        root.fail("lines", "device id \"" + d.id + "\" is used twice");
}

} // namespace

std::chrono::milliseconds device_settings::interval_of(const profiles::poll_group& group) const {
  auto it = intervals.find(group.name);
  return it == intervals.end() ? group.interval : it->second;
}

fs::path default_profiles_dir() {
  if (const char* env = std::getenv("METERHUB_PROFILES"))
    return env;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share/meterhub/profiles";
    if (fs::is_directory(installed, ec))
      return installed;
  }
  return MH_SOURCE_PROFILES;
}

caf::expected<settings> load_settings(const fs::path& file) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"profiles", "lines", "bus", "http", "log"});
  settings s;
  s.profiles_dir = root.path("profiles", default_profiles_dir());
  profile_cache cache;
  auto items = root.items("lines");
  for (std::size_t i = 0; i < items.size(); ++i)
    s.lines.push_back(read_line(items[i], s.profiles_dir, cache, i));
  if (items.empty())
    root.fail("lines", "at least one line is required");
  check_unique_ids(root, s.lines);
  s.bus = service::read_bus(root.section("bus"), "modbus", MH_VERSION, "var/modbus/bus");
  s.http = service::read_http(root.section("http"), "127.0.0.1:9106");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  return s;
}

} // namespace meterhub::modbus_service
