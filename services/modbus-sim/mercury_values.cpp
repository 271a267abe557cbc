#include "mercury_values.hpp"

#include <cmath>

#include "meterhub/core/time.hpp"
#include "meterhub/mercury/params.hpp"
#include "meterhub/mercury/reply.hpp"
#include "quantity.hpp"

namespace meterhub::modbus_sim {

namespace {

constexpr std::int64_t day_ms = 86'400'000;

std::uint32_t scaled(double value, double per_count) {
  return static_cast<std::uint32_t>(std::min(std::llround(std::abs(value) * per_count),
                                             static_cast<long long>(mercury::max_aux_magnitude) - 1));
}

/// A power word (P, Q or S by bits 3-2 of the BWRI) of phase 1-3 or the sum (0), with the directions of P and Q.
mercury::aux_word power_word(std::uint8_t bwri, unsigned phase, const device_physics& m) {
  const double p = phase == 0 ? m.active() : m.phase(phase - 1).active;
  const double q = phase == 0 ? m.reactive() : m.phase(phase - 1).reactive;
  const double s = phase == 0 ? m.apparent() : m.phase(phase - 1).apparent;
  const unsigned kind = (bwri >> 2) & 3u;
  mercury::aux_word w;
  w.magnitude = scaled(kind == 0 ? p : kind == 1 ? q : s, 100);
  w.active_negative = kind != 2 && p < 0;
  w.reactive_negative = kind != 2 && q < 0;
  return w;
}

std::optional<mercury::aux_word> aux_value(std::uint8_t bwri, unsigned phase, const device_physics& m) {
  const auto parameter = mercury::parameter_of(bwri);
  if (phase > m.phases() || (phase == 0 && parameter != 0 && parameter != 3 && parameter != 4 && parameter != 7))
    return std::nullopt;
  const auto& ph = m.phase(phase == 0 ? 0 : phase - 1);
  mercury::aux_word w;
  switch (parameter) {
    case 0:
      return power_word(bwri, phase, m);
    case 1:
      w.magnitude = scaled(ph.voltage, 100);
      return w;
    case 2:
      w.magnitude = scaled(ph.current, 1000);
      return w;
    case 3: {
      const double pf = phase == 0 ? m.power_factor() : ph.power_factor;
      w.magnitude = scaled(pf, 1000);
      w.active_negative = pf < 0;
      w.reactive_negative = (phase == 0 ? m.reactive() : ph.reactive) < 0;
      return w;
    }
    case 4:
      w.magnitude = scaled(m.frequency(), 100);
      return w;
    case 5: { // U(L1)-U(L2), U(L1)-U(L3), U(L2)-U(L3): OBIS 81.7.10, 81.7.20, 81.7.21
      static constexpr std::uint8_t codes[] = {10, 20, 21};
      w.magnitude = scaled(value_of(m, {source::angle, 3, energy_kind::active_import, 0, codes[phase - 1]}), 100);
      return w;
    }
    case 6:
      w.magnitude = scaled(m.distortion(phase - 1), 100);
      return w;
    case 7:
      w.magnitude = static_cast<std::uint32_t>(std::max(0L, std::lround(m.temperature())));
      return w;
    default:
      return std::nullopt;
  }
}

std::optional<std::uint32_t> count_of(double wh, double wh_per_count) {
  const double c = std::floor(std::max(0.0, wh) / wh_per_count);
  return static_cast<std::uint32_t>(std::fmod(c, 4294967295.0)); // FFFFFFFF is "not measured"
}

std::vector<std::optional<std::uint32_t>> counts_of(const energy_table& t, unsigned tariff, double wh_per_count) {
  std::vector<std::optional<std::uint32_t>> out;
  for (unsigned k = 0; k < energy_kind_count; ++k)
    out.push_back(count_of(t[k][tariff], wh_per_count));
  return out;
}

std::vector<std::optional<std::uint32_t>> difference(const std::optional<energy_table>& later,
                                                     const std::optional<energy_table>& earlier, unsigned tariff,
                                                     double wh_per_count) {
  if (!later || !earlier)
    return std::vector<std::optional<std::uint32_t>>(4);
  // The period's energy as the difference of the counters, so that it adds up with the registers exactly.
  std::vector<std::optional<std::uint32_t>> out;
  for (unsigned k = 0; k < energy_kind_count; ++k)
    out.push_back(*count_of((*later)[k][tariff], wh_per_count) - *count_of((*earlier)[k][tariff], wh_per_count));
  return out;
}

/// The start of the latest month `month` that has begun by `today` (this year or last).
std::optional<energy_table> latest_month_start(const meter_history& h, const civil_day& today, unsigned month) {
  return h.month_start(month <= today.month ? today.year : today.year - 1, month);
}

/// The start of the month after the latest finished month `month`.
std::optional<energy_table> month_after(const meter_history& h, const civil_day& today, unsigned month) {
  const int year = month < today.month ? today.year : today.year - 1;
  return month == 12 ? h.year_start(year + 1) : h.month_start(year, month + 1);
}

} // namespace

std::vector<std::optional<mercury::aux_word>> aux_values(const mercury::read_aux& r, const device_physics& m) {
  const auto layout = mercury::aux_layout_of(r);
  std::vector<std::optional<mercury::aux_word>> out;
  for (std::size_t i = 0; i < layout.values; ++i)
    out.push_back(aux_value(r.bwri, mercury::phase_of_value(r, i), m));
  return out;
}

std::vector<std::optional<std::uint32_t>> energy_counts(const mercury::read_energy& r, const device_physics& m,
                                                        const meter_history& h, double wh_per_count) {
  using mercury::energy_array;
  if (r.tariff > tariff_count)
    return std::vector<std::optional<std::uint32_t>>(4);
  const auto now = snapshot(m);
  const auto local_ms = m.time_ms() + std::chrono::milliseconds(h.utc_offset()).count();
  const auto day = local_ms / day_ms - (local_ms % day_ms < 0 ? 1 : 0);
  const auto today = civil_from_days(day);
  const auto t = r.tariff;
  switch (r.array) {
    case energy_array::from_reset:
      return counts_of(now, t, wh_per_count);
    case energy_array::phases: {
      std::vector<std::optional<std::uint32_t>> out;
      for (unsigned i = 0; i < 3; ++i)
        out.push_back(i < m.phases() ? count_of(m.phase_energy(i, energy_kind::active_import), wh_per_count)
                                     : std::nullopt);
      return out;
    }
    case energy_array::year:
      return difference(now, h.year_start(today.year), t, wh_per_count);
    case energy_array::previous_year:
      return difference(h.year_start(today.year), h.year_start(today.year - 1), t, wh_per_count);
    case energy_array::month:
      if (r.month == today.month)
        return difference(now, h.month_start(today.year, r.month), t, wh_per_count);
      return difference(month_after(h, today, r.month), latest_month_start(h, today, r.month), t, wh_per_count);
    case energy_array::day:
      return difference(now, h.day_start(day, 0), t, wh_per_count);
    case energy_array::previous_day:
      return difference(h.day_start(day, 0), h.day_start(day, 1), t, wh_per_count);
    default:
      break;
  }
  std::optional<energy_table> start;
  if (r.array == energy_array::year_start)
    start = h.year_start(today.year);
  else if (r.array == energy_array::previous_year_start)
    start = h.year_start(today.year - 1);
  else if (r.array == energy_array::month_start)
    start = latest_month_start(h, today, r.month);
  else if (r.array == energy_array::day_start)
    start = h.day_start(day, 0);
  else if (r.array == energy_array::previous_day_start)
    start = h.day_start(day, 1);
  return start ? counts_of(*start, t, wh_per_count) : std::vector<std::optional<std::uint32_t>>(4);
}

} // namespace meterhub::modbus_sim
