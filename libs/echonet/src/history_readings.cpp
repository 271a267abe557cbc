#include "energy_reading.hpp"
#include "meterhub/echonet/readings.hpp"

namespace meterhub::echonet {

namespace {

constexpr std::int64_t slot_ms = 30 * 60 * 1000;

void add_backfilled(std::vector<reading>& out, std::optional<reading> r) {
  if (!r)
    return;
  r->set(flag::backfilled);
  out.push_back(std::move(*r));
}

std::vector<reading> pairs_readings(const history2& h, const meter_scale& scale, std::chrono::minutes utc_offset,
                                    std::int64_t step_ms) {
  const auto newest = to_unix_ms(h.newest, utc_offset);
  std::vector<reading> out;
  for (std::size_t j = 0; j < h.slots.size(); ++j) {
    const auto at = newest - static_cast<std::int64_t>(j) * step_ms; // newest first (spec §7, MOM walks backwards)
    add_backfilled(out, detail::energy_reading(detail::import_energy, h.slots[j].normal, scale, at));
    add_backfilled(out, detail::energy_reading(detail::export_energy, h.slots[j].reverse, scale, at));
  }
  return out;
}

} // namespace

std::vector<reading> history1_readings(std::uint8_t epc, const history1& h, civil_day today_local,
                                       const meter_scale& scale, std::chrono::minutes utc_offset) {
  const auto day = days_from_civil(today_local.year, today_local.month, today_local.day) - h.day;
  const auto offset_ms = std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset).count();
  const auto midnight_utc = day * 86'400'000 - offset_ms;
  const auto code = epc == epc::history1_reverse ? detail::export_energy : detail::import_energy;
  std::vector<reading> out;
  for (std::size_t k = 0; k < h.counts.size(); ++k)
    add_backfilled(out, detail::energy_reading(code, h.counts[k], scale,
                                               midnight_utc + static_cast<std::int64_t>(k) * slot_ms));
  return out;
}

std::vector<reading> history2_readings(const history2& h, const meter_scale& scale, std::chrono::minutes utc_offset) {
  return pairs_readings(h, scale, utc_offset, slot_ms);
}

std::vector<reading> history3_readings(const history2& h, const meter_scale& scale, std::chrono::minutes utc_offset) {
  return pairs_readings(h, scale, utc_offset, 60'000);
}

} // namespace meterhub::echonet
