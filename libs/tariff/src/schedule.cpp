#include "meterhub/tariff/schedule.hpp"

#include <string>

#include "meterhub/tariff/error.hpp"

namespace meterhub::tariff {

namespace {

bool within_day(const switch_point& p) noexcept {
  return p.minute_of_day < minutes_per_day;
}

bool names_a_tariff(const switch_point& p) noexcept {
  return p.tariff >= 1 && p.tariff <= max_tariff;
}

/// The lookup of tariff_at on a schedule already validated.
std::uint8_t in_force(const std::vector<switch_point>& points, unsigned minute) noexcept {
  const switch_point* at_or_before = nullptr;
  const switch_point* last_of_day = nullptr;
  for (const auto& p : points) {
    if (!last_of_day || p.minute_of_day >= last_of_day->minute_of_day)
      last_of_day = &p;
    if (p.minute_of_day <= minute && (!at_or_before || p.minute_of_day >= at_or_before->minute_of_day))
      at_or_before = &p;
  }
  if (at_or_before)
    return at_or_before->tariff;
  return last_of_day ? last_of_day->tariff : std::uint8_t{1};
}

/// True when some switch strictly inside [start, end) puts a tariff other than `booked` in force.
bool changes_inside(const std::vector<switch_point>& points, unsigned start, unsigned end, std::uint8_t booked) {
  for (const auto& p : points)
    if (p.minute_of_day > start && p.minute_of_day < end && in_force(points, p.minute_of_day) != booked)
      return true;
  return false;
}

} // namespace

std::optional<unsigned> interval_minutes(std::size_t count) noexcept {
  if (count == 24 || count == 48)
    return minutes_per_day / static_cast<unsigned>(count);
  return std::nullopt;
}

caf::error validate_schedule(const day_schedule& schedule) {
  for (std::size_t i = 0; i < schedule.points.size(); ++i) {
    const auto& p = schedule.points[i];
    const auto where = "switch " + std::to_string(i) + ": ";
    if (!within_day(p))
      return make_error(tariff_errc::bad_schedule, where + "minute " + std::to_string(p.minute_of_day));
    if (!names_a_tariff(p))
      return make_error(tariff_errc::bad_schedule, where + "tariff " + std::to_string(p.tariff) + " outside 1..4");
  }
  return caf::none;
}

day_schedule whole_day_schedule(std::uint8_t tariff) {
  return day_schedule{{switch_point{0, tariff}}};
}

std::optional<std::uint8_t> tariff_at(const day_schedule& schedule, unsigned minute_of_day) noexcept {
  if (minute_of_day >= minutes_per_day)
    return std::nullopt;
  for (const auto& p : schedule.points)
    if (!within_day(p) || !names_a_tariff(p))
      return std::nullopt;
  return in_force(schedule.points, minute_of_day);
}

caf::expected<std::vector<interval_tariff>> interval_tariffs(const day_schedule& schedule, std::size_t count) {
  const auto step = interval_minutes(count);
  if (!step)
    return make_error(tariff_errc::bad_interval_count, std::to_string(count) + " intervals, expected 24 or 48");
  if (auto err = validate_schedule(schedule))
    return err;
  std::vector<interval_tariff> out;
  out.reserve(count);
  for (unsigned start = 0; start < minutes_per_day; start += *step) {
    const auto booked = in_force(schedule.points, start);
    out.push_back({booked, changes_inside(schedule.points, start, start + *step, booked)});
  }
  return out;
}

} // namespace meterhub::tariff
