#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

/// `meterhub-bridge vscp`: what users of vscp-python-p1-power-meter switch to without touching their flows. It reads
/// the script's config.ini (the VSCP events go to its [MQTT] broker), takes the readings from the meterhub bus
/// instead of a serial port, and keeps the script's switches: -c, -v (verbose: every event is logged), -d (debug),
/// --oneshot (one telegram, then exit; also `one_shot = true` in [GENERAL]).
namespace meterhub::bridge {

struct vscp_command_options {
  std::filesystem::path ini;
  bool one_shot = false;
  bool verbose = false;
  bool debug = false;
  std::string bus_url;                  ///< empty: METERHUB_BUS_URL, else tcp://127.0.0.1:1883
  std::string bus_prefix = "meterhub";
  std::string mac;                      ///< empty: the interface of the default route
  std::vector<std::string> devices;     ///< globs; empty: every device
  std::string profile;                  ///< empty: config.ini's (the script's)
  std::filesystem::path state_dir = "var/bridge-vscp";
  int timeout_s = 60;
};

void add_vscp_options(CLI::App* cmd, vscp_command_options& o);

/// Runs the VSCP bridge; the exit code as `run_bridge` gives it (2 for a config.ini it refuses, with the key).
int run_vscp_command(const vscp_command_options& o);

} // namespace meterhub::bridge
