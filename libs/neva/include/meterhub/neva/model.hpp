#pragma once

#include <cstdint>

/// What the codec needs to know about a meter model: which family's register meanings and poll list apply, and
/// how the platform publishes the energy registers.
namespace meterhub::neva {

/// NEVA model families whose register sets differ (spec §5).
enum class model_family : std::uint8_t {
  three_phase,          ///< MT3xx without reactive energy
  three_phase_reactive, ///< MT3xx "R" models: reactive energy and power registers as well
  single_phase,         ///< MT1xx: voltage and current in 0C.07.00 / 0B.07.00
};

/// Per-device choices for turning replies into readings.
struct model_options {
  model_family family = model_family::three_phase;
  /// Publish 0F.08.80 as its native 1-0:15.8.0..4 ("absolute" energy |A+| + |A−|) instead of 1-0:1.8.0..4.
  /// Import is the useful default on meters that do not register export, where the two are equal (spec §5 note).
  bool native_energy_code = false;
};

} // namespace meterhub::neva
