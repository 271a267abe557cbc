#include "meterhub/echonet/readings.hpp"

#include <string>

#include "energy_reading.hpp"
#include "meterhub/echonet/meter.hpp"

namespace meterhub::echonet {

namespace {

using readings = std::vector<reading>;

reading make_reading(std::string_view quantity, meterhub::unit u, std::int64_t time_ms) {
  reading r;
  r.quantity = std::string{quantity};
  r.unit = u;
  r.time_ms = time_ms;
  return r;
}

/// A marker other than "no data" keeps its slot as an invalid reading without a value.
template <class T>
std::optional<reading> marked(std::string_view quantity, const sample<T>& s, meterhub::unit u,
                              std::int64_t time_ms) {
  if (s.state == sample_state::no_data)
    return std::nullopt;
  auto r = make_reading(quantity, u, time_ms);
  r.set(flag::invalid);
  if (s.state == sample_state::overflow || s.state == sample_state::underflow)
    r.set(flag::overflow);
  return r;
}

std::optional<reading> power_reading(const sample<std::int32_t>& p, std::int64_t time_ms) {
  if (!p.valid())
    return marked("1-0:1.7.0", p, unit::w, time_ms);
  const bool exporting = p.raw < 0; // spec §6: negative = export, published as 2.7.0 = −E7
  auto r = make_reading(exporting ? "1-0:2.7.0" : "1-0:1.7.0", unit::w, time_ms);
  r.value = exporting ? -static_cast<double>(p.raw) : static_cast<double>(p.raw);
  return r;
}

std::optional<reading> current_reading(std::string_view quantity, const sample<std::int16_t>& c,
                                       std::int64_t time_ms) {
  if (!c.valid())
    return marked(quantity, c, unit::a, time_ms);
  auto r = make_reading(quantity, unit::a, time_ms);
  r.value = static_cast<double>(c.raw) / 10.0; // 0.1 A steps (AK's log truncates to whole amps, spec §6)
  return r;
}

void add(readings& out, std::optional<reading> r) {
  if (r)
    out.push_back(std::move(*r));
}

caf::expected<readings> cumulative_readings(const property& p, const meter_scale& scale, std::int64_t time_ms) {
  auto count = decode_cumulative_energy(p.edt);
  if (!count)
    return count.error();
  readings out;
  const auto code = p.epc == epc::energy_normal ? detail::import_energy : detail::export_energy;
  add(out, detail::energy_reading(code, *count, scale, time_ms));
  return out;
}

caf::expected<readings> fixed_time_readings(const property& p, const meter_scale& scale,
                                            std::chrono::minutes utc_offset) {
  auto fixed = decode_fixed_time_energy(p.edt);
  if (!fixed)
    return fixed.error();
  readings out;
  const auto code = p.epc == epc::fixed_time_normal ? detail::import_energy : detail::export_energy;
  add(out, detail::energy_reading(code, fixed->count, scale, to_unix_ms(fixed->at, utc_offset)));
  return out;
}

caf::expected<readings> one_minute_readings(const property& p, const meter_scale& scale,
                                            std::chrono::minutes utc_offset) {
  auto minute = decode_one_minute_energy(p.edt);
  if (!minute)
    return minute.error();
  readings out;
  const auto at = to_unix_ms(minute->at, utc_offset);
  add(out, detail::energy_reading(detail::import_energy, minute->normal, scale, at));
  add(out, detail::energy_reading(detail::export_energy, minute->reverse, scale, at));
  return out;
}

caf::expected<readings> power_readings(const property& p, std::int64_t time_ms) {
  auto power = decode_instantaneous_power(p.edt);
  if (!power)
    return power.error();
  readings out;
  add(out, power_reading(*power, time_ms));
  return out;
}

caf::expected<readings> current_readings(const property& p, std::int64_t time_ms) {
  auto currents = decode_instantaneous_currents(p.edt);
  if (!currents)
    return currents.error();
  readings out;
  add(out, current_reading("1-0:31.7.0", currents->r, time_ms));
  add(out, current_reading("1-0:51.7.0", currents->t, time_ms)); // 0x7FFE on single-phase two-wire: skipped
  return out;
}

} // namespace

namespace detail {

std::optional<reading> energy_reading(std::string_view quantity, const sample<std::uint32_t>& count,
                                      const meter_scale& scale, std::int64_t time_ms) {
  const auto wh = scale.wh_per_count();
  if (count.valid() && wh) {
    auto r = make_reading(quantity, unit::wh, time_ms);
    r.value = static_cast<double>(count.raw) * *wh;
    return r;
  }
  if (count.state == sample_state::no_data)
    return std::nullopt;
  auto r = make_reading(quantity, unit::wh, time_ms);
  r.set(flag::invalid);
  return r;
}

} // namespace detail

caf::expected<std::vector<reading>> readings_of(const property& p, const meter_scale& scale, std::int64_t time_ms,
                                                std::chrono::minutes utc_offset) {
  if (p.edt.empty())
    return readings{};
  switch (p.epc) {
    case epc::energy_normal:
    case epc::energy_reverse:
      return cumulative_readings(p, scale, time_ms);
    case epc::fixed_time_normal:
    case epc::fixed_time_reverse:
      return fixed_time_readings(p, scale, utc_offset);
    case epc::one_minute_energy:
      return one_minute_readings(p, scale, utc_offset);
    case epc::instantaneous_power:
      return power_readings(p, time_ms);
    case epc::instantaneous_currents:
      return current_readings(p, time_ms);
    default:
      return readings{};
  }
}

caf::expected<std::vector<reading>> readings_of(const frame& f, const meter_scale& scale, std::int64_t time_ms,
                                                std::chrono::minutes utc_offset) {
  readings out;
  for (const auto& p : f.properties) {
    auto some = readings_of(p, scale, time_ms, utc_offset);
    if (!some)
      return some.error();
    out.insert(out.end(), some->begin(), some->end());
  }
  return out;
}

} // namespace meterhub::echonet
