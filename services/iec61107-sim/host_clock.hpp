#pragma once

#include <chrono>
#include <optional>

#include "meter_time.hpp"

/// Where the imitator's notion of "now" comes from: the host's local time, or a clock set (and maybe frozen) on the
/// command line so tests get the same registers on every run. The model never reads a clock; only this does.
namespace meterhub::iec61107sim {

/// The host's local civil time as local seconds (the meter shows the time of its place; TZ decides it).
local_seconds host_local_now();

class sim_clock {
public:
  /// `start`: the host clock at start (nullopt: the host's local time); `frozen`: it never moves.
  sim_clock(std::optional<local_seconds> start, bool frozen);

  local_seconds now() const;

private:
  std::optional<local_seconds> start_;
  std::chrono::steady_clock::time_point began_;
  bool frozen_;
};

} // namespace meterhub::iec61107sim
