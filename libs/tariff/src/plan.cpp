#include "meterhub/tariff/plan.hpp"

#include <string>

#include "meterhub/tariff/error.hpp"
#include "meterhub/tariff/weekday.hpp"

namespace meterhub::tariff {

namespace {

bool valid_month_day(unsigned month, unsigned day) noexcept {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/// Month and day as one comparable number, 0101 … 1231.
unsigned month_day(unsigned month, unsigned day) noexcept {
  return month * 100 + day;
}

caf::error validate_season(const season& s, std::size_t index) {
  const auto where = "season " + std::to_string(index) + ": ";
  if (!valid_month_day(s.month, s.day))
    return make_error(tariff_errc::bad_calendar, where + "no such start date");
  if (s.weekday_schedule == 0 || s.saturday_schedule == 0 || s.sunday_schedule == 0)
    return make_error(tariff_errc::bad_calendar, where + "schedule 0");
  return caf::none;
}

caf::error validate_special_day(const special_day& s, special_day_meaning meaning, std::size_t index) {
  const auto where = "special day " + std::to_string(index) + ": ";
  if (!valid_month_day(s.month, s.day))
    return make_error(tariff_errc::bad_calendar, where + "no such date");
  if (meaning == special_day_meaning::schedule && s.number == 0)
    return make_error(tariff_errc::bad_calendar, where + "schedule 0");
  const bool tariff_ok = (s.number >= 1 && s.number <= max_tariff) || s.number == ordinary_day_marker;
  if (meaning == special_day_meaning::tariff && !tariff_ok)
    return make_error(tariff_errc::bad_calendar, where + "tariff " + std::to_string(s.number) + " outside 1..4");
  return caf::none;
}

/// The special day that decides `date`, if any: the first entry for its month/day, unless that entry is the
/// tariff meaning's "ordinary day" marker.
std::optional<day_plan> special_day_plan(const calendar& cal, const civil_date& date) {
  for (const auto& s : cal.special_days) {
    if (s.month != date.month || s.day != date.day)
      continue;
    if (cal.meaning == special_day_meaning::schedule)
      return day_plan{plan_kind::schedule, s.number, plan_source::special_day, std::nullopt};
    if (s.number == ordinary_day_marker)
      return std::nullopt;
    return day_plan{plan_kind::whole_day_tariff, s.number, plan_source::special_day, std::nullopt};
  }
  return std::nullopt;
}

/// Index of the season in force on `md`; `seasons` must not be empty.
std::size_t season_index(const std::vector<season>& seasons, unsigned md) {
  std::optional<std::size_t> in_year; // latest start ≤ md
  std::size_t latest = 0;             // latest start of all, for the wrap over New Year
  for (std::size_t i = 0; i < seasons.size(); ++i) {
    const auto start = month_day(seasons[i].month, seasons[i].day);
    if (start > month_day(seasons[latest].month, seasons[latest].day))
      latest = i;
    const bool later = !in_year || start > month_day(seasons[*in_year].month, seasons[*in_year].day);
    if (start <= md && later)
      in_year = i;
  }
  return in_year.value_or(latest);
}

std::uint8_t schedule_for(const season& s, weekday day) noexcept {
  if (day == weekday::saturday)
    return s.saturday_schedule;
  if (day == weekday::sunday)
    return s.sunday_schedule;
  return s.weekday_schedule;
}

} // namespace

caf::error validate_calendar(const calendar& cal) {
  for (std::size_t i = 0; i < cal.seasons.size(); ++i)
    if (auto err = validate_season(cal.seasons[i], i))
      return err;
  for (std::size_t i = 0; i < cal.special_days.size(); ++i)
    if (auto err = validate_special_day(cal.special_days[i], cal.meaning, i))
      return err;
  return caf::none;
}

caf::expected<day_plan> resolve_plan(const calendar& cal, const civil_date& date) {
  const auto day = weekday_of(date);
  if (!day)
    return make_error(tariff_errc::bad_date, std::to_string(date.year) + "-" + std::to_string(date.month) + "-" +
                                                 std::to_string(date.day));
  if (auto err = validate_calendar(cal))
    return err;
  if (auto special = special_day_plan(cal, date))
    return *special;
  if (cal.seasons.empty())
    return day_plan{};
  const auto index = season_index(cal.seasons, month_day(date.month, date.day));
  return day_plan{plan_kind::schedule, schedule_for(cal.seasons[index], *day), plan_source::season, index};
}

} // namespace meterhub::tariff
