#include <string>

#include "meterhub/core/time.hpp"
#include "meterhub/mercury/backfill.hpp"
#include "meterhub/mercury/energy.hpp"
#include "meterhub/mercury/error.hpp"
#include "quantity_table.hpp"
#include "request_rules.hpp"

namespace meterhub::mercury {

namespace {

constexpr std::int64_t ms_per_minute = 60'000;
constexpr std::int64_t ms_per_day = 86'400'000;

bool cumulative(energy_array a) noexcept {
  switch (a) {
    case energy_array::year_start:
    case energy_array::previous_year_start:
    case energy_array::month_start:
    case energy_array::day_start:
    case energy_array::previous_day_start:
      return true;
    default:
      return false;
  }
}

caf::error not_cumulative(energy_array a) {
  return make_error(mercury_errc::bad_argument,
                    "array " + std::to_string(static_cast<int>(a)) + " is not a value at the start of a period");
}

/// Local midnight (wall clock as if UTC) of a meter date, as a proleptic Gregorian day count in ms.
std::int64_t wall_midnight(int year, unsigned month, unsigned day) noexcept {
  return days_from_civil(year, month, day) * ms_per_day;
}

std::int64_t archive_wall_ms(const read_energy& r, const meter_time& now) noexcept {
  const int year = 2000 + now.year;
  switch (r.array) {
    case energy_array::day_start:
      return wall_midnight(year, now.month, now.day);
    case energy_array::previous_day_start:
      return wall_midnight(year, now.month, now.day) - ms_per_day;
    case energy_array::month_start:
      return wall_midnight(r.month <= now.month ? year : year - 1, r.month, 1);
    case energy_array::year_start:
      return wall_midnight(year, 1, 1);
    default: // previous_year_start
      return wall_midnight(year - 1, 1, 1);
  }
}

} // namespace

caf::expected<std::vector<request>> archive_requests(energy_array array, std::uint8_t month, const options& o) {
  if (!cumulative(array))
    return not_cumulative(array);
  std::vector<request> out;
  for (unsigned t = 0; t <= o.tariffs && t <= 4; ++t) {
    read_energy r{array, takes_month(array) ? month : std::uint8_t{0}, static_cast<std::uint8_t>(t)};
    if (auto problem = detail::energy_problem(r))
      return make_error(mercury_errc::bad_argument, *problem);
    out.push_back(r);
  }
  return out;
}

caf::expected<std::int64_t> archive_time_ms(const read_energy& r, const meter_time& now, const options& o) {
  if (!cumulative(r.array))
    return not_cumulative(r.array);
  if (auto problem = detail::energy_problem(r))
    return make_error(mercury_errc::bad_argument, *problem);
  if (!valid_date(now.year, now.month, now.day))
    return make_error(mercury_errc::bad_argument, "the meter's date is not a date");
  auto offset = o.utc_offset.count();
  if (o.meter_switches_dst && !now.winter)
    offset += 60;
  return archive_wall_ms(r, now) - offset * ms_per_minute;
}

caf::expected<std::vector<reading>> archive_readings(const read_energy& r, std::span<const std::uint8_t> data,
                                                     const meter_time& now, const options& o) {
  auto time = archive_time_ms(r, now, o);
  if (!time)
    return time.error();
  auto counts = decode_energy_array(r, data);
  if (!counts)
    return counts.error();
  std::vector<reading> out;
  for (std::size_t i = 0; i < counts->size(); ++i) {
    if (!(*counts)[i])
      continue;
    const auto& column = detail::energy_columns[i];
    reading x;
    x.quantity = "1-0:" + std::to_string(column.c) + ".8." + std::to_string(r.tariff);
    x.value = static_cast<double>(*(*counts)[i]) * o.energy_wh_per_count;
    x.unit = column.unit;
    x.time_ms = *time;
    x.set(flag::backfilled);
    out.push_back(std::move(x));
  }
  return out;
}

} // namespace meterhub::mercury
