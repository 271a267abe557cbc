#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The meter's clock: local civil time without a zone (specs/iec61107-neva.md §6), counted as seconds since
/// 1970-01-01 00:00 of that local calendar. Pure: nothing here reads a clock.
namespace meterhub::iec61107sim {

/// Seconds since 1970-01-01 00:00 meter local time.
using local_seconds = std::int64_t;

inline constexpr local_seconds seconds_per_day = 86'400;

/// A date and time of day on the meter's local calendar.
struct civil_time {
  int year = 1970;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

/// Days since 1970-01-01 of the day `t` falls on (floor, also before 1970).
std::int64_t day_of(local_seconds t) noexcept;

/// The calendar fields of `t`.
civil_time to_civil(local_seconds t) noexcept;

/// The instant of calendar fields; no range checks.
local_seconds from_civil(const civil_time& c) noexcept;

/// 0 = Sunday … 6 = Saturday.
unsigned weekday(std::int64_t day) noexcept;

/// Days since 1970-01-01 of the first day of the month `months_back` months before the month of `day`.
std::int64_t first_of_month(std::int64_t day, unsigned months_back) noexcept;

/// "2024-04-14T10:00:00" (a trailing "Z" is accepted and ignored: the meter has no zone); nullopt when malformed.
std::optional<local_seconds> parse_local_time(std::string_view text) noexcept;

/// "2024-04-14" as the day number; nullopt when malformed.
std::optional<std::int64_t> parse_local_date(std::string_view text) noexcept;

/// "hhmmss" of register 00.09.01 and "YYMMDD" of 00.09.02.
std::string format_time_register(local_seconds t);
std::string format_date_register(local_seconds t);

/// The instant that keeps the date of `t` and takes the time of day "hhmmss"; nullopt when not a valid time.
std::optional<local_seconds> with_time_register(local_seconds t, std::string_view hhmmss) noexcept;

/// The instant that keeps the time of day of `t` and takes the date "YYMMDD" (20YY); nullopt when not a valid date.
std::optional<local_seconds> with_date_register(local_seconds t, std::string_view yymmdd) noexcept;

/// True when `text` is exactly `count` decimal digits; then `value` holds them.
bool parse_digits(std::string_view text, std::size_t count, unsigned& value) noexcept;

} // namespace meterhub::iec61107sim
