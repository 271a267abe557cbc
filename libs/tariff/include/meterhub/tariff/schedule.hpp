#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/tariff/calendar.hpp"

/// Tariffs within one day: the switch-point lookup of spec iec61107-neva §7.5 and its application to the profile
/// intervals. Meters keep only an average power per interval, so an interval is booked whole to the tariff in force
/// at its start, and flagged when the tariff changes inside it.
namespace meterhub::tariff {

/// Minutes in a civil day; a meter's local day has no DST jumps (spec §6: Russia keeps none by default).
inline constexpr unsigned minutes_per_day = 1440;

/// Interval length in minutes for a load profile of `count` values: 60 for 24, 30 for 48, nullopt for any other
/// count (spec §7.3 accepts only these two).
std::optional<unsigned> interval_minutes(std::size_t count) noexcept;

/// Checks that every switch point lies within the day (minute < 1440) and names a tariff 1..max_tariff.
caf::error validate_schedule(const day_schedule& schedule);

/// A schedule with one switch, `tariff` from midnight: what a special day under the tariff meaning stands for, so
/// that both kinds of day_plan feed the same interval computation.
day_schedule whole_day_schedule(std::uint8_t tariff);

/// The tariff in force at `minute_of_day`: that of the last switch at or before it; before the first switch, the
/// day's last switch carries over midnight; no switches at all mean T1. Of several switches at the same minute the
/// later entry wins. nullopt when the minute is 1440 or later or the schedule fails validate_schedule.
std::optional<std::uint8_t> tariff_at(const day_schedule& schedule, unsigned minute_of_day) noexcept;

/// How one profile interval is booked.
struct interval_tariff {
  std::uint8_t tariff = 1; ///< the tariff in force at the interval's start
  bool estimated = false;  ///< a switch strictly inside the interval changes the tariff: the split is a guess

  friend bool operator==(const interval_tariff&, const interval_tariff&) = default;
};

/// The booking of each of `count` intervals (24 or 48) of a day under `schedule`. A switch inside an interval that
/// re-states the tariff already in force does not make it estimated: nothing is misbooked. Errors:
/// bad_interval_count, bad_schedule.
caf::expected<std::vector<interval_tariff>> interval_tariffs(const day_schedule& schedule, std::size_t count);

} // namespace meterhub::tariff
