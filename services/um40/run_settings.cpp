#include "run_settings.hpp"

#include <algorithm>
#include <set>

#include "meterhub/config/config.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::um40_service {

namespace {

bool listed(std::span<const std::string_view> names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(std::span<const std::string_view> names) {
  std::string out;
  for (auto n : names)
    out += (out.empty() ? "" : ", ") + std::string{n};
  return out;
}

um40::device_assignment read_device(const config::reader& d) {
  d.allow_only({"device", "meter_id", "type", "interface", "interface_config", "address", "parent_id",
                "profile_minutes", "config"});
  um40::device_assignment a;
  a.device = d.require_string("device");
  if (!a.device.empty() && !is_valid_device_id(a.device))
    d.fail("device", "expected a device id [a-z0-9][a-z0-9_.-]*, got \"" + a.device + "\"");
  a.meter.meter_id = d.integer("meter_id", 0, 1, 2'147'483'647);
  if (!d.has("meter_id"))
    d.fail("meter_id", "is required: the MeterId the concentrator shows for this meter");
  a.meter.type_name = d.get<std::string>("type", a.meter.type_name);
  if (!listed(um40::meter_type_names(), a.meter.type_name))
    d.fail("type", "unknown meter type \"" + a.meter.type_name + "\" (known: " + joined(um40::meter_type_names()) + ")");
  a.meter.interface_name = d.get<std::string>("interface", a.meter.interface_name);
  if (!listed(um40::interface_names(), a.meter.interface_name))
    d.fail("interface", "unknown interface \"" + a.meter.interface_name + "\" (known: " +
                          joined(um40::interface_names()) + ")");
  a.meter.interface_config = d.get<std::string>("interface_config", a.meter.interface_config);
  a.meter.address = d.get<std::string>("address", a.device);
  a.meter.parent_id = d.integer("parent_id", 0, 0, 2'147'483'647);
  a.profile_minutes = static_cast<int>(d.integer("profile_minutes", 30, 1, 1440));
  if (1440 % a.profile_minutes != 0)
    d.fail("profile_minutes", "expected a divisor of a day (1, 2, 3, 5, 10, 15, 30, 60 …), got " +
                                std::to_string(a.profile_minutes));
  auto config = d.section("config");
  std::vector<std::string_view> known;
  for (const auto& tag : um40::layout_of(um40::value_table::electric_config).tags) {
    known.push_back(tag.tag);
    if (config.has(tag.tag))
      a.config[std::string{tag.tag}] = config.get<std::string>(tag.tag, "");
  }
  config.allow_only(known);
  if (auto checked = um40::device_config(a); !checked)
    d.fail("config", describe(checked.error()));
  return a;
}

void read_um40(const config::reader& u, const std::filesystem::path& file, run_settings& s) {
  u.allow_only({"target", "utc_offset", "moment_interval", "batch_records", "flush_interval", "max_retry_pause",
                "devices"});
  s.target.spec = u.get<std::string>("target", "local:var/um40/meter.db");
  s.target.config = file;
  if (s.target.spec.rfind("local:", 0) != 0 && s.target.spec.rfind("ssh:", 0) != 0)
    u.fail("target", "expected local:PATH or ssh:NAME (a name in targets:), got \"" + s.target.spec + "\"");
  const auto offset_text = u.get<std::string>("utc_offset", "+03:00");
  if (auto offset = parse_utc_offset(offset_text))
    s.mapping.utc_offset = *offset;
  else
    u.fail("utc_offset", "expected +HH:MM, -HH:MM or UTC, got \"" + offset_text + "\"");
  const auto moment = u.duration("moment_interval", std::chrono::minutes{5});
  if (moment < std::chrono::seconds{1} || 86'400'000 % moment.count() != 0)
    u.fail("moment_interval", "expected a divisor of a day of at least 1 s");
  else
    s.mapping.moment_seconds = moment.count() / 1000;
  s.batch_records = static_cast<std::size_t>(u.integer("batch_records", 500, 1, 100'000));
  s.flush_interval = u.duration("flush_interval", s.flush_interval);
  s.max_retry_pause = u.duration("max_retry_pause", s.max_retry_pause);
  std::set<std::string> devices;
  std::set<std::int64_t> meters;
  for (const auto& d : u.items("devices")) {
    auto a = read_device(d);
    if (!devices.insert(a.device).second)
      d.fail("device", "\"" + a.device + "\" is listed twice");
    if (a.meter.meter_id != 0 && !meters.insert(a.meter.meter_id).second)
      d.fail("meter_id", std::to_string(a.meter.meter_id) + " is given to two devices");
    s.devices.push_back(std::move(a));
  }
  if (s.devices.empty())
    u.fail("devices", "lists the devices to inject and the meters they become (none given)");
}

} // namespace

caf::expected<run_settings> load_run_settings(const std::filesystem::path& file) {
  auto doc = config::document::load(file);
  if (!doc)
    return doc.error();
  auto root = doc->root();
  root.allow_only({"um40", "targets", "bus", "http", "log"});
  run_settings s;
  read_um40(root.section("um40"), file, s);
  auto bus = root.section("bus");
  s.group = service::read_group(bus, s.group);
  s.bus = service::read_bus(bus, "um40", MH_VERSION, "var/um40/bus", {"group"});
  s.http = service::read_http(root.section("http"), "127.0.0.1:9105");
  s.log = service::read_log(root.section("log"));
  if (auto err = doc->check())
    return err;
  if (s.target.spec.rfind("ssh:", 0) == 0) // the named target must exist and be complete
    if (auto t = ssh_target_from_config(file, s.target.spec.substr(4)); !t)
      return t.error();
  return s;
}

} // namespace meterhub::um40_service
