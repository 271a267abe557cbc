#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/iec61107/session.hpp"
#include "meterhub/neva/model.hpp"
#include "meterhub/tariff/archive.hpp"
#include "meterhub/tariff/calendar.hpp"

/// Reading the half-hour archive of whole days (specs/iec61107-neva.md §7) in rounds of requests over one
/// keep-open session, without I/O: the meter keeps no per-interval registers, so each day is rebuilt from its
/// start-of-day registers, its load profile and the tariff calendar in force on that day.
namespace meterhub::iec61107_service {

/// One day's outcome.
struct archived_day {
  int days_ago = 0;
  tariff::civil_date date;
  caf::expected<tariff::day_archive> archive{tariff::day_archive{}}; ///< or why the day could not be built
  std::optional<tariff::register_set> drift_mwh; ///< against the next day's start registers (days_ago >= 1)
};

class half_hour_job {
public:
  /// `days_ago`: 0 = today (only finished intervals), 1 = yesterday, … up to 127.
  half_hour_job(std::vector<int> days_ago, neva::model_options model, std::chrono::minutes utc_offset);

  /// The first round: the meter's date and time, its special days and seasons.
  std::vector<iec61107::request> first_round();

  /// The next round for everything answered so far (the session's outcomes, in order), or an empty list when the
  /// job is done. A meter date that changed during the reads (midnight passed) starts over, at most three times.
  std::vector<iec61107::request> next_round(const std::vector<iec61107::request_outcome>& outcomes);

  /// Why the job stopped early (no meter date, a calendar it cannot decode, midnight three times).
  const caf::error& failure() const noexcept { return failure_; }
  const std::vector<archived_day>& days() const noexcept { return days_; }
  /// The meter's date register ("YYMMDD") the days were counted from; empty before the calendar round.
  const std::string& meter_date() const noexcept { return meter_date_; }

  /// Cumulative energy after every interval of every day built: total and T1..T4 in Wh (1-0:1.8.0..4, or 15.8 with
  /// native codes), at the interval's end on the meter's clock, flagged backfilled (and estimated where the tariff
  /// split is a guess).
  std::vector<reading> readings() const;

private:
  enum class phase { clock_and_calendar, days, done };
  std::vector<iec61107::request> day_round(const std::vector<iec61107::request_outcome>& outcomes);
  void build_days(const std::vector<iec61107::request_outcome>& outcomes);

  std::vector<int> days_ago_;
  neva::model_options model_;
  std::chrono::minutes utc_offset_;
  phase phase_ = phase::clock_and_calendar;
  int attempts_ = 0;
  std::size_t round_start_ = 0; ///< outcomes before this index belong to an abandoned attempt
  std::string meter_date_;      ///< the date register's text when the attempt began
  tariff::calendar calendar_;
  std::vector<archived_day> days_;
  caf::error failure_;
};

/// Cumulative energy after every interval of one day's archive: total and T1..T4 in Wh (1-0:1.8.0..4, or 15.8 with
/// native codes) at each interval's end on the meter's clock (local wall time at `utc_offset`), flagged backfilled
/// (and estimated where the point is). Empty for a day that could not be built.
std::vector<reading> day_readings(const tariff::civil_date& date, const tariff::day_archive& archive,
                                  const neva::model_options& model, std::chrono::minutes utc_offset);

/// `date` moved back by whole days.
tariff::civil_date days_before(const tariff::civil_date& date, int days);

/// UTC milliseconds of the meter's local midnight starting `date`.
std::int64_t local_midnight_ms(const tariff::civil_date& date, std::chrono::minutes utc_offset);

} // namespace meterhub::iec61107_service
