#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>

#include "physics.hpp"

/// What a Mercury meter remembers of its past, filled from the same physical model it measures now: the energy
/// registers at the start of every local day, month and year (for the 05 arrays 1-5 and 9-D), and the power
/// profile, one record per period with the energy counted in it. Both are cut from one run of the model, so a
/// day's profile records add up to that day's energy, to the count. Pure: it moves the model it is given.
namespace meterhub::modbus_sim {

/// Energy registers of one instant: [kind][tariff], tariff 0 the sum.
using energy_table = std::array<std::array<double, tariff_count + 1>, energy_kind_count>;

/// The registers of `m` now.
energy_table snapshot(const device_physics& m);

/// One finished profile period.
struct profile_entry {
  std::int64_t end_local_ms = 0;          ///< the period's end on the meter's wall clock
  std::array<std::uint16_t, 4> counts{};  ///< A+, A−, R+, R− in counts of the profile's Wh per count
};

class meter_history {
public:
  /// How many records the profile memory holds: a 16-bit byte address over 16-byte records.
  static constexpr std::size_t profile_capacity = 4096;

  /// `utc_offset`: the meter's local time; `period`: the profile period (whole minutes dividing an hour);
  /// `wh_per_count`: the energy of one profile count; `profile_from_ms`: the first period end (model time) that
  /// gets a record (earlier time only fills the archives).
  meter_history(std::chrono::minutes utc_offset, std::chrono::minutes period, double wh_per_count,
                std::int64_t profile_from_ms);

  /// Moves `m` to `time_ms` in steps of `step_ms`, stopping at every local midnight and every period end on the
  /// way to take the archive's snapshots and close the profile's periods.
  void advance(device_physics& m, std::int64_t time_ms, std::int64_t step_ms);

  /// The registers at the start of the local day `days_back` days before today (0: today's midnight).
  std::optional<energy_table> day_start(std::int64_t today, int days_back) const;
  /// At the start of local month `month` (1-12) of `year`.
  std::optional<energy_table> month_start(int year, unsigned month) const;
  /// At the start of local year `year`.
  std::optional<energy_table> year_start(int year) const;

  /// Profile records, oldest first, at most `profile_capacity`.
  const std::deque<profile_entry>& records() const noexcept { return records_; }
  /// The running number of the oldest record held (records are numbered from the meter's first period).
  std::uint64_t first_record() const noexcept { return first_record_; }
  /// True once more records were made than the memory holds (the profile's overflow flag).
  bool wrapped() const noexcept { return first_record_ > 0; }
  std::chrono::minutes period() const noexcept { return period_; }
  std::chrono::minutes utc_offset() const noexcept { return utc_offset_; }

private:
  void at_boundary(const device_physics& m, std::int64_t local_ms);
  std::int64_t next_boundary(std::int64_t local_ms) const;

  std::chrono::minutes utc_offset_;
  std::chrono::minutes period_;
  double wh_per_count_;
  std::int64_t profile_from_ms_;
  std::map<std::int64_t, energy_table> days_;  ///< by day number (days since 1970-01-01, local)
  std::map<int, energy_table> months_;         ///< by year × 12 + month − 1
  std::map<int, energy_table> years_;
  std::deque<profile_entry> records_;
  std::uint64_t first_record_ = 0;
  std::optional<std::array<double, 4>> last_counts_; ///< floor(E / wh_per_count) at the last period end
};

} // namespace meterhub::modbus_sim
