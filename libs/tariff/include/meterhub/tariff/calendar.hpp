#pragma once

#include <cstdint>
#include <vector>

/// A meter's tariff calendar as data: which of up to four tariffs is in force at any minute of any day. Meters keep
/// no per-tariff register for each profile interval, so the platform rebuilds the tariff split of a day from this
/// calendar (spec iec61107-neva §7). Protocol codecs parse their own wire formats into these types.
namespace meterhub::tariff {

/// Highest tariff number a calendar may name (T1..T4).
inline constexpr int max_tariff = 4;

/// From `minute_of_day` (0..1439) on, `tariff` (1..max_tariff) applies.
struct switch_point {
  std::uint16_t minute_of_day = 0;
  std::uint8_t tariff = 1;

  friend bool operator==(const switch_point&, const switch_point&) = default;
};

/// One day schedule: its switch points, unused slots already dropped, in any order.
struct day_schedule {
  std::vector<switch_point> points;

  friend bool operator==(const day_schedule&, const day_schedule&) = default;
};

/// From month/day on (until the next season's start, wrapping over New Year), these schedule numbers apply.
struct season {
  std::uint8_t month = 1;
  std::uint8_t day = 1;
  std::uint8_t weekday_schedule = 1;  ///< Monday to Friday
  std::uint8_t saturday_schedule = 1;
  std::uint8_t sunday_schedule = 1;

  friend bool operator==(const season&, const season&) = default;
};

/// What a special day's number means: meters and their documentation disagree (spec §6, §7 "ambiguities").
enum class special_day_meaning : std::uint8_t {
  schedule, ///< the day schedule used that whole day (Taipit manual, pyneva): the default
  tariff,   ///< one tariff for the whole day; `ordinary_day_marker` means "no special day" (vika-sonne)
};

/// The tariff-meaning's marker of an entry that does not make the day special.
inline constexpr std::uint8_t ordinary_day_marker = 0x7F;

/// On month/day every year, `number` applies (a schedule or a tariff, see special_day_meaning).
struct special_day {
  std::uint8_t month = 1;
  std::uint8_t day = 1;
  std::uint8_t number = 1;

  friend bool operator==(const special_day&, const special_day&) = default;
};

/// Seasons and special days of one meter; unused entries already dropped.
struct calendar {
  std::vector<season> seasons;
  std::vector<special_day> special_days;
  special_day_meaning meaning = special_day_meaning::schedule;
};

/// A civil date in the meter's local time.
struct civil_date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  friend bool operator==(const civil_date&, const civil_date&) = default;
};

} // namespace meterhub::tariff
