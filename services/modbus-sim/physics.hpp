#pragma once

#include <array>
#include <chrono>
#include <cstdint>

#include "machine.hpp"
#include "random.hpp"

/// The electrical side of one simulated device: three phases of a shop supply whose load is the machine, with
/// consistent values (P = U·I·PF, S = U·I, Q = ±√(S² − P²), totals the sums of the phases) and energy registers
/// that integrate them per direction and tariff. Deterministic for a seed and a start time: the model moves in
/// fixed steps from its start, whatever asks it when, so two runs show the same values at the same model time.
namespace meterhub::modbus_sim {

/// How a device is set up.
struct physics_options {
  std::uint64_t seed = 1;
  std::int64_t start_ms = 0;             ///< model time (ms since the epoch, UTC) the device starts at
  std::chrono::minutes utc_offset{0};    ///< the site's local time, for the day/night tariff
  unsigned phases = 3;                   ///< 1 or 3
  double rated_current = 20.0;           ///< A per phase at full load
  /// The model's step: 1 s, longer when the clock runs fast (model_step_for) so that a device polled every ten
  /// seconds at 600× speed costs 600 steps, not 6,000. It divides a minute, so profile periods end on a step.
  std::int64_t step_ms = 1000;
};

/// The step that suits a clock running `speed` times as fast as the host's: about speed / 10 seconds, rounded
/// down to a divisor of 60 s (1 s at normal speed, 60 s from 600× on).
std::int64_t model_step_for(double speed) noexcept;

/// One phase at the current step. The power factor's sign is the active power's (negative: export); reactive
/// power is positive when inductive.
struct phase_state {
  double voltage = 0;
  double current = 0;
  double power_factor = 1;
  double active = 0;   ///< W, signed
  double reactive = 0; ///< var, signed
  double apparent = 0; ///< VA
};

/// The four energy registers of a meter.
enum class energy_kind : std::uint8_t { active_import, active_export, reactive_import, reactive_export };
inline constexpr unsigned energy_kind_count = 4;
/// Tariffs a meter keeps (T1 day, T2 night; T3, T4 stay where they started).
inline constexpr unsigned tariff_count = 4;

/// The tariff in force at local time `local_ms`: T1 from 07:00 to 23:00, T2 at night.
unsigned tariff_at(std::int64_t local_ms) noexcept;

class device_physics {
public:
  explicit device_physics(const physics_options& options);

  /// Moves the model to `time_ms` (never back) in its steps; the values then are those of the last step at or
  /// before `time_ms`.
  void advance_to(std::int64_t time_ms) { advance_to(time_ms, step_ms_); }
  /// The same in steps of `step_ms` (coarser steps fill months of history fast).
  void advance_to(std::int64_t time_ms, std::int64_t step_ms);
  /// The step it normally moves in.
  std::int64_t step_ms() const noexcept { return step_ms_; }

  /// Model time of the last step.
  std::int64_t time_ms() const noexcept { return time_ms_; }
  unsigned phases() const noexcept { return phases_; }
  /// Phase 0…2 (phases a single-phase device lacks are all zero).
  const phase_state& phase(unsigned i) const noexcept { return phase_[i < 3 ? i : 0]; }
  /// Sums over the phases.
  double active() const noexcept { return total_.active; }
  double reactive() const noexcept { return total_.reactive; }
  double apparent() const noexcept { return total_.apparent; }
  /// P / S, with the active power's sign; 1 without load.
  double power_factor() const noexcept { return total_.power_factor; }
  double frequency() const noexcept { return frequency_; }
  /// The device's inside, °C: warmer while the machine runs.
  double temperature() const noexcept { return temperature_; }
  /// Voltage distortion per phase, % (Mercury's KU).
  double distortion(unsigned i) const noexcept;

  /// Wh or varh of `kind` in tariff 1…4, or the sum for tariff 0.
  double energy(energy_kind kind, unsigned tariff = 0) const noexcept;
  /// Wh or varh of `kind` through phase 0…2.
  double phase_energy(unsigned phase, energy_kind kind) const noexcept;
  /// The tariff (1…4) energy goes to now.
  unsigned tariff() const noexcept;
  /// The largest active import power seen since start (the maximum-demand register).
  double peak_active() const noexcept { return peak_active_; }

  const modbus_sim::machine& machine() const noexcept { return machine_; }

private:
  void step(std::int64_t dt_ms);
  void integrate(double hours);
  void update_phase(unsigned i, double dt_s);
  void update_totals();

  random_source rng_;
  std::int64_t time_ms_;
  std::int64_t step_ms_;
  std::chrono::minutes utc_offset_;
  unsigned phases_;
  double rated_current_;
  modbus_sim::machine machine_;
  std::array<phase_state, 3> phase_{};
  std::array<double, 3> voltage_bias_{}, voltage_walk_{}, load_walk_{};
  phase_state total_;
  double frequency_ = 50.0, frequency_walk_ = 0, temperature_ = 24.0;
  double peak_active_ = 0;
  /// [kind][tariff-1], and [phase][kind]
  std::array<std::array<double, tariff_count>, energy_kind_count> energy_{};
  std::array<std::array<double, energy_kind_count>, 3> phase_energy_{};
};

} // namespace meterhub::modbus_sim
