#include "history_plan.hpp"

#include <algorithm>

namespace meterhub::echonet_service {

namespace {

std::int64_t offset_ms(const meter_now& now) {
  return std::chrono::milliseconds{now.utc_offset}.count();
}

/// Days since the epoch of the meter-local date at UTC `unix_ms`.
std::int64_t local_day(std::int64_t unix_ms, const meter_now& now) {
  const auto local = unix_ms + offset_ms(now);
  return (local - ((local % day_ms) + day_ms) % day_ms) / day_ms;
}

echonet::meter_date_time local_time(std::int64_t unix_ms, const meter_now& now) {
  const auto c = civil_from_unix_ms(unix_ms + offset_ms(now));
  const auto minutes = c.ms_of_day / 60'000;
  return {static_cast<std::uint16_t>(c.day.year), static_cast<std::uint8_t>(c.day.month),
          static_cast<std::uint8_t>(c.day.day),   static_cast<std::uint8_t>(minutes / 60),
          static_cast<std::uint8_t>(minutes % 60), 0};
}

} // namespace

slot_series::verdict slot_series::classify(std::int64_t time_ms) const noexcept {
  if (!last_)
    return verdict::publish;
  if (time_ms <= *last_)
    return verdict::duplicate;
  return time_ms - *last_ <= slot_ms ? verdict::publish : verdict::gap;
}

void slot_series::published(std::int64_t time_ms) noexcept {
  if (!last_ || time_ms > *last_)
    last_ = time_ms;
}

std::vector<history_read> plan_history(std::int64_t after_ms, std::int64_t upto_ms, const meter_now& now,
                                       bool has_half_hours) {
  std::vector<history_read> reads;
  if (upto_ms <= after_ms)
    return reads;
  const auto slots = (upto_ms - after_ms + slot_ms - 1) / slot_ms;
  if (has_half_hours && slots <= 12) {
    history_read r;
    r.what = history_read::kind::half_hours;
    r.newest = local_time(upto_ms, now);
    r.count = static_cast<std::uint8_t>(slots);
    reads.push_back(r);
    return reads;
  }
  const auto today = local_day(now.unix_ms, now);
  const auto first = std::max(local_day(after_ms + slot_ms, now), today - 99);
  for (auto day = first; day <= local_day(upto_ms, now) && day <= today; ++day) {
    history_read r;
    r.what = history_read::kind::day;
    r.days_back = static_cast<std::uint8_t>(today - day);
    r.day = civil_from_days(day);
    reads.push_back(r);
  }
  return reads;
}

std::int64_t first_start_after(const meter_now& now, unsigned first_start_days) {
  const auto midnight_local = (local_day(now.unix_ms, now) - first_start_days) * day_ms;
  return midnight_local - offset_ms(now) - slot_ms;
}

std::vector<reading> slots_between(const std::vector<reading>& readings, const std::string& quantity,
                                   std::int64_t after_ms, std::int64_t upto_ms) {
  std::vector<reading> out;
  for (const auto& r : readings)
    if (r.quantity == quantity && r.time_ms > after_ms && r.time_ms <= upto_ms)
      out.push_back(r);
  std::sort(out.begin(), out.end(), [](const reading& a, const reading& b) { return a.time_ms < b.time_ms; });
  return out;
}

} // namespace meterhub::echonet_service
