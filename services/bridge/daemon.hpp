#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "settings.hpp"

/// `meterhub-bridge run` and its one-shot form.
namespace meterhub::bridge {

/// How a run ends.
struct run_mode {
  /// Publish what the first batch of a bridged device derives, then exit (for cron, as the script's --oneshot).
  bool one_shot = false;
  std::chrono::milliseconds one_shot_timeout{60'000};
};

/// Runs the bridge until SIGTERM or SIGINT (or, one-shot, until the first batch was published); returns the exit
/// code: 0, 1 when a one-shot run saw no reading in time, 2 when the settings, a port or the bus cannot be used.
int run_bridge(bridge_settings settings, run_mode mode);

} // namespace meterhub::bridge
