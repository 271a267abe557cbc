#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "load_shape.hpp"

/// The meter's two cumulative energies (import and export, in Wh) integrated minute by minute from the load shape,
/// with the value at every whole minute of the retained past, so that history 1/2/3 and EA/EB are exactly what the
/// live registers read when the clock passed that time (spec §7: a history slot = E0 at that boundary).
namespace meterhub::echonet_sim {

/// Import and export Wh at one instant.
struct energy_pair {
  double import_wh = 0;
  double export_wh = 0;
};

class energy_ledger {
public:
  /// The ledger at meter time `clock_ms` (UTC ms) holding `now`; the past `keep_ms` is filled back by integrating
  /// the same load backwards from `now`.
  energy_ledger(load_shape shape, std::int64_t clock_ms, energy_pair now, std::int64_t keep_ms);

  /// Integrates the load up to `clock_ms` (no-op when it is not later); appends the :00 / :30 boundaries passed on
  /// the way to `slots_passed` when given.
  void advance_to(std::int64_t clock_ms, std::vector<std::int64_t>* slots_passed);

  /// The energies at a whole minute (UTC ms) of the retained past, up to now; nullopt outside it.
  std::optional<energy_pair> at_minute(std::int64_t minute_ms) const;

  std::int64_t clock_ms() const noexcept { return clock_ms_; }
  const energy_pair& now() const noexcept { return now_; }
  /// The net power of the minute the clock is in, W.
  std::int32_t watts() const noexcept;

private:
  void add(std::int32_t watts, std::int64_t ms, energy_pair& e) const noexcept;

  load_shape shape_;
  std::int64_t clock_ms_;
  energy_pair now_;
  std::int64_t keep_ms_;
  std::int64_t first_minute_ms_ = 0; ///< time of minutes_.front()
  std::deque<energy_pair> minutes_;  ///< one entry per whole minute, oldest first, the newest ≤ clock
};

} // namespace meterhub::echonet_sim
