#include "meterhub/tariff/consistency.hpp"

#include <string>

#include "meterhub/tariff/error.hpp"

namespace meterhub::tariff {

namespace {

/// 128 bits for a day's growth times a day's target, which can pass 2^63 although their quotient never does.
__extension__ using wide_int = __int128;

caf::error require_complete(const day_archive& day) {
  if (is_complete(day))
    return caf::none;
  return make_error(tariff_errc::incomplete_day,
                    std::to_string(day.points.size()) + " points of " + std::to_string(day.interval_minutes) + " min");
}

/// Rescales register `r` of every point of `out` (a copy of the day) to end at `target` above the start.
void rescale_register(day_archive& out, std::size_t r, std::int64_t target) {
  const auto base = out.start_mwh[r];
  const auto grown = out.points.back().cumulative_mwh[r] - base;
  const auto n = static_cast<std::int64_t>(out.points.size());
  for (std::int64_t k = 0; k < n; ++k) {
    auto& value = out.points[static_cast<std::size_t>(k)].cumulative_mwh[r];
    const auto scaled = grown > 0 ? wide_int{value - base} * target / grown : wide_int{target} * (k + 1) / n;
    value = base + static_cast<std::int64_t>(scaled);
  }
}

} // namespace

bool is_complete(const day_archive& day) noexcept {
  const auto count = day.interval_minutes == 0 ? 0 : minutes_per_day / day.interval_minutes;
  return interval_minutes(count) == day.interval_minutes && day.points.size() == count &&
         day.points.back().end_minute == minutes_per_day;
}

caf::expected<register_set> day_drift(const day_archive& day, const register_set& next_start_mwh) {
  if (auto err = require_complete(day))
    return err;
  register_set drift{};
  const auto& last = day.points.back().cumulative_mwh;
  for (std::size_t r = 0; r < register_count; ++r)
    drift[r] = next_start_mwh[r] - last[r];
  return drift;
}

caf::expected<day_archive> rescale_day(const day_archive& day, const register_set& next_start_mwh) {
  if (auto err = require_complete(day))
    return err;
  for (std::size_t r = 0; r < register_count; ++r)
    if (next_start_mwh[r] < day.start_mwh[r] || day.points.back().cumulative_mwh[r] < day.start_mwh[r])
      return make_error(tariff_errc::registers_decrease, "register " + std::to_string(r));
  auto out = day;
  for (std::size_t r = 0; r < register_count; ++r)
    rescale_register(out, r, next_start_mwh[r] - day.start_mwh[r]);
  for (auto& p : out.points)
    p.estimated = true;
  return out;
}

} // namespace meterhub::tariff
