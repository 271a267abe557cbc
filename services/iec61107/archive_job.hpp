#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "half_hours.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/iec61107/session.hpp"
#include "meterhub/neva/model.hpp"
#include "meterhub/tariff/calendar.hpp"

/// One pass over a meter's archives in rounds of one keep-open session, without I/O: the half-hour archive of
/// some days (half_hour_job), then the start-of-day (0F.80.80*NN) and start-of-month (0F.08.80*NN) energy registers.
/// Archive indexes count back from the meter's date, so each round ends by reading the date again, and a round
/// across the meter's midnight is asked again (spec iec61107-neva §7.8).
namespace meterhub::iec61107_service {

/// What one pass asks the meter for; the line chooses it from what it already published (archive_ledger).
struct archive_request {
  std::vector<int> half_hour_days; ///< days ago (0 = today's finished intervals … 127)
  std::vector<int> day_starts;     ///< 0F.80.80*NN: NN = 0 is the start of today … 127
  std::vector<int> month_starts;   ///< 0F.08.80*NN: NN = 0 is the start of this month … 11
};

/// A start-of-day or start-of-month register set: the energy registers at the meter's local midnight of `date`.
struct archive_entry {
  tariff::civil_date date;
  bool month = false;
  int index = 0;                             ///< NN of the register
  caf::expected<std::vector<reading>> readings{std::vector<reading>{}}; ///< backfilled, or why not
};

class archive_job {
public:
  archive_job(archive_request what, neva::model_options model, std::chrono::minutes utc_offset);

  /// The first round: the meter's date, time and tariff calendar.
  std::vector<iec61107::request> first_round();
  /// The next round for the session's outcomes so far, or an empty list when the pass is done.
  std::vector<iec61107::request> next_round(const std::vector<iec61107::request_outcome>& outcomes);

  /// Why the pass stopped early (no meter date, midnight three times, an undecodable calendar).
  const caf::error& failure() const noexcept { return failure_; }
  /// The half-hour days, each built or with its reason.
  const std::vector<archived_day>& days() const noexcept { return half_hours_.days(); }
  /// The start-of-day and start-of-month entries, each decoded or with its reason.
  const std::vector<archive_entry>& entries() const noexcept { return entries_; }

private:
  std::vector<iec61107::request> entry_round(std::size_t outcome_count);
  void build_entries(const std::vector<iec61107::request_outcome>& outcomes, const tariff::civil_date& today);

  enum class stage { half_hours, entries, done };
  archive_request what_;
  neva::model_options model_;
  std::chrono::minutes utc_offset_;
  half_hour_job half_hours_;
  stage stage_ = stage::half_hours;
  int attempts_ = 0;
  std::size_t round_start_ = 0;
  std::string base_date_; ///< the meter's date register before the entry round
  std::vector<archive_entry> entries_;
  caf::error failure_;
};

/// The first of the month `months` before `date`'s month.
tariff::civil_date month_start_before(const tariff::civil_date& date, int months);

} // namespace meterhub::iec61107_service
