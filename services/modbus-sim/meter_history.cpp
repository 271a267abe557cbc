#include "meter_history.hpp"

#include <algorithm>
#include <cmath>

#include "meterhub/core/time.hpp"

namespace meterhub::modbus_sim {

namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::size_t days_kept = 62, months_kept = 26, years_kept = 3;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

template <class Map>
void keep_last(Map& m, std::size_t n) {
  while (m.size() > n)
    m.erase(m.begin());
}

} // namespace

energy_table snapshot(const device_physics& m) {
  energy_table t{};
  for (unsigned k = 0; k < energy_kind_count; ++k)
    for (unsigned tariff = 0; tariff <= tariff_count; ++tariff)
      t[k][tariff] = m.energy(static_cast<energy_kind>(k), tariff);
  return t;
}

meter_history::meter_history(std::chrono::minutes utc_offset, std::chrono::minutes period, double wh_per_count,
                             std::int64_t profile_from_ms)
  : utc_offset_(utc_offset), period_(period.count() > 0 ? period : std::chrono::minutes{30}),
    wh_per_count_(wh_per_count > 0 ? wh_per_count : 0.5), profile_from_ms_(profile_from_ms) {
}

std::int64_t meter_history::next_boundary(std::int64_t local_ms) const {
  const std::int64_t p = std::chrono::milliseconds(period_).count();
  return (floor_div(local_ms, p) + 1) * p;
}

void meter_history::advance(device_physics& m, std::int64_t time_ms, std::int64_t step_ms) {
  const std::int64_t offset = std::chrono::milliseconds(utc_offset_).count();
  const std::int64_t p = std::chrono::milliseconds(period_).count();
  if (days_.empty() && !last_counts_ && (m.time_ms() + offset) % p == 0) // the model starts on a boundary
    at_boundary(m, m.time_ms() + offset);
  for (;;) {
    const auto next = next_boundary(m.time_ms() + offset) - offset;
    if (next > time_ms) {
      m.advance_to(time_ms, step_ms);
      return;
    }
    m.advance_to(next, step_ms);
    at_boundary(m, next + offset);
    if (m.time_ms() < next) // a step that does not divide the period: one more step passes the boundary
      m.advance_to(m.time_ms() + step_ms, step_ms);
  }
}

void meter_history::at_boundary(const device_physics& m, std::int64_t local_ms) {
  if (local_ms % day_ms == 0) {
    const auto day = floor_div(local_ms, day_ms);
    const auto table = snapshot(m);
    days_[day] = table;
    keep_last(days_, days_kept);
    const auto civil = civil_from_days(day);
    if (civil.day == 1) {
      months_[civil.year * 12 + static_cast<int>(civil.month) - 1] = table;
      keep_last(months_, months_kept);
      if (civil.month == 1) {
        years_[civil.year] = table;
        keep_last(years_, years_kept);
      }
    }
  }
  const std::int64_t offset = std::chrono::milliseconds(utc_offset_).count();
  if (local_ms - offset < profile_from_ms_)
    return;
  std::array<double, 4> counts{};
  for (unsigned k = 0; k < energy_kind_count; ++k)
    counts[k] = std::floor(m.energy(static_cast<energy_kind>(k)) / wh_per_count_);
  if (last_counts_) {
    profile_entry e;
    e.end_local_ms = local_ms;
    for (unsigned k = 0; k < 4; ++k) // FFFF means "no value": a count stops one below it
      e.counts[k] = static_cast<std::uint16_t>(std::clamp(counts[k] - (*last_counts_)[k], 0.0, 65534.0));
    records_.push_back(e);
    if (records_.size() > profile_capacity) {
      records_.pop_front();
      ++first_record_;
    }
  }
  last_counts_ = counts;
}

std::optional<energy_table> meter_history::day_start(std::int64_t today, int days_back) const {
  auto it = days_.find(today - days_back);
  return it == days_.end() ? std::nullopt : std::optional<energy_table>{it->second};
}

std::optional<energy_table> meter_history::month_start(int year, unsigned month) const {
  auto it = months_.find(year * 12 + static_cast<int>(month) - 1);
  return it == months_.end() ? std::nullopt : std::optional<energy_table>{it->second};
}

std::optional<energy_table> meter_history::year_start(int year) const {
  auto it = years_.find(year);
  return it == years_.end() ? std::nullopt : std::optional<energy_table>{it->second};
}

} // namespace meterhub::modbus_sim
