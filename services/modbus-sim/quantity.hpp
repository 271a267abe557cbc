#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "physics.hpp"

/// From the platform's vocabulary (ARCHITECTURE.md §3: OBIS "A-B:C.D.E" and `x:` names) to the simulated
/// device's values. A profile's quantity is resolved once when the device is built; reading it is then a switch.
namespace meterhub::modbus_sim {

/// Where a quantity's value comes from.
enum class source : std::uint8_t {
  voltage,          ///< phase, or the average (phase 3)
  current,          ///< phase, or the average (phase 3)
  neutral_current,  ///< the phasor sum of the phase currents
  power,            ///< phase or total (phase 3), in the direction `kind`
  apparent,         ///< phase or total
  power_factor,     ///< phase or total, signed by the active power
  frequency,
  angle,            ///< 81.7.E: E = 10·a + b, the angle from phasor a to phasor b (0-2 U, 4-6 I of L1-L3)
  energy,           ///< `kind` in `tariff` (0 = sum), or through one phase (phase < 3)
  energy_absolute,  ///< 15.8.x: import + export
  energy_net,       ///< 16.8.x: import − export
  peak_power,       ///< 1.6.0: the largest active import power since start
  machine_state,    ///< x:machine_state
  input,            ///< x:di.N
  input_mask,       ///< x:di
  edge_count,       ///< x:di_count.N (rising edges), x:pulse_count and x:piece_count (the part sensor, DI 3)
  run_time,         ///< x:run_time: seconds the machine has run (its hour meter)
  temperature,      ///< x:temperature
  distortion,       ///< x:ku.N (voltage THD, %)
  zero,             ///< outputs and set points (x:do.N, x:ao.N): 0 until written
  one,              ///< links and devices behind a gateway that are up (x:meter_online, x:*_online)
};

/// A resolved quantity.
struct quantity_ref {
  modbus_sim::source source = source::zero;
  std::uint8_t phase = 3;  ///< 0-2 a phase, 3 the total or average
  energy_kind kind = energy_kind::active_import;
  std::uint8_t tariff = 0; ///< energies: 0 the sum, 1-4 a tariff
  std::uint8_t n = 0;      ///< inputs, distortion: 1-based number; angle: E
};

/// The model's source for `quantity` (canonical text as the profile loader leaves it); nullopt for a quantity the
/// simulator has no value for (the device then answers 0 there, and the program says so at start). Besides the
/// OBIS codes: x:machine_state, x:run_time, x:di, x:di.N, x:di_count.N, x:pulse_count and x:piece_count (the part
/// sensor's count, DI 3), x:temperature, x:ku.1-3, x:do.N / x:ao.N / x:setpoint.N, x:alarm_code, x:phase_sequence
/// and x:NAME_status (0), x:online and x:NAME_online (1).
std::optional<quantity_ref> resolve_quantity(std::string_view quantity);

/// The value now, in the quantity's SI unit (W, Wh, V, A, Hz, degree, °C; counts and states as numbers).
double value_of(const device_physics& model, const quantity_ref& q);

} // namespace meterhub::modbus_sim
