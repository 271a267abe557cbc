#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "archive_job.hpp"
#include "meterhub/core/reading.hpp"
#include "meterhub/neva/model.hpp"
#include "meterhub/tariff/calendar.hpp"

/// What a meter's archives have already given the bus, so that every pass asks only for what is new and publishes
/// each archive value once. Kept in memory: after a restart the first pass publishes its window again, which the
/// consumers absorb (they are idempotent on device, quantity and time).
namespace meterhub::iec61107_service {

/// Which archives a meter's passes read (deploy/config/iec61107.yaml, meters[].archives).
struct archive_settings {
  std::chrono::milliseconds interval{30 * 60'000}; ///< between passes; 0 = never read archives
  int days = 3;            ///< start-of-day entries: today's start and the days before, 0..128
  int months = 2;          ///< start-of-month entries: this month's start and the months before, 0..12
  bool half_hours = true;  ///< rebuild the half-hour archive (spec §7)
  int half_hour_days = 1;  ///< of today and this many days before, 0..127
};

class archive_ledger {
public:
  /// The registers to ask for when the meter's local date is `today`: the half-hour days not yet complete, the
  /// start-of-day and start-of-month entries not yet published.
  archive_request plan(const archive_settings& cfg, const tariff::civil_date& today) const;

  /// The readings of a finished pass that were not published before, now recorded as published: each local
  /// midnight's start registers once (a month's start is the same instant as that day's start), half-hour points
  /// after those published before, and for each day that became complete its drift against the next day's start
  /// (x:profile_drift total and .1 … .4, Wh, at the day's end). When start-of-day entries are read, the 24:00 point
  /// of the half-hour archive is left to the next day's start entry: the same instant, and the meter's own register.
  std::vector<reading> take_new(const archive_job& job, const archive_settings& cfg, const neva::model_options& model,
                                std::chrono::minutes utc_offset);

private:
  void forget_old();

  std::set<std::int64_t> starts_;               ///< days (since 1970-01-01) whose start registers went out
  std::map<std::int64_t, unsigned> half_hours_; ///< day → end minute of its last half-hour point that went out
};

} // namespace meterhub::iec61107_service
