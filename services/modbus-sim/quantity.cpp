#include "quantity.hpp"

#include <charconv>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "meterhub/core/obis.hpp"

namespace meterhub::modbus_sim {

namespace {

/// The instantaneous (D = 7) and energy (D = 8) quantities of one phase or the total, by C modulo 20.
std::optional<quantity_ref> resolve_base(unsigned base, std::uint8_t phase, unsigned d, unsigned e) {
  quantity_ref q;
  q.phase = phase;
  if (base >= 1 && base <= 4) {
    q.kind = static_cast<energy_kind>(base - 1);
    q.source = d == 8 ? source::energy : source::power;
    q.tariff = static_cast<std::uint8_t>(e);
    if (d == 8 && (e > tariff_count || (phase < 3 && e != 0)))
      return std::nullopt;
    return q;
  }
  if (d != 7 && d != 4 && d != 5) // demand registers (D = 4, 5) follow the instantaneous value
    return std::nullopt;
  switch (base) {
    case 9:
      q.source = source::apparent;
      return q;
    case 11:
      q.source = source::current;
      return q;
    case 12:
      q.source = source::voltage;
      return q;
    case 13:
      q.source = source::power_factor;
      return q;
    default:
      return std::nullopt;
  }
}

std::optional<quantity_ref> resolve_obis(const obis_code& code) {
  if (code.a() != 1)
    return std::nullopt;
  const unsigned c = code.c(), d = code.d(), e = code.e();
  if (d == 7 && c == 14)
    return quantity_ref{source::frequency};
  if (d == 7 && c == 91)
    return quantity_ref{source::neutral_current};
  if (d == 7 && c == 81)
    return quantity_ref{source::angle, 3, energy_kind::active_import, 0, static_cast<std::uint8_t>(e)};
  if (d == 8 && (c == 15 || c == 16) && e <= tariff_count)
    return quantity_ref{c == 15 ? source::energy_absolute : source::energy_net, 3, energy_kind::active_import,
                        static_cast<std::uint8_t>(e)};
  if (d == 6 && c == 1 && e == 0)
    return quantity_ref{source::peak_power};
  if (c >= 21 && c <= 80) // L1 21-40, L2 41-60, L3 61-80
    return resolve_base(c - 20 * ((c - 1) / 20), static_cast<std::uint8_t>((c - 1) / 20 - 1), d, e);
  return resolve_base(c, 3, d, e);
}

/// "x:name" or "x:name.N".
std::optional<quantity_ref> resolve_x(std::string_view name) {
  unsigned n = 0;
  const auto dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    const auto digits = name.substr(dot + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size() || n > 255)
      return std::nullopt;
    name = name.substr(0, dot);
  }
  quantity_ref q;
  q.n = static_cast<std::uint8_t>(n);
  const bool numbered = dot != std::string_view::npos;
  if (name == "machine_state" && !numbered)
    q.source = source::machine_state;
  else if (name == "di" && !numbered)
    q.source = source::input_mask;
  else if (name == "di" && n >= 1 && n <= input_count)
    q.source = source::input;
  else if (name == "di_count" && n >= 1 && n <= input_count)
    q.source = source::edge_count;
  else if (name == "temperature" && !numbered)
    q.source = source::temperature;
  else if (name == "ku" && n >= 1 && n <= 3)
    q.source = source::distortion;
  else if ((name == "pulse_count" || name == "piece_count") && !numbered)
    q = {source::edge_count, 3, energy_kind::active_import, 0, 3};
  else if (name == "run_time" && !numbered)
    q.source = source::run_time;
  else if (name == "do" || name == "ao" || name == "setpoint")
    q.source = source::zero;
  else if ((name == "alarm_code" || name == "phase_sequence" || name.ends_with("status")) && !numbered)
    q.source = source::zero;
  else if ((name == "online" || name.ends_with("_online")) && !numbered)
    q.source = source::one;
  else
    return std::nullopt;
  return q;
}

/// Phasors of the three voltages and currents (angles in radians, L1's voltage at 0).
std::complex<double> phasor(const device_physics& m, unsigned index) {
  const unsigned phase = index % 4;
  if (phase >= 3 || phase >= m.phases())
    return {};
  const auto& p = m.phase(phase);
  const double u_angle = -2.0 * std::numbers::pi / 3.0 * phase;
  if (index < 4)
    return std::polar(p.voltage, u_angle);
  return std::polar(p.current, u_angle - std::atan2(p.reactive, p.active));
}

double angle_of(const device_physics& m, unsigned e) {
  const auto a = phasor(m, e / 10), b = phasor(m, e % 10);
  if (std::abs(a) == 0 || std::abs(b) == 0)
    return 0;
  double degrees = (std::arg(b) - std::arg(a)) * 180.0 / std::numbers::pi;
  degrees = std::fmod(degrees, 360.0);
  return degrees < 0 ? degrees + 360.0 : degrees;
}

double per_phase(const device_physics& m, std::uint8_t phase, double phase_state::*field, bool average) {
  if (phase < 3)
    return m.phase(phase).*field;
  double sum = 0;
  for (unsigned i = 0; i < m.phases(); ++i)
    sum += m.phase(i).*field;
  return average ? sum / m.phases() : sum;
}

double directed(double value, energy_kind kind) {
  const bool import = kind == energy_kind::active_import || kind == energy_kind::reactive_import;
  return import ? std::max(value, 0.0) : std::max(-value, 0.0);
}

double power_of(const device_physics& m, const quantity_ref& q) {
  const bool active = q.kind == energy_kind::active_import || q.kind == energy_kind::active_export;
  const double signed_value = q.phase < 3 ? (active ? m.phase(q.phase).active : m.phase(q.phase).reactive)
                                          : (active ? m.active() : m.reactive());
  return directed(signed_value, q.kind);
}

double energy_of(const device_physics& m, const quantity_ref& q) {
  return q.phase < 3 ? m.phase_energy(q.phase, q.kind) : m.energy(q.kind, q.tariff);
}

double machine_value(const device_physics& m, const quantity_ref& q) {
  const auto& mc = m.machine();
  switch (q.source) {
    case source::machine_state:
      return static_cast<double>(mc.state());
    case source::input:
      return mc.input(q.n) ? 1 : 0;
    case source::input_mask:
      return mc.input_mask();
    case source::edge_count:
      return static_cast<double>(mc.rising_edges(q.n));
    case source::run_time:
      return static_cast<double>(mc.run_ms()) / 1000.0;
    default:
      return 0;
  }
}

} // namespace

std::optional<quantity_ref> resolve_quantity(std::string_view quantity) {
  if (quantity.starts_with("x:"))
    return resolve_x(quantity.substr(2));
  const auto code = obis_code::parse(quantity);
  return code ? resolve_obis(*code) : std::nullopt;
}

double value_of(const device_physics& m, const quantity_ref& q) {
  switch (q.source) {
    case source::voltage:
      return per_phase(m, q.phase, &phase_state::voltage, true);
    case source::current:
      return per_phase(m, q.phase, &phase_state::current, true);
    case source::neutral_current:
      return std::abs(phasor(m, 4) + phasor(m, 5) + phasor(m, 6));
    case source::power:
      return power_of(m, q);
    case source::apparent:
      return per_phase(m, q.phase, &phase_state::apparent, false);
    case source::power_factor:
      return q.phase < 3 ? m.phase(q.phase).power_factor : m.power_factor();
    case source::frequency:
      return m.frequency();
    case source::angle:
      return angle_of(m, q.n);
    case source::energy:
      return energy_of(m, q);
    case source::energy_absolute:
      return m.energy(energy_kind::active_import, q.tariff) + m.energy(energy_kind::active_export, q.tariff);
    case source::energy_net:
      return m.energy(energy_kind::active_import, q.tariff) - m.energy(energy_kind::active_export, q.tariff);
    case source::peak_power:
      return m.peak_active();
    case source::temperature:
      return m.temperature();
    case source::distortion:
      return m.distortion(q.n - 1u);
    case source::zero:
      return 0;
    case source::one:
      return 1;
    default:
      return machine_value(m, q);
  }
}

} // namespace meterhub::modbus_sim
