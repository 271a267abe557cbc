#pragma once

#include <cstddef>
#include <map>

/// Counters that wrap: a pulse counter in a 16-bit register goes 65535 → 0, and a consumer summing consumption must
/// see 65536 instead of a drop of 65535. The tracker turns a device's raw counts into a count that keeps growing.
///
/// The rule, per register, in raw counts, with `wrap` the counter's modulus (65536 for a u16):
/// * the first value seen is taken as it is (published = raw);
/// * a value at or above the last one continues the count (published = base + raw);
/// * a value below the last one is a wrap when the step forward across the wrap, `wrap - last + raw`, is at most
///   half the range (`wrap / 2`): the base grows by `wrap` and the published count grows by that step;
/// * any other drop (a counter reset by a write of 0, a device replaced or reset to factory state) restarts the
///   count: base 0, published = raw, and the reading is flagged `suspicious` so analytics sees the discontinuity
///   instead of a negative consumption.
/// Half the range is the line because a poll interval that lets a counter advance by half its range has lost the
/// information anyway: a 16-bit pulse counter polled every 10 s would need 3,276 pulses per second.
namespace meterhub::profiles {

/// What the tracker remembers of one counter; persisted by a caller that wants continuity across restarts.
struct counter_state {
  double last_raw = 0; ///< the last raw count seen
  double base = 0;     ///< added to the raw count: the wraps so far × wrap
};

/// One device's counters, keyed by register index in its profile. State is the caller's (one tracker per device,
/// reset or rebuilt when the profile changes); the tracker itself is pure arithmetic.
class counter_tracker {
public:
  /// The continuous count for the raw value.
  struct result {
    double count = 0;       ///< base + raw: the value to scale and publish
    bool restarted = false; ///< a drop that was no plausible wrap: the count started over (flag the reading)
  };

  /// Feeds one raw value of register `register_index`, a counter of modulus `wrap` (> 0).
  result update(std::size_t register_index, double raw, double wrap);

  /// The remembered state, for persisting.
  const std::map<std::size_t, counter_state>& states() const noexcept { return states_; }

  /// Restores a persisted state for a register (before its first update).
  void restore(std::size_t register_index, counter_state state) { states_[register_index] = state; }

private:
  std::map<std::size_t, counter_state> states_;
};

} // namespace meterhub::profiles
