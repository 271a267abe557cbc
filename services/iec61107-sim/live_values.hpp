#pragma once

#include <array>
#include <cstdint>

#include "meter_time.hpp"

/// The instantaneous quantities of a three-phase meter (MT324) at one second of its clock: noisy but physically
/// consistent, P = U · I · pf per phase, and the phase powers add up to the total. Integers in fixed units keep the
/// formatting exact.
namespace meterhub::iec61107sim {

struct phase_values {
  std::int64_t power_dw = 0;   ///< active power, 0.1 W
  std::int64_t voltage_cv = 0; ///< 0.01 V
  std::int64_t current_ma = 0; ///< mA
  int power_factor_milli = 1000; ///< cos φ × 1000, inductive
};

struct live_values {
  std::array<phase_values, 3> phases;
  std::int64_t total_power_dw = 0;       ///< 0.1 W, = the sum of the phases
  int frequency_chz = 5000;              ///< 0.01 Hz
  int temperature_c = 25;                ///< inside the meter
  std::array<int, 3> angles_ddeg{1200, 2400, 1200}; ///< between phase voltages L1-L2, L3-L1, L2-L3, 0.1°
};

/// The values at meter time `t` of a meter with `seed` whose load averages `interval_power_w` over the running half
/// hour (the total wanders ±2 % around it second by second; the energy registers follow the average).
live_values live_values_at(std::uint64_t seed, local_seconds t, int interval_power_w) noexcept;

} // namespace meterhub::iec61107sim
