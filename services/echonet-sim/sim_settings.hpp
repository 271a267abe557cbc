#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meter.hpp"
#include "module.hpp"

/// The command line as text, and its check: every option is turned into the model's settings here, or the option
/// and the reason are named (the program exits 64 with that message). Pure, so the checks are unit-tested.
namespace meterhub::echonet_sim {

/// The options as CLI11 fills them (README "Options").
struct option_text {
  bool pty = true; ///< always on: the simulator serves one pty
  std::string model = "bp35a1";
  std::string mac = "001D129012345678";
  std::string module_mac = "001C640000000001";
  std::string channel = "21", pan = "8888", lqi = "E0", pair_id = "12345678";
  std::string rbid = "00112233445566778899AABBCCDDEEFF", password = "0123456789AB";
  std::string wopt = "01";
  bool no_ropt = false;
  std::uint64_t seed = 1;
  std::string clock_offset = "0", start;
  std::string reauth_every = "0", reauth_time = "2s", txlimit_every = "0", txlimit_for = "10s";
  double scan_speed = 18;
  unsigned scan_min_duration = 4;
  bool no_meter = false;
  std::string reply_delay = "50ms";
  std::vector<std::string> faults;
  bool control_stdin = false;
  std::string log_level = "info";
  // the meter
  bool solar = false, no_coefficient = false, two_wire = false;
  std::uint32_t coefficient = 1, start_energy = 123'456, start_export = 2'345;
  std::string unit = "01";
  unsigned digits = 6;
};

struct sim_settings {
  meter_options meter;
  module_options module;
};

/// `settings` or, when an option is wrong, `error` = "--option VALUE: reason".
struct settings_result {
  std::optional<sim_settings> settings;
  std::string error;
};

/// Checks and converts the options; `now` (host UTC ms) turns --start into the clock offset.
settings_result finish_options(const option_text& o, std::int64_t now);

} // namespace meterhub::echonet_sim
