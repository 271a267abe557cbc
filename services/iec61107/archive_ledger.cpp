#include "archive_ledger.hpp"

#include <iterator>

#include "meterhub/core/time.hpp"

namespace meterhub::iec61107_service {

namespace {

constexpr unsigned end_of_day = 24 * 60;
constexpr std::int64_t kept_days = 400; ///< more than the oldest archive a meter keeps (12 months)

std::int64_t day_number(const tariff::civil_date& d) {
  return days_from_civil(d.year, d.month, d.day);
}

void append(std::vector<reading>& out, std::vector<reading> more) {
  out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

/// x:profile_drift and x:profile_drift.1 … .4 for a finished day, in Wh at the day's end.
std::vector<reading> drift_readings(const archived_day& day, std::chrono::minutes utc_offset) {
  std::vector<reading> out;
  const auto end_ms = local_midnight_ms(days_before(day.date, -1), utc_offset);
  for (std::size_t t = 0; t < day.drift_mwh->size(); ++t) {
    reading r;
    r.quantity = t == 0 ? "x:profile_drift" : "x:profile_drift." + std::to_string(t);
    r.value = static_cast<double>((*day.drift_mwh)[t]) / 1000.0;
    r.unit = unit::wh;
    r.time_ms = end_ms;
    r.set(flag::backfilled);
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace

archive_request archive_ledger::plan(const archive_settings& cfg, const tariff::civil_date& today) const {
  archive_request out;
  const auto today_number = day_number(today);
  if (cfg.half_hours)
    for (int i = cfg.half_hour_days; i >= 0; --i) {
      auto it = half_hours_.find(today_number - i);
      if (it == half_hours_.end() || it->second < end_of_day)
        out.half_hour_days.push_back(i);
    }
  for (int i = 0; i < cfg.days; ++i)
    if (!starts_.count(today_number - i))
      out.day_starts.push_back(i);
  for (int i = 0; i < cfg.months; ++i)
    if (!starts_.count(day_number(month_start_before(today, i))))
      out.month_starts.push_back(i);
  return out;
}

std::vector<reading> archive_ledger::take_new(const archive_job& job, const archive_settings& cfg,
                                              const neva::model_options& model, std::chrono::minutes utc_offset) {
  std::vector<reading> out;
  for (const auto& entry : job.entries())
    if (entry.readings && starts_.insert(day_number(entry.date)).second)
      append(out, *entry.readings);
  for (const auto& day : job.days()) {
    if (!day.archive || day.archive->points.empty())
      continue;
    auto& published = half_hours_[day_number(day.date)];
    auto points = *day.archive;
    std::erase_if(points.points, [&](const tariff::archive_point& p) {
      return p.end_minute <= published || (p.end_minute == end_of_day && cfg.days > 0);
    });
    append(out, day_readings(day.date, points, model, utc_offset));
    const auto last = day.archive->points.back().end_minute;
    if (last == end_of_day && published < end_of_day && day.drift_mwh)
      append(out, drift_readings(day, utc_offset));
    published = std::max(published, static_cast<unsigned>(last));
  }
  forget_old();
  return out;
}

void archive_ledger::forget_old() {
  if (!starts_.empty())
    starts_.erase(starts_.begin(), starts_.lower_bound(*starts_.rbegin() - kept_days));
  if (!half_hours_.empty())
    half_hours_.erase(half_hours_.begin(), half_hours_.lower_bound(half_hours_.rbegin()->first - kept_days));
}

} // namespace meterhub::iec61107_service
