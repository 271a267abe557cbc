#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "meterhub/core/reading.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/echonet/clock.hpp"

/// Which half-hour values of a meter's cumulative registers were published, and which history reads fill the rest
/// (spec §7). Pure: the module actor feeds it the meter's clock and what arrived, and carries out the reads.
namespace meterhub::echonet_service {

inline constexpr std::int64_t slot_ms = 30 * 60'000;
inline constexpr std::int64_t day_ms = 86'400'000;

/// The latest :00 / :30 boundary at or before `unix_ms`.
constexpr std::int64_t slot_floor(std::int64_t unix_ms) noexcept {
  const auto r = unix_ms % slot_ms;
  return unix_ms - (r < 0 ? r + slot_ms : r);
}

/// The half-hour series of one direction (1.8.0 import from EA / E2 / EC, 2.8.0 export from EB / E4 / EC): each
/// boundary is published once, in order, so a live push and a history read of the same slot never both go out.
class slot_series {
public:
  /// What to do with the value of slot `time_ms` that just arrived live (an EA/EB notification or Get).
  enum class verdict : std::uint8_t {
    publish,   ///< the next slot (or the first ever): publish it, then `published(time_ms)`
    duplicate, ///< at or before the last published slot: drop it
    gap,       ///< slots are missing before it: read the history up to it instead of publishing it alone
  };
  explicit slot_series(std::optional<std::int64_t> last = std::nullopt) : last_(last) {}
  verdict classify(std::int64_t time_ms) const noexcept;
  /// `time_ms` went out; later slots only from now on.
  void published(std::int64_t time_ms) noexcept;
  /// The last slot published (persisted across restarts), if any.
  std::optional<std::int64_t> last() const noexcept { return last_; }

private:
  std::optional<std::int64_t> last_;
};

/// One history read: SetC ED + Get EC (up to 12 slots of both directions, newest first), or SetC E5 + Get E2 and
/// E4 (one whole day).
struct history_read {
  enum class kind : std::uint8_t { half_hours, day } what = kind::day;
  echonet::meter_date_time newest; ///< half_hours: the newest slot, meter-local
  std::uint8_t count = 0;          ///< half_hours: slots (1…12)
  std::uint8_t days_back = 0;      ///< day: 0 = the meter's today … 99
  civil_day day;                   ///< day: the meter-local date it stands for
};

/// The meter's clock as a plan needs it.
struct meter_now {
  std::int64_t unix_ms = 0;                              ///< the meter's clock in UTC
  std::chrono::minutes utc_offset = echonet::japan_utc_offset;
};

/// The reads that fetch every slot after `after_ms` up to and including `upto_ms` (both on boundaries), the
/// fewest requests first: one half-hours read for up to 12 slots when the meter has EC, otherwise one day read per
/// meter-local day touched. Days further back than 99 are left out (the meter no longer has them).
std::vector<history_read> plan_history(std::int64_t after_ms, std::int64_t upto_ms, const meter_now& now,
                                       bool has_half_hours);

/// Where a backfill starts when nothing was published before: the meter-local midnight `first_start_days` days
/// before the meter's today, minus one slot so that midnight itself is included.
std::int64_t first_start_after(const meter_now& now, unsigned first_start_days);

/// The readings of `quantity` in (after_ms, upto_ms], in time order; other readings are dropped.
std::vector<reading> slots_between(const std::vector<reading>& readings, const std::string& quantity,
                                   std::int64_t after_ms, std::int64_t upto_ms);

} // namespace meterhub::echonet_service
