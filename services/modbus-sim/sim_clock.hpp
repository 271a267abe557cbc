#pragma once

#include <chrono>
#include <cstdint>

/// The simulator's notion of "now": model time starts where the command line says (or at the host's time) and
/// runs `speed` times as fast as the host's steady clock, so a day of energy passes in minutes when asked. The
/// models never read a clock; only this does.
namespace meterhub::modbus_sim {

class sim_clock {
public:
  /// `start_ms`: model time at construction (ms since the epoch, UTC); `speed` > 0.
  sim_clock(std::int64_t start_ms, double speed);

  /// The model time now.
  std::int64_t model_ms() const;
  /// The host's steady clock in ms (for idle timeouts, which stay in real time whatever the speed).
  std::int64_t host_ms() const;
  double speed() const noexcept { return speed_; }

  /// The host's wall clock, ms since the epoch (the default start).
  static std::int64_t wall_now_ms();

private:
  std::int64_t start_ms_;
  double speed_;
  std::chrono::steady_clock::time_point began_;
};

} // namespace meterhub::modbus_sim
