#pragma once

#include <cstdint>
#include <optional>

#include "meterhub/core/error.hpp"

namespace meterhub::tariff {

/// Why a calendar, a profile or a day could not be turned into a tariff archive. Every one of these comes from data
/// read off a meter (or its configuration), so callers count and report them; the library never asserts on them.
enum class tariff_errc : std::uint8_t {
  bad_date = 1,       ///< a civil date that does not exist (month 13, 30 February)
  bad_calendar,       ///< a season or special day with an impossible month/day, schedule 0, or a tariff outside 1..4
  bad_schedule,       ///< a switch point at minute 1440 or later, or with a tariff outside 1..4
  bad_interval_count, ///< a profile that is not 24 or 48 values, or lists of different lengths for one day
  bad_tariff,         ///< an interval booked to a tariff outside 1..4
  negative_value,     ///< a negative power or register: meters of this kind only count up
  inexact_value,      ///< a value that is no whole number of mWh (more decimals than the arithmetic can keep)
  overflow,           ///< a value too large for 64-bit mWh
  bad_minute,         ///< a "meter now" minute past 24:00
  incomplete_day,     ///< a consistency check asked of a day that does not reach 24:00
  registers_decrease, ///< the next day's start register is below this day's start register
};

/// The enumerator's name, e.g. "bad_schedule".
const char* to_string(tariff_errc code) noexcept;

/// The tariff code of `err`, or nullopt when `err` is no error or belongs to another category; lets a service bump a
/// counter per cause without parsing text.
std::optional<tariff_errc> tariff_code(const caf::error& err) noexcept;

} // namespace meterhub::tariff

CAF_ERROR_CODE_ENUM(meterhub::tariff::tariff_errc, "tariff")
