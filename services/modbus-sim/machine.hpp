#pragma once

#include <array>
#include <cstdint>

#include "random.hpp"

/// The machine a simulated meter or I/O module watches: it switches between off, idle and running every few
/// minutes, and its digital inputs follow it (power on, running, a part sensor pulsing while it runs, a guard door
/// opened now and then). Pure: time comes in as steps, randomness from the device's seed.
namespace meterhub::modbus_sim {

/// `x:machine_state`: the number a PLC would publish.
enum class machine_state : std::uint8_t { off = 0, idle = 1, running = 2 };

/// Digital inputs per device (`x:di.1` … `x:di.32`; OWEN MV110-224-16DN has 16).
inline constexpr unsigned input_count = 32;

/// The machine and its inputs.
class machine {
public:
  /// Seconds a drive feeds energy back after running stops (regenerative braking): the export the meters see.
  static constexpr std::int64_t regeneration_ms = 15'000;

  explicit machine(std::uint64_t seed);

  /// Moves `dt_ms` on from `now_ms` (the time before the step): switches state when its time is up, then updates
  /// the inputs and counts their rising edges.
  void step(std::int64_t now_ms, std::int64_t dt_ms);

  machine_state state() const noexcept { return state_; }
  /// True while the drive brakes after running (power flows back to the grid).
  bool regenerating(std::int64_t now_ms) const noexcept { return now_ms < regenerate_until_ms_; }
  /// Input n (1-based as the vendors number them; 0 and numbers past `input_count` are always off).
  bool input(unsigned n) const noexcept;
  /// Inputs 1…16 as a bitmask, input 1 in bit 0 (OWEN's "DI state" register).
  std::uint32_t input_mask() const noexcept;
  /// Rising edges of input n since the device started (wrapping is the register's business).
  std::uint64_t rising_edges(unsigned n) const noexcept;
  /// The hour meter: milliseconds the machine has run (it came with a few thousand hours on it).
  std::int64_t run_ms() const noexcept { return run_ms_; }

private:
  void switch_state(std::int64_t now_ms);
  bool next_input(unsigned n, std::int64_t dt_ms);

  random_source rng_;
  machine_state state_ = machine_state::off;
  std::int64_t next_switch_ms_ = -1; ///< -1: not scheduled yet (the first step schedules from its time)
  std::int64_t regenerate_until_ms_ = 0;
  std::int64_t run_ms_ = 0;
  std::uint32_t inputs_ = 0; ///< bit n-1 = input n
  std::array<std::uint64_t, input_count> edges_{};
};

} // namespace meterhub::modbus_sim
