// meterhub-iec61107: NEVA MT3xx/MT1xx and other IEC 62056-21 (IEC 61107) mode C meters.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <caf/all.hpp>

#include "cli.hpp"
#include "meterhub/core/time.hpp"
#include "line_actor.hpp"
#include "meterhub/service/adapter.hpp"
#include "meterhub/service/service.hpp"
#include "settings.hpp"

using namespace meterhub;
using namespace meterhub::iec61107_service;

namespace {

/// The password from --password, --password-file or METERHUB_IEC61107_PASSWORD (files and the environment keep
/// it out of shell history and `ps`); unset when none is given.
std::optional<std::string> password_of(const std::string& flag, const std::string& file) {
  auto secret = service::command_line_secret(flag, file, "METERHUB_IEC61107_PASSWORD");
  if (!secret) {
    std::cerr << "meterhub-iec61107: --password-file: " << describe(secret.error()) << "\n";
    std::exit(2);
  }
  return *secret;
}

void add_line_options(CLI::App* cmd, line_options& line) {
  cmd->add_option("--port", line.port, "/dev/ttyUSB0, host:port (a converter), :port (converters dial in)")
    ->required();
  cmd->add_option("--serial", line.serial, "line settings of RS-485 and converters")->capture_default_str();
  cmd->add_flag("--optical", line.optical, "optical head: sign on at 300 Bd, then switch to the meter's rate");
  cmd->add_option("--max-baud", line.max_baud, "optical: the highest rate to switch to")->capture_default_str();
  auto* timeout = cmd->add_option_function<double>(
    "--timeout", [&line](double s) { line.reply_timeout = std::chrono::milliseconds(static_cast<long>(s * 1000)); },
    "seconds to wait for each answer (default 2)");
  timeout->check(CLI::Range(0.05, 60.0));
}

void add_meter_options(CLI::App* cmd, meter_options& meter, std::string& password, std::string& password_file,
                       std::string& family) {
  cmd->add_option("--address", meter.address, "the meter's network address (8 digits) on a shared bus");
  cmd->add_option("--password", password, "programming password (prefer --password-file or the environment)");
  cmd->add_option("--password-file", password_file, "file whose first line is the password");
  cmd->add_option("--device", meter.device, "device id in JSON output");
  cmd->add_option("--model", family, "three_phase, three_phase_reactive or single_phase")
    ->check(CLI::IsMember({"three_phase", "three_phase_reactive", "single_phase"}))
    ->capture_default_str();
  cmd->add_flag("--native-energy", meter.model.native_energy_code,
                "publish 0F.08.80 as 1-0:15.8.x (absolute energy) instead of 1-0:1.8.x");
}

neva::model_family family_of(const std::string& name) {
  if (name == "three_phase_reactive")
    return neva::model_family::three_phase_reactive;
  return name == "single_phase" ? neva::model_family::single_phase : neva::model_family::three_phase;
}

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-iec61107: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// The daemon: one detached line actor per line, the bus, the command router, /metrics and /healthz.
int run(const settings& s) {
  std::size_t meters = 0;
  for (const auto& line : s.lines)
    meters += line.meters.size();
  return service::run_adapter(
    s.bus, s.http, s.log, "iec61107",
    [&](caf::actor_system& sys, const service::adapter_links& links) {
      std::vector<caf::actor> lines;
      for (const auto& line : s.lines)
        lines.push_back(spawn_line(sys, {line, links}));
      return lines;
    },
    [&](std::size_t) { return fmt::format("{} line(s), {} meter(s)", s.lines.size(), meters); });
}

std::vector<std::string> address_range(unsigned from, unsigned to) {
  std::vector<std::string> out;
  for (unsigned a = from; a <= to; ++a) {
    char text[16];
    std::snprintf(text, sizeof text, "%08u", a);
    out.emplace_back(text);
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  service::block_stop_signals();
  CLI::App app{"meterhub-iec61107: NEVA MT3xx/MT1xx and other IEC 62056-21 mode C meters"};
  app.require_subcommand(1);
  std::string config_file, run_port;
  auto* run_cmd = app.add_subcommand("run", "poll the configured meters and publish their readings");
  run_cmd->add_option("-c,--config", config_file, "YAML configuration")->check(CLI::ExistingFile);
  run_cmd->add_option("--port", run_port, "the first line's port: /dev/ttyUSB0, host:port or :port");
  line_options line;
  meter_options meter;
  std::string password, password_file, family = "three_phase", value, input = "-";
  std::vector<std::string> registers, addresses;
  bool json = false;
  unsigned from = 1, to = 0;

  auto* read_cmd = app.add_subcommand("read", "read registers once and print their values");
  read_cmd->add_option("--obis", registers, "register in NEVA notation, e.g. 20.07.00*FF (repeatable)")->required();
  read_cmd->add_flag("--json", json, "one JSON object per reading");
  auto* write_cmd = app.add_subcommand("write", "write one register");
  write_cmd->add_option("--obis", registers, "register in NEVA notation, e.g. 00.09.01*FF")->required();
  write_cmd->add_option("--value", value, "the value as the meter writes it, e.g. 120000")->required();
  for (auto* cmd : {read_cmd, write_cmd}) {
    add_line_options(cmd, line);
    add_meter_options(cmd, meter, password, password_file, family);
  }
  int days = 1;
  bool today = false;
  std::string zone = "+03:00";
  auto* half_cmd = app.add_subcommand("half-hours", "the half-hour archive of the last days, split by tariff");
  half_cmd->add_option("--days", days, "whole days back from yesterday (1..127)")->check(CLI::Range(1, 127))
    ->capture_default_str();
  half_cmd->add_flag("--today", today, "also today's finished intervals");
  half_cmd->add_flag("--json", json, "one JSON object per reading");
  half_cmd->add_option("--timezone", zone, "the meter's wall clock as a UTC offset")->capture_default_str();
  add_line_options(half_cmd, line);
  add_meter_options(half_cmd, meter, password, password_file, family);
  auto* scan_cmd = app.add_subcommand("scan", "find which addresses answer on a line");
  add_line_options(scan_cmd, line);
  scan_cmd->add_option("--address", addresses, "an address to try (repeatable)");
  scan_cmd->add_option("--from", from, "first address of a range")->capture_default_str();
  scan_cmd->add_option("--to", to, "last address of a range");
  auto* decode_cmd = app.add_subcommand("decode", "decode a captured byte stream into messages and readings");
  decode_cmd->add_option("input", input, "file with captured bytes, or - for stdin")->capture_default_str();
  decode_cmd->add_option("--device", meter.device, "device id in the output");
  CLI11_PARSE(app, argc, argv);

  if (*run_cmd) {
    auto s = load_settings(config_file, run_port);
    if (!s)
      return fail("configuration", s.error());
    return run(*s);
  }
  meter.password = password_of(password, password_file);
  meter.model.family = family_of(family);
  if (*read_cmd)
    return read_registers(line, meter, registers, json);
  if (*write_cmd)
    return write_register(line, meter, registers.front(), value);
  if (*half_cmd) {
    auto offset = meterhub::parse_utc_offset(zone);
    if (!offset) {
      std::cerr << "meterhub-iec61107: --timezone: expected a UTC offset such as +03:00, got \"" << zone << "\"\n";
      return 2;
    }
    return half_hours(line, meter, days, today, json, *offset);
  }
  if (*scan_cmd) {
    if (to >= from) {
      auto range = address_range(from, to);
      addresses.insert(addresses.end(), range.begin(), range.end());
    }
    if (addresses.empty()) {
      std::cerr << "meterhub-iec61107 scan: give --address or --from/--to\n";
      return 2;
    }
    return scan(line, addresses);
  }
  return decode_capture(input, meter);
}
