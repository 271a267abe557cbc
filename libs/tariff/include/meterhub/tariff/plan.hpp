#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "meterhub/tariff/calendar.hpp"

/// Which tariff plan applies on a given date: the special-day and season lookup of spec iec61107-neva §7.4 a–b,
/// done for the requested date D (vika-sonne's code wrongly uses today's date for the special days).
namespace meterhub::tariff {

/// What decides the tariffs of a date.
enum class plan_kind : std::uint8_t {
  schedule,         ///< look every interval up in day schedule `number` (the session reads 0A.NN.64 for it)
  whole_day_tariff, ///< tariff `number` for the whole day (a special day under the tariff meaning)
};

/// Which calendar entry chose the plan, for logs and for the season cross-check against the meter's 00.08.02.
enum class plan_source : std::uint8_t {
  special_day, ///< a special day for D's month/day
  season,      ///< a season, by D's weekday
  no_season,   ///< the calendar has no seasons: schedule 1 (spec §7.4 b)
};

/// The plan of one date.
struct day_plan {
  plan_kind kind = plan_kind::schedule;
  std::uint8_t number = 1; ///< a schedule number (kind schedule) or a tariff 1..max_tariff (kind whole_day_tariff)
  plan_source source = plan_source::no_season;
  std::optional<std::size_t> season_index; ///< index into calendar::seasons when source is season

  friend bool operator==(const day_plan&, const day_plan&) = default;
};

/// Checks every entry, used or not, so that a corrupt table shows up the first time it is read and not only on the
/// day it matters: month 1..12, day 1..31, schedule numbers ≥ 1, and special-day tariffs 1..max_tariff or
/// `ordinary_day_marker` under the tariff meaning.
caf::error validate_calendar(const calendar& cal);

/// The plan of `date`: a special day on the same month/day wins (the first such entry decides; under the tariff
/// meaning `ordinary_day_marker` falls through to the seasons); otherwise the season with the latest start on or
/// before the month/day, or the latest start of all when the date precedes every start (the season wraps over New
/// Year); ties on a start go to the earlier table entry. Errors: bad_date, or what validate_calendar reports.
caf::expected<day_plan> resolve_plan(const calendar& cal, const civil_date& date);

} // namespace meterhub::tariff
