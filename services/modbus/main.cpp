// meterhub-modbus: Modbus RTU/TCP devices and Mercury 23x meters, described by device profiles.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <caf/all.hpp>

#include "cli.hpp"
#include "line_actor.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/service/adapter.hpp"
#include "meterhub/service/service.hpp"
#include "settings.hpp"

using namespace meterhub;
using namespace meterhub::modbus_service;

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-modbus: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// The daemon: one detached line actor per line (per connection of a TCP gateway), the bus, the command router,
/// /metrics and /healthz.
int run(const settings& s) {
  std::size_t devices = 0;
  for (const auto& line : s.lines)
    devices += line.devices.size();
  return service::run_adapter(
    s.bus, s.http, s.log, "modbus",
    [&](caf::actor_system& sys, const service::adapter_links& links) {
      std::vector<caf::actor> lines;
      for (const auto& line : s.lines)
        for (auto& ctx : split_connections(line, links))
          lines.push_back(spawn_line(sys, std::move(ctx)));
      return lines;
    },
    [&](std::size_t connections) {
      return fmt::format("{} line(s) on {} connection(s), {} device(s), profiles from {}", s.lines.size(),
                         connections, devices, s.profiles_dir.string());
    });
}

/// The secret from its flag, its file or the environment, or `fallback`; an unreadable file stops the command.
std::string secret_of(const std::string& flag, const std::string& file, const char* env, const std::string& fallback) {
  auto secret = service::command_line_secret(flag, file, env);
  if (!secret) {
    std::cerr << "meterhub-modbus: cannot read the password file: " << describe(secret.error()) << "\n";
    std::exit(2);
  }
  return secret->value_or(fallback);
}

void add_target_options(CLI::App* cmd, target_options& t, std::string& pw, std::string& pw_file) {
  cmd->add_option("--port", t.port, "/dev/ttyUSB0, tcp://host:port (Modbus TCP), rtu+tcp://host:port")->required();
  cmd->add_option("--serial", t.serial, "serial line settings")->capture_default_str();
  cmd->add_option("--timeout", t.timeout_s, "seconds to wait for each answer")->check(CLI::Range(0.01, 60.0))
    ->capture_default_str();
  cmd->add_option("--profiles", t.profiles_dir, "the profiles folder (default: the installed one)");
  cmd->add_option("--password", pw, "Mercury level-1 password (prefer --password-file or METERHUB_MERCURY_PASSWORD)");
  cmd->add_option("--password-file", pw_file, "file whose first line is the Mercury password");
  cmd->add_option("--device", t.device, "device id in JSON output");
  cmd->add_option("--timezone", t.timezone, "Mercury: the UTC offset the meter's clock keeps, such as +03:00")
    ->check([](const std::string& zone) {
      return parse_utc_offset(zone) ? std::string{} : "expected a UTC offset such as +03:00, got \"" + zone + "\"";
    })
    ->capture_default_str();
}

void add_device_options(CLI::App* cmd, target_options& t) {
  cmd->add_option("--profile", t.profile, "profile id (see `profiles`) or a profile file")->required();
  cmd->add_option("--unit,--address", t.address, "Modbus unit id or Mercury network address")
    ->check(CLI::Range(0, 255))->capture_default_str();
}

} // namespace

int main(int argc, char** argv) {
  service::block_stop_signals();
  CLI::App app{"meterhub-modbus: Modbus RTU/TCP devices and Mercury 23x meters, described by device profiles"};
  app.require_subcommand(1);
  std::string config_file;
  auto* run_cmd = app.add_subcommand("run", "poll the configured devices and publish their readings");
  run_cmd->add_option("-c,--config", config_file, "YAML configuration")->check(CLI::ExistingFile)->required();

  target_options target;
  std::string password, password_file, reg, value, input = "-";
  std::vector<std::string> registers;
  bool json = false, mercury = false, tcp = false;
  unsigned from = 1, to = 247;
  auto* read_cmd = app.add_subcommand("read", "read a device once and print its values");
  read_cmd->add_option("--register", registers, "a register name of the profile, or table:address[/type[/order]]");
  read_cmd->add_flag("--json", json, "one JSON object per reading");
  auto* write_cmd = app.add_subcommand("write", "write one register of a device");
  write_cmd->add_option("--register", reg, "a writable register of the profile, or table:address")->required();
  write_cmd->add_option("--value", value, "the value in the register's unit")->required();
  for (auto* cmd : {read_cmd, write_cmd}) {
    add_target_options(cmd, target, password, password_file);
    add_device_options(cmd, target);
  }
  auto* scan_cmd = app.add_subcommand("scan", "find the unit ids (or Mercury addresses) that answer on a line");
  add_target_options(scan_cmd, target, password, password_file);
  scan_cmd->add_option("--from", from, "first address")->check(CLI::Range(0, 255))->capture_default_str();
  scan_cmd->add_option("--to", to, "last address")->check(CLI::Range(0, 255))->capture_default_str();
  scan_cmd->add_flag("--mercury", mercury, "look for Mercury 23x meters instead of Modbus devices");
  auto* profiles_cmd = app.add_subcommand("profiles", "list and validate the device profiles");
  profiles_cmd->add_option("--dir", target.profiles_dir, "the profiles folder (default: the installed one)");
  profiles_cmd->add_flag("--json", json, "one JSON object per profile");
  auto* decode_cmd = app.add_subcommand("decode", "decode captured frames into JSON, with readings via a profile");
  decode_cmd->add_option("input", input, "file with captured bytes, or - for stdin")->capture_default_str();
  decode_cmd->add_flag("--tcp", tcp, "Modbus TCP frames (MBAP) instead of RTU");
  decode_cmd->add_option("--profile", target.profile, "profile whose registers name the replies' values");
  decode_cmd->add_option("--profiles", target.profiles_dir, "the profiles folder (default: the installed one)");
  decode_cmd->add_option("--device", target.device, "device id in the output");
  CLI11_PARSE(app, argc, argv);

  if (*run_cmd) {
    auto s = load_settings(config_file);
    if (!s)
      return fail("configuration", s.error());
    return run(*s);
  }
  if (*profiles_cmd)
    return list_profiles(target.profiles_dir, json);
  if (*decode_cmd)
    return decode_capture(input, target, tcp);
  target.password = secret_of(password, password_file, "METERHUB_MERCURY_PASSWORD", target.password);
  target.admin_password = secret_of("", "", "METERHUB_MERCURY_ADMIN_PASSWORD", target.admin_password);
  if (*read_cmd)
    return read_device(target, registers, json);
  if (*write_cmd)
    return write_device(target, reg, value);
  if (from > to) {
    std::cerr << "meterhub-modbus scan: --from must not be above --to\n";
    return 2;
  }
  return scan_line(target, from, to, mercury);
}
