// meterhub-bridge: the bus's readings, device states and alerts as VSCP events, plain and JSON MQTT topics, Home
// Assistant discovery and a Modbus TCP slave for SCADA.
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "daemon.hpp"
#include "meterhub/service/service.hpp"
#include "vscp_command.hpp"

using namespace meterhub;
using namespace meterhub::bridge;

namespace {

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-bridge: " << what << ": " << describe(err) << "\n";
  return 2;
}

std::chrono::milliseconds seconds(int s) {
  return std::chrono::milliseconds{static_cast<std::int64_t>(s) * 1000};
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-bridge: the bus as VSCP events, plain and JSON MQTT topics, Home Assistant discovery and a "
               "Modbus TCP slave"};
  app.require_subcommand(1);

  std::filesystem::path config;
  bool one_shot = false;
  int timeout_s = 60;
  auto* run = app.add_subcommand("run", "the daemon: bridge the bus until SIGTERM");
  run->add_option("-c,--config", config, "YAML configuration (deploy/config/bridge.yaml documents every key)")
    ->required()
    ->check(CLI::ExistingFile);
  run->add_flag("--oneshot", one_shot, "publish what the next reading batch derives, then exit (for cron)");
  run->add_option("--timeout", timeout_s, "with --oneshot: seconds to wait for a batch")->capture_default_str();
  auto* check = app.add_subcommand("check", "read and check the configuration, print what it enables, exit");
  check->add_option("-c,--config", config, "YAML configuration")->required()->check(CLI::ExistingFile);

  vscp_command_options v;
  auto* vscp_cmd = app.add_subcommand(
    "vscp", "vscp-python-p1-power-meter's way: its config.ini, VSCP events only (the script's -c, -v, -d, --oneshot)");
  add_vscp_options(vscp_cmd, v);

  CLI11_PARSE(app, argc, argv);

  if (vscp_cmd->parsed())
    return run_vscp_command(v);
  auto s = load_settings(config);
  if (!s)
    return fail("configuration", s.error());
  if (check->parsed()) {
    std::cout << describe_settings(*s);
    return 0;
  }
  const bool once = one_shot || (s->vscp.enabled && s->vscp.one_shot);
  return run_bridge(std::move(*s), {once, seconds(timeout_s)});
}
