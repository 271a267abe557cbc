#include "meterhub/tariff/weekday.hpp"

#include "meterhub/core/time.hpp"

namespace meterhub::tariff {

namespace {

bool is_leap(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) noexcept {
  constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

} // namespace

bool is_valid_date(const civil_date& date) noexcept {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

std::optional<weekday> weekday_of(const civil_date& date) noexcept {
  if (!is_valid_date(date))
    return std::nullopt;
  // 1970-01-01 was a Thursday (index 4 counting from Sunday); the modulo must stay non-negative before 1970.
  const auto days = days_from_civil(date.year, date.month, date.day);
  const auto index = ((days + 4) % 7 + 7) % 7;
  return static_cast<weekday>(index);
}

} // namespace meterhub::tariff
