#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// Time helpers shared by codecs and services. Pure: they never read a clock.
namespace meterhub {

/// Formats milliseconds since the epoch as ISO-8601 UTC, "2024-03-01T12:00:00Z" or with ".123" when the
/// milliseconds are not zero.
std::string format_iso8601(std::int64_t unix_ms);

/// Parses "YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)" into milliseconds since the epoch, UTC.
std::optional<std::int64_t> parse_iso8601(std::string_view text) noexcept;

/// Days since 1970-01-01 of a proleptic Gregorian civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept;

/// A proleptic Gregorian calendar day.
struct civil_day {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

/// The calendar day `days` after 1970-01-01 (Howard Hinnant's algorithm; the inverse of days_from_civil).
civil_day civil_from_days(std::int64_t days) noexcept;

/// An instant on a wall clock: its calendar day and the milliseconds into that day.
struct civil_instant {
  civil_day day;
  std::int64_t ms_of_day = 0; ///< 0 … 86'399'999
};

/// Splits milliseconds since the epoch (UTC, or a local wall clock's own count) into day and time of day, rounding
/// towards the past, so instants before 1970 land on the right day.
civil_instant civil_from_unix_ms(std::int64_t unix_ms) noexcept;

/// Milliseconds since the epoch of a UTC civil date-time; no range checks beyond the arithmetic.
std::int64_t unix_ms_from_utc(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                              unsigned second) noexcept;

/// A fixed UTC offset as configs write it: "+03:00", "-05:30", "UTC" or "Z"; nullopt otherwise. Meters and
/// concentrators that keep local time without DST (Russia since 2014) need no more than this.
std::optional<std::chrono::minutes> parse_utc_offset(std::string_view text);

} // namespace meterhub
