#include "meter_time.hpp"

#include <fmt/format.h>

#include "meterhub/core/time.hpp"

namespace meterhub::iec61107sim {

namespace {

bool leap(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) noexcept {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : days[month - 1];
}

bool valid_date(int year, unsigned month, unsigned day) noexcept {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

/// The calendar day `day` days after the epoch, in the imitator's civil_time.
civil_time civil_from_days(std::int64_t day) noexcept {
  const auto c = meterhub::civil_from_days(day);
  civil_time out;
  out.year = c.year;
  out.month = c.month;
  out.day = c.day;
  return out;
}

/// "YYYY-MM-DD" at the front of `text`, consumed.
std::optional<std::int64_t> take_date(std::string_view& text) noexcept {
  unsigned y = 0, m = 0, d = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !parse_digits(text.substr(0, 4), 4, y) ||
      !parse_digits(text.substr(5, 2), 2, m) || !parse_digits(text.substr(8, 2), 2, d) ||
      !valid_date(static_cast<int>(y), m, d))
    return std::nullopt;
  text.remove_prefix(10);
  return days_from_civil(static_cast<int>(y), m, d);
}

} // namespace

bool parse_digits(std::string_view text, std::size_t count, unsigned& value) noexcept {
  if (text.size() != count)
    return false;
  value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9')
      return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return true;
}

std::int64_t day_of(local_seconds t) noexcept {
  return t >= 0 ? t / seconds_per_day : -((-t + seconds_per_day - 1) / seconds_per_day);
}

civil_time to_civil(local_seconds t) noexcept {
  const auto day = day_of(t);
  const auto in_day = static_cast<unsigned>(t - day * seconds_per_day);
  civil_time c = civil_from_days(day);
  c.hour = in_day / 3600;
  c.minute = in_day / 60 % 60;
  c.second = in_day % 60;
  return c;
}

local_seconds from_civil(const civil_time& c) noexcept {
  return days_from_civil(c.year, c.month, c.day) * seconds_per_day + c.hour * 3600 + c.minute * 60 + c.second;
}

unsigned weekday(std::int64_t day) noexcept {
  const auto w = (day + 4) % 7; // 1970-01-01 was a Thursday
  return static_cast<unsigned>(w < 0 ? w + 7 : w);
}

std::int64_t first_of_month(std::int64_t day, unsigned months_back) noexcept {
  const civil_time c = civil_from_days(day);
  const int months = c.year * 12 + static_cast<int>(c.month) - 1 - static_cast<int>(months_back);
  return days_from_civil(months / 12, static_cast<unsigned>(months % 12) + 1, 1);
}

std::optional<std::int64_t> parse_local_date(std::string_view text) noexcept {
  const auto day = take_date(text);
  return day && text.empty() ? day : std::nullopt;
}

std::optional<local_seconds> parse_local_time(std::string_view text) noexcept {
  const auto day = take_date(text);
  if (!day || text.size() < 9 || text[0] != 'T' || text[3] != ':' || text[6] != ':')
    return std::nullopt;
  unsigned h = 0, m = 0, s = 0;
  if (!parse_digits(text.substr(1, 2), 2, h) || !parse_digits(text.substr(4, 2), 2, m) ||
      !parse_digits(text.substr(7, 2), 2, s) || h > 23 || m > 59 || s > 59)
    return std::nullopt;
  text.remove_prefix(9);
  if (!text.empty() && text != "Z")
    return std::nullopt;
  return *day * seconds_per_day + h * 3600 + m * 60 + s;
}

std::string format_time_register(local_seconds t) {
  const civil_time c = to_civil(t);
  return fmt::format("{:02}{:02}{:02}", c.hour, c.minute, c.second);
}

std::string format_date_register(local_seconds t) {
  const civil_time c = to_civil(t);
  return fmt::format("{:02}{:02}{:02}", c.year % 100, c.month, c.day);
}

std::optional<local_seconds> with_time_register(local_seconds t, std::string_view hhmmss) noexcept {
  unsigned h = 0, m = 0, s = 0;
  if (hhmmss.size() != 6 || !parse_digits(hhmmss.substr(0, 2), 2, h) || !parse_digits(hhmmss.substr(2, 2), 2, m) ||
      !parse_digits(hhmmss.substr(4, 2), 2, s) || h > 23 || m > 59 || s > 59)
    return std::nullopt;
  return day_of(t) * seconds_per_day + h * 3600 + m * 60 + s;
}

std::optional<local_seconds> with_date_register(local_seconds t, std::string_view yymmdd) noexcept {
  unsigned y = 0, m = 0, d = 0;
  if (yymmdd.size() != 6 || !parse_digits(yymmdd.substr(0, 2), 2, y) || !parse_digits(yymmdd.substr(2, 2), 2, m) ||
      !parse_digits(yymmdd.substr(4, 2), 2, d) || !valid_date(2000 + static_cast<int>(y), m, d))
    return std::nullopt;
  const auto in_day = t - day_of(t) * seconds_per_day;
  return days_from_civil(2000 + static_cast<int>(y), m, d) * seconds_per_day + in_day;
}

} // namespace meterhub::iec61107sim
