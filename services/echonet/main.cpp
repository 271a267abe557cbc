// meterhub-echonet: Japanese low-voltage smart meters over Route B (Wi-SUN module, SKSTACK-IP, ECHONET Lite).
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <caf/all.hpp>

#include "cli.hpp"
#include "module_actor.hpp"
#include "meterhub/service/adapter.hpp"
#include "meterhub/service/service.hpp"
#include "settings.hpp"

using namespace meterhub;
using namespace meterhub::echonet_service;

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-echonet: " << what << ": " << describe(err) << "\n";
  return 2;
}

/// The daemon: one detached actor per module, the bus, the command router, /metrics and /healthz.
int run(const settings& s) {
  return service::run_adapter(
    s.bus, s.http, s.log, "echonet",
    [&](caf::actor_system& sys, const service::adapter_links& links) {
      std::vector<caf::actor> modules;
      for (const auto& m : s.modules)
        modules.push_back(spawn_module(sys, {m, links, s.state_dir / (m.device + ".json")}));
      return modules;
    },
    [&](std::size_t n) {
      return fmt::format("{} Route-B module(s), state in {}", n, s.state_dir.string());
    });
}

/// A secret from its flag, its file or the environment; an unreadable file stops the command.
std::string secret_of(const std::string& flag, const std::string& file, const char* env) {
  auto secret = service::command_line_secret(flag, file, env);
  if (!secret) {
    std::cerr << "meterhub-echonet: " << describe(secret.error()) << "\n";
    std::exit(2);
  }
  return secret->value_or("");
}

struct secrets {
  std::string rbid, rbid_file, password, password_file;
};

void add_port_options(CLI::App* cmd, target_options& t) {
  cmd->add_option("--port", t.port, "the module's serial port (/dev/ttyUSB0), or tcp://host:port")->required();
  cmd->add_option("--serial", t.serial, "serial line settings")->capture_default_str();
  cmd->add_option("--model", t.model, "auto (ask SKINFO), bp35a1 or bp35c2")
    ->check(CLI::IsMember({"auto", "bp35a1", "bp35c2"}))->capture_default_str();
  cmd->add_option("--first-duration", t.first_duration, "SKSCAN duration to start with")->check(CLI::Range(0, 14))
    ->capture_default_str();
  cmd->add_option("--max-duration", t.max_duration, "SKSCAN duration to escalate to")->check(CLI::Range(0, 14))
    ->capture_default_str();
  cmd->add_flag("--json", t.json, "one JSON object per line");
}

void add_meter_options(CLI::App* cmd, target_options& t, secrets& s) {
  add_port_options(cmd, t);
  cmd->add_option("--route-b-id", s.rbid, "the 32-character Route-B ID (prefer --route-b-id-file or "
                                          "METERHUB_ROUTE_B_ID)");
  cmd->add_option("--route-b-id-file", s.rbid_file, "file whose first line is the Route-B ID");
  cmd->add_option("--password", s.password, "the Route-B password (prefer --password-file or "
                                            "METERHUB_ROUTE_B_PASSWORD)");
  cmd->add_option("--password-file", s.password_file, "file whose first line is the Route-B password");
  cmd->add_option("--meter-mac", t.meter_mac, "join only the PAN of this meter (16 hex digits)");
  cmd->add_option("--join-timeout", t.join_timeout_s, "seconds for scan and join")->capture_default_str();
  cmd->add_option("--reply-timeout", t.reply_timeout_s, "seconds to wait for each answer")->capture_default_str();
  cmd->add_option("--device", t.device, "device id in the output")->capture_default_str();
}

} // namespace

int main(int argc, char** argv) {
  service::block_stop_signals();
  CLI::App app{"meterhub-echonet: Japanese smart meters over Route B (Wi-SUN SKSTACK-IP module, ECHONET Lite)"};
  app.require_subcommand(1);
  std::string config_file;
  auto* run_cmd = app.add_subcommand("run", "keep the sessions, poll the meters and publish their readings");
  run_cmd->add_option("-c,--config", config_file, "YAML configuration")->check(CLI::ExistingFile)->required();

  target_options target;
  secrets s;
  std::vector<std::string> epcs;
  unsigned days = 1;
  std::string input = "-", decode_model = "auto", time;
  auto* scan_cmd = app.add_subcommand("scan", "find the PANs in reach: channel, PAN id, MAC, RSSI");
  add_port_options(scan_cmd, target);
  auto* read_cmd = app.add_subcommand("read", "join, read properties once and print them");
  add_meter_options(read_cmd, target, s);
  read_cmd->add_option("--epc", epcs, "EPC in hex (repeatable; default E7 E8 E0 E3 EA EB)");
  auto* history_cmd = app.add_subcommand("history", "join and print the half-hour history of the last days");
  add_meter_options(history_cmd, target, s);
  history_cmd->add_option("--days", days, "today and the days before it (1-100)")->check(CLI::Range(1, 100))
    ->capture_default_str();
  auto* decode_cmd = app.add_subcommand("decode", "decode a captured module log into JSON readings");
  decode_cmd->add_option("input", input, "the log, or - for stdin")->capture_default_str();
  decode_cmd->add_option("--model", decode_model, "auto, bp35a1 or bp35c2")
    ->check(CLI::IsMember({"auto", "bp35a1", "bp35c2"}))->capture_default_str();
  decode_cmd->add_option("--device", target.device, "device id in the output")->capture_default_str();
  decode_cmd->add_option("--time", time, "time stamp of live values (ISO 8601; default the epoch)");
  CLI11_PARSE(app, argc, argv);

  if (*run_cmd) {
    auto loaded = load_settings(config_file);
    if (!loaded)
      return fail("configuration", loaded.error());
    return run(*loaded);
  }
  if (*decode_cmd)
    return decode_log(input, decode_model, target.device, time);
  if (*scan_cmd)
    return scan_pans(target);
  target.route_b_id = secret_of(s.rbid, s.rbid_file, "METERHUB_ROUTE_B_ID");
  target.password = secret_of(s.password, s.password_file, "METERHUB_ROUTE_B_PASSWORD");
  if (target.route_b_id.size() != 32 || target.password.empty() || target.password.size() > 32) {
    std::cerr << "meterhub-echonet: the Route-B ID (32 characters) and password (1-32) are needed: "
                 "--route-b-id-file / METERHUB_ROUTE_B_ID and --password-file / METERHUB_ROUTE_B_PASSWORD\n";
    return 2;
  }
  if (*read_cmd)
    return read_properties(target, epcs);
  return read_history(target, days);
}
