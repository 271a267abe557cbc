#include "energy_history.hpp"

#include <algorithm>
#include <limits>

namespace meterhub::iec61107sim {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}

/// Load on top of the night base for half-hour `slot` (0 = 00:00–00:30) of a weekday or a weekend day.
int daily_shape_w(int slot, bool weekend) noexcept {
  if (slot < 12)
    return 0; // night
  if (slot < 13)
    return 300;
  if (slot < 17)
    return 800; // morning 06:30–08:30
  if (slot < 34)
    return weekend ? 700 : 200;
  if (slot < 36)
    return 900;
  if (slot < 44)
    return 1500; // evening 18:00–22:00
  return slot < 46 ? 700 : 300;
}

} // namespace

std::int64_t interval_of(local_seconds t) noexcept {
  return floor_div(t, interval_seconds);
}

std::uint64_t mix(std::uint64_t seed, std::int64_t a, std::uint64_t b) noexcept {
  std::uint64_t z = seed ^ (static_cast<std::uint64_t>(a) * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int interval_power_w(std::uint64_t seed, std::int64_t interval) noexcept {
  const std::int64_t day = floor_div(interval, intervals_per_day);
  const int slot = static_cast<int>(interval - day * intervals_per_day);
  const unsigned w = weekday(day);
  const int base = 160 + static_cast<int>(mix(seed, day, 1) % 140);
  const int noise_percent = 70 + static_cast<int>(mix(seed, interval, 2) % 61);
  const int watts = (base + daily_shape_w(slot, w == 0 || w == 6)) * noise_percent / 100;
  return std::max(20, (watts + 10) / 20 * 20);
}

energy_history::energy_history(std::uint64_t seed, std::int64_t installed_day, energy_counters initial,
                               tariff_calendar tariffs)
  : seed_(seed), installed_day_(installed_day), initial_(initial) {
  tariffs_.emplace_back(std::numeric_limits<local_seconds>::min(), std::move(tariffs));
}

void energy_history::change_tariffs(local_seconds from, tariff_calendar tariffs) {
  // A change dated before later ones (the clock was set back) supersedes them.
  const auto factory = std::numeric_limits<local_seconds>::min();
  std::erase_if(tariffs_, [&](const auto& v) { return v.first >= from && v.first != factory; });
  tariffs_.emplace_back(from, std::move(tariffs));
  day_starts_.clear();
}

const tariff_calendar& energy_history::tariffs_at(local_seconds t) const {
  auto it = std::upper_bound(tariffs_.begin(), tariffs_.end(), t, [](local_seconds v, const auto& e) {
    return v < e.first;
  });
  return std::prev(it)->second;
}

int energy_history::power_of(std::int64_t interval) const noexcept {
  return interval < installed_day_ * intervals_per_day ? 0 : interval_power_w(seed_, interval);
}

unsigned energy_history::tariff_of(std::int64_t interval) const {
  const local_seconds start = interval * interval_seconds;
  const std::int64_t day = day_of(start);
  const auto minute = static_cast<unsigned>((start - day * seconds_per_day) / 60);
  return tariffs_at(start).tariff_at(day, minute);
}

std::pair<energy_counters, power_maxima> energy_history::load_of(std::int64_t day, int count) const {
  energy_counters energy{};
  power_maxima maxima{};
  for (int k = 0; k < count; ++k) {
    const std::int64_t interval = day * intervals_per_day + k;
    const int watts = power_of(interval);
    const unsigned tariff = tariff_of(interval);
    energy[0] += watts / 2; // W × 0.5 h, exact: powers are even
    energy[tariff] += watts / 2;
    maxima[0] = std::max(maxima[0], watts);
    maxima[tariff] = std::max(maxima[tariff], watts);
  }
  return {energy, maxima};
}

energy_counters energy_history::start_of_day(std::int64_t day) const {
  if (day <= installed_day_)
    return initial_;
  std::int64_t from = installed_day_;
  energy_counters counters = initial_;
  if (auto it = day_starts_.upper_bound(day); it != day_starts_.begin()) {
    --it;
    from = it->first;
    counters = it->second;
  }
  for (std::int64_t d = from; d < day; ++d) {
    const auto energy = load_of(d, intervals_per_day).first;
    for (std::size_t i = 0; i < counters.size(); ++i)
      counters[i] += energy[i];
    day_starts_[d + 1] = counters;
  }
  return counters;
}

int energy_history::finished_intervals(std::int64_t day, local_seconds now) const noexcept {
  const std::int64_t today = day_of(now);
  if (day != today)
    return day < today ? intervals_per_day : 0;
  return static_cast<int>((now - day * seconds_per_day) / interval_seconds);
}

energy_counters energy_history::at(local_seconds t) const {
  const std::int64_t day = day_of(t);
  energy_counters counters = start_of_day(day);
  const int done = finished_intervals(day, t);
  const auto energy = load_of(day, done).first;
  for (std::size_t i = 0; i < counters.size(); ++i)
    counters[i] += energy[i];
  const std::int64_t running = day * intervals_per_day + done;
  const std::int64_t partial = power_of(running) * (t - running * interval_seconds) / 3600;
  counters[0] += partial;
  counters[tariff_of(running)] += partial;
  return counters;
}

std::array<int, intervals_per_day> energy_history::profile(std::int64_t day, local_seconds now) const {
  std::array<int, intervals_per_day> out{};
  const int done = finished_intervals(day, now);
  for (int k = 0; k < done; ++k)
    out[static_cast<std::size_t>(k)] = power_of(day * intervals_per_day + k);
  return out;
}

power_maxima energy_history::max_power(std::int64_t first_day, std::int64_t last_day, local_seconds now) const {
  power_maxima out{};
  for (std::int64_t d = first_day; d <= last_day; ++d) {
    const auto maxima = load_of(d, finished_intervals(d, now)).second;
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = std::max(out[i], maxima[i]);
  }
  return out;
}

} // namespace meterhub::iec61107sim
