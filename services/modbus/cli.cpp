#include "cli.hpp"

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "device_driver.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/profiles/readings.hpp"
#include "meterhub/wire/json.hpp"

namespace meterhub::modbus_service {

namespace {

namespace fs = std::filesystem;

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-modbus: " << what << ": " << describe(err) << "\n";
  return 2;
}

caf::expected<profiles::profile> profile_of(const target_options& t) {
  if (t.profile.ends_with(".yaml") || t.profile.find('/') != std::string::npos)
    return profiles::load_profile(t.profile);
  const auto dir = t.profiles_dir.empty() ? default_profiles_dir() : t.profiles_dir;
  return profiles::load_profile(dir / (t.profile + ".yaml"));
}

caf::expected<modbus_link::link_settings> link_of(const target_options& t) {
  auto link = modbus_link::link_settings::parse_port(t.port);
  if (!link)
    return make_error(modbus::modbus_errc::bad_profile,
                      "--port: expected /dev/ttyUSB0, tcp://host:port or rtu+tcp://host:port, got \"" + t.port + "\"");
  auto serial = transport::serial_settings::parse(t.serial);
  if (!serial)
    return make_error(modbus::modbus_errc::bad_profile, "--serial: expected settings such as \"9600 8N1\"");
  link->serial = *serial;
  link->response_timeout = std::chrono::milliseconds{static_cast<long>(t.timeout_s * 1000)};
  return *link;
}

device_settings device_of(const target_options& t, std::shared_ptr<const profiles::profile> p) {
  device_settings d;
  d.profile = std::move(p);
  d.address = t.address;
  d.password = t.password;
  d.admin_password = t.admin_password;
  if (auto offset = parse_utc_offset(t.timezone)) // main checked it
    d.utc_offset = *offset;
  d.id = !t.device.empty() ? t.device
                           : (d.mercury() ? "mercury-" : "modbus-") + std::to_string(t.address);
  return d;
}

/// The device's line and driver, opened; main's messages name what failed.
struct session {
  std::unique_ptr<modbus_link::link> line;
  std::unique_ptr<device_driver> driver;
  device_settings device;
};

caf::expected<session> open_session(const target_options& t) {
  auto p = profile_of(t);
  if (!p)
    return p.error();
  auto settings = link_of(t);
  if (!settings)
    return settings.error();
  auto line = modbus_link::link::open(*settings);
  if (!line)
    return line.error();
  auto device = device_of(t, std::make_shared<const profiles::profile>(std::move(*p)));
  auto driver = make_driver(device);
  return session{std::move(*line), std::move(driver), std::move(device)};
}

void print(const std::string& device, const reading& r, bool json) {
  std::cout << wire::reading_line(device, r, json) << "\n";
}

} // namespace

int list_profiles(const fs::path& dir, bool json) {
  auto all = profiles::load_profiles(dir.empty() ? default_profiles_dir() : dir);
  if (!all) {
    std::cerr << "meterhub-modbus profiles: " << describe(all.error()) << "\n";
    return 1;
  }
  for (const auto& p : *all) {
    std::size_t published = 0;
    for (const auto& r : p.registers)
      published += r.quantity.empty() ? 0 : 1;
    if (json) {
      nlohmann::ordered_json j{{"id", p.id}, {"model", p.model}, {"vendor", p.vendor},
                               {"protocol", to_string(p.protocol)}, {"registers", p.registers.size()},
                               {"published", published}, {"groups", p.groups.size()}, {"source", p.source}};
      std::cout << j.dump() << "\n";
    } else {
      std::cout << fmt::format("{:<24} {:<10} {:<34} {:>3} registers, {} groups\n", p.id, to_string(p.protocol),
                               p.model, p.registers.size(), p.groups.size());
    }
  }
  return 0;
}

int read_device(const target_options& t, const std::vector<std::string>& registers, bool json) {
  auto s = open_session(t);
  if (!s)
    return fail("read", s.error());
  int rc = 0;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
  auto show = [&](const std::string& what, caf::expected<std::vector<reading>> values) {
    if (!values) {
      std::cerr << what << ": " << describe(values.error()) << "\n";
      rc = 1;
      return;
    }
    for (const auto& r : *values)
      print(s->device.id, r, json);
  };
  if (!registers.empty()) {
    for (const auto& reg : registers)
      show(reg, s->driver->read_value(*s->line, reg, now));
    return rc;
  }
  for (const auto& g : s->device.profile->groups) {
    auto result = s->driver->poll(*s->line, g, now);
    if (!result) {
      show(g.name, result.error());
      continue;
    }
    for (const auto& f : result->failures) {
      std::cerr << f.what << ": " << describe(f.why) << "\n";
      rc = 1;
    }
    show(g.name, std::move(result->readings));
  }
  return rc;
}

int write_device(const target_options& t, const std::string& reg, const std::string& value) {
  auto s = open_session(t);
  if (!s)
    return fail("write", s.error());
  if (auto err = s->driver->write_value(*s->line, reg, value)) {
    std::cerr << reg << ": " << describe(err) << "\n";
    return 1;
  }
  std::cout << reg << " = " << value << ": written\n";
  return 0;
}

} // namespace meterhub::modbus_service
