#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "meter_time.hpp"
#include "tariff_calendar.hpp"

/// The simulated household's load and the meter's energy registers, all derived from one deterministic half-hour
/// power series, so the archives agree with the load profile exactly (specs/iec61107-neva.md §7.9):
/// start-of-day[NN−1] − start-of-day[NN] per tariff = Σ (interval power × 0.5 h), each interval counted in the
/// tariff in force at its start.
namespace meterhub::iec61107sim {

/// Energy in Wh: [0] total, [1…4] tariffs T1…T4. The total is always the sum of the tariffs.
using energy_counters = std::array<std::int64_t, 5>;

/// Largest interval power in W: [0] overall, [1…4] within tariffs T1…T4.
using power_maxima = std::array<int, 5>;

inline constexpr int intervals_per_day = 48;
inline constexpr local_seconds interval_seconds = 1800;

/// The half-hour interval `t` falls in, counted from 1970-01-01 00:00 meter time.
std::int64_t interval_of(local_seconds t) noexcept;

/// A well-mixed 64-bit hash of a seed and two numbers (SplitMix64): the simulator's only source of randomness, so the
/// same seed gives the same values at the same meter time, on every run.
std::uint64_t mix(std::uint64_t seed, std::int64_t a, std::uint64_t b) noexcept;

/// The average power of half-hour `interval` (counted from 1970-01-01 00:00 meter time) for a household with
/// `seed`: a night base, morning and evening peaks, busier weekend days, ±30 % noise. Always a multiple of 20 W, so an
/// interval's energy (P × 0.5 h) is a whole number of 10 Wh, the resolution of the "XXXXXX.XX" kWh registers.
int interval_power_w(std::uint64_t seed, std::int64_t interval) noexcept;

class energy_history {
public:
  /// Counters start at `initial` at 00:00 of `installed_day`; before that the meter saw no load.
  energy_history(std::uint64_t seed, std::int64_t installed_day, energy_counters initial, tariff_calendar tariffs);

  /// New tariff tables from meter time `from` on (a W1 to a schedule, season or special-day register). Intervals
  /// that started earlier keep the tariff they were counted in, as on a real meter.
  void change_tariffs(local_seconds from, tariff_calendar tariffs);

  /// The tables in force at meter time `t`.
  const tariff_calendar& tariffs_at(local_seconds t) const;

  /// Average power of a half-hour interval; 0 before installation.
  int power_of(std::int64_t interval) const noexcept;
  /// Tariff (1…4) an interval's energy is counted in: the one in force at its start.
  unsigned tariff_of(std::int64_t interval) const;

  /// Counters at meter time `t`, the running interval included pro rata.
  energy_counters at(local_seconds t) const;
  /// Counters at 00:00 of `day`.
  energy_counters start_of_day(std::int64_t day) const;
  /// The 48 half-hour powers of `day`; intervals not finished by `now` read 0.
  std::array<int, intervals_per_day> profile(std::int64_t day, local_seconds now) const;
  /// Maxima over the intervals of days `first_day`…`last_day` finished by `now`.
  power_maxima max_power(std::int64_t first_day, std::int64_t last_day, local_seconds now) const;

private:
  /// Energy and maxima of the first `count` intervals of `day`.
  std::pair<energy_counters, power_maxima> load_of(std::int64_t day, int count) const;
  int finished_intervals(std::int64_t day, local_seconds now) const noexcept;

  std::uint64_t seed_;
  std::int64_t installed_day_;
  energy_counters initial_;
  std::vector<std::pair<local_seconds, tariff_calendar>> tariffs_; ///< in force from .first on; sorted
  /// Memo of start_of_day: the values are a pure function of the seed and the tables, so only a table change clears it.
  mutable std::map<std::int64_t, energy_counters> day_starts_;
};

} // namespace meterhub::iec61107sim
