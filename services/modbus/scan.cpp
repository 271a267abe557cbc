#include <iostream>

#include <fmt/format.h>

#include "cli.hpp"
#include "mercury_driver.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/modbus/error.hpp"
#include "meterhub/profiles/readings.hpp"

// `meterhub-modbus scan`: which addresses answer on a line, and which profile each Modbus device matches.
namespace meterhub::modbus_service {

namespace {

bool answers(const caf::expected<std::vector<std::uint16_t>>& reply) {
  return reply || modbus::is_exception(static_cast<modbus::modbus_errc>(reply.error().code()));
}

/// True when every identification rule of `p` holds for the device at `unit`.
bool matches_profile(modbus_link::link& line, std::uint8_t unit, const profiles::profile& p) {
  if (p.identify.empty())
    return false;
  for (const auto& rule : p.identify) {
    const auto& reg = p.registers[rule.register_index];
    auto regs = line.read(unit, reg.table, reg.address, static_cast<std::uint16_t>(modbus::register_count(reg.spec)));
    if (!regs)
      return false;
    auto value = modbus::decode(*regs, reg.spec);
    if (!value || !profiles::matches(rule, *value))
      return false;
  }
  return true;
}

/// Whether the device answered at all: a read of holding register 0, or of input register 0; an exception counts
/// (the device is there, it only lacks the register).
bool probe(modbus_link::link& line, std::uint8_t unit) {
  auto reply = line.read(unit, modbus::table::holding, 0, 1);
  if (answers(reply))
    return true;
  if (reply.error() == modbus::modbus_errc::timeout)
    return false;
  return answers(line.read(unit, modbus::table::input, 0, 1));
}

int scan_modbus(modbus_link::link& line, const std::vector<profiles::profile>& all, unsigned from, unsigned to) {
  int found = 0;
  for (unsigned unit = from; unit <= to; ++unit) {
    if (!probe(line, static_cast<std::uint8_t>(unit)))
      continue;
    ++found;
    std::string guesses;
    for (const auto& p : all)
      if (p.protocol == profiles::protocol::modbus && matches_profile(line, static_cast<std::uint8_t>(unit), p))
        guesses += (guesses.empty() ? "" : ", ") + p.id;
    std::cout << fmt::format("unit {:>3}: answers; profile: {}\n", unit, guesses.empty() ? "unknown" : guesses);
  }
  return found;
}

int scan_mercury(modbus_link::link& line, unsigned from, unsigned to) {
  int found = 0;
  for (unsigned address = from; address <= to; ++address) {
    const auto a = static_cast<std::uint8_t>(address);
    auto status = mercury_transact(line, a, mercury::test_link{});
    if (!status)
      continue;
    ++found;
    std::string serial = "serial unknown";
    if (auto data = mercury_transact(line, a, mercury::read_info{mercury::info_kind::serial}))
      if (auto info = mercury::decode_serial(*data))
        serial = "serial " + info->serial_text();
    std::cout << fmt::format("address {:>3}: Mercury 23x, {}\n", address, serial);
  }
  return found;
}

} // namespace

int scan_line(const target_options& t, unsigned from, unsigned to, bool mercury) {
  auto settings = modbus_link::link_settings::parse_port(t.port);
  auto serial = transport::serial_settings::parse(t.serial);
  if (!settings || !serial) {
    std::cerr << "meterhub-modbus scan: --port or --serial is malformed\n";
    return 2;
  }
  settings->serial = *serial;
  settings->response_timeout = std::chrono::milliseconds{static_cast<long>(t.timeout_s * 1000)};
  auto line = modbus_link::link::open(*settings);
  if (!line) {
    std::cerr << "meterhub-modbus scan: " << describe(line.error()) << "\n";
    return 2;
  }
  std::vector<profiles::profile> all;
  if (!mercury) {
    auto loaded = profiles::load_profiles(t.profiles_dir.empty() ? default_profiles_dir() : t.profiles_dir);
    if (!loaded) {
      std::cerr << "meterhub-modbus scan: " << describe(loaded.error()) << "\n";
      return 2;
    }
    all = std::move(*loaded);
  }
  const int found = mercury ? scan_mercury(**line, from, to) : scan_modbus(**line, all, from, to);
  std::cout << found << " device(s) answered between " << from << " and " << to << "\n";
  return found > 0 ? 0 : 1;
}

} // namespace meterhub::modbus_service
