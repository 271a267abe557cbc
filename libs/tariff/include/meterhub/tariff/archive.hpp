#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/tariff/calendar.hpp"
#include "meterhub/tariff/schedule.hpp"

/// The half-hour archive of one day (spec iec61107-neva §7.6–7.7): cumulative [total, T1..T4] after every profile
/// interval, rebuilt from the start-of-day registers, the interval energies and their tariffs. Times stay minutes
/// from the meter's local midnight and energies stay mWh; turning them into UTC readings is the service's job.
namespace meterhub::tariff {

/// Registers per set: the total and one per tariff.
inline constexpr std::size_t register_count = 1 + max_tariff;

/// Energies [total, T1, T2, T3, T4] in mWh: index 0 is the total, index t is tariff t.
using register_set = std::array<std::int64_t, register_count>;

/// The registers after one interval.
struct archive_point {
  std::uint16_t end_minute = 0;    ///< the interval's end from D's local midnight, 30 (or 60) … 1440
  register_set cumulative_mwh{};   ///< start-of-day registers plus every interval up to this one
  std::uint8_t tariff = 1;         ///< the tariff this interval's energy was booked to
  bool estimated = false;          ///< the split is a guess (a switch inside the interval, or a rescaled day)

  friend bool operator==(const archive_point&, const archive_point&) = default;
};

/// One day's archive and what it was built from, so that the consistency check can compare it with the next day.
struct day_archive {
  register_set start_mwh{};       ///< the start-of-day registers (0F.80.80*i)
  unsigned interval_minutes = 30; ///< 30 or 60
  std::vector<archive_point> points;

  friend bool operator==(const day_archive&, const day_archive&) = default;
};

/// The inputs of one day, as the session gathers them.
struct day_profile {
  register_set start_mwh{};               ///< start-of-day registers in mWh, e.g. from kwh_to_mwh
  std::vector<std::int64_t> energies_mwh; ///< 24 or 48 interval energies, from profile_energies_mwh
  std::vector<interval_tariff> tariffs;   ///< one per interval, from interval_tariffs
};

/// Accumulates the day: each interval's energy adds to the total and to its tariff, and one point per interval is
/// emitted at the interval's end. With `now_minute` (the meter's time when D is today) only intervals that ended
/// by then are emitted; the profile's later values are not yet averages. Errors: bad_interval_count (not 24/48, or
/// energies and tariffs of different lengths), bad_tariff, negative_value, bad_minute (past 1440), overflow.
caf::expected<day_archive> build_day(const day_profile& day, std::optional<unsigned> now_minute = std::nullopt);

} // namespace meterhub::tariff
