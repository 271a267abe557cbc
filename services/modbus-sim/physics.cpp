#include "physics.hpp"

#include <algorithm>
#include <cmath>

namespace meterhub::modbus_sim {

namespace {

constexpr double nominal_voltage = 230.0;
constexpr double line_resistance = 0.05; ///< Ω of the feeder: the voltage sags as the machine draws current
constexpr double walk_period_s = 60.0;   ///< how fast the random walks forget
constexpr double current_lag_s = 3.0;    ///< a motor's current settles in seconds, not at once
constexpr double thermal_lag_s = 600.0;

/// What the load draws in a machine state, per phase: current as a fraction of the rated current and the power
/// factor (negative: export; `capacitive`: reactive power negative).
struct load_point {
  double current_fraction;
  double power_factor;
  bool capacitive;
};

load_point load_of(machine_state s, bool regenerating, double walk) {
  if (regenerating) // braking drives push power back, still drawing magnetising current
    return {0.3, -0.8, false};
  switch (s) {
    case machine_state::off: // only the EMC filter's capacitors stay on the line
      return {0.015, 0.15, true};
    case machine_state::idle: // motors turning without load: inductive
      return {0.12 * (1 + 0.1 * walk), 0.45, false};
    case machine_state::running:
      return {0.7 + 0.15 * walk, 0.86 + 0.03 * walk, false};
  }
  return {0, 1, false};
}

/// One step of a mean-reverting walk with unit deviation.
double walk(double w, double dt_s, random_source& rng) {
  const double a = std::min(1.0, dt_s / walk_period_s);
  return std::clamp(w * (1 - a) + rng.noise() * std::sqrt(a * (2 - a)), -3.0, 3.0);
}

/// Signed P and Q as the four registers' powers: import, export, reactive import, reactive export.
std::array<double, energy_kind_count> directions(double p, double q) {
  return {std::max(p, 0.0), std::max(-p, 0.0), std::max(q, 0.0), std::max(-q, 0.0)};
}

} // namespace

std::int64_t model_step_for(double speed) noexcept {
  constexpr std::int64_t divisors_of_a_minute[] = {60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1};
  for (const auto s : divisors_of_a_minute)
    if (speed / 10.0 >= static_cast<double>(s))
      return s * 1000;
  return 1000;
}

unsigned tariff_at(std::int64_t local_ms) noexcept {
  const auto hour = ((local_ms / 3'600'000) % 24 + 24) % 24;
  return hour >= 7 && hour < 23 ? 1 : 2;
}

device_physics::device_physics(const physics_options& o)
  : rng_(derive_seed(o.seed, 0x706879)), time_ms_(o.start_ms), step_ms_(std::max<std::int64_t>(o.step_ms, 1)),
    utc_offset_(o.utc_offset),
    phases_(o.phases == 1 ? 1 : 3), rated_current_(o.rated_current), machine_(o.seed) {
  for (unsigned i = 0; i < phases_; ++i) {
    voltage_bias_[i] = rng_.uniform(-3, 3);
    voltage_walk_[i] = rng_.noise();
    load_walk_[i] = rng_.noise();
  }
  const double import_t1 = rng_.uniform(2e6, 3e7), import_t2 = import_t1 * rng_.uniform(0.25, 0.45);
  const double export_t1 = rng_.uniform(1e3, 1e5);
  energy_[0] = {import_t1, import_t2, 0, 0};
  energy_[1] = {export_t1, export_t1 * 0.3, 0, 0};
  energy_[2] = {import_t1 * 0.45, import_t2 * 0.45, 0, 0};
  energy_[3] = {import_t1 * 0.04, import_t2 * 0.04, 0, 0};
  for (unsigned k = 0; k < energy_kind_count; ++k)
    for (unsigned i = 0; i < phases_; ++i)
      phase_energy_[i][k] = energy(static_cast<energy_kind>(k)) / phases_;
  machine_.step(time_ms_, 0);
  for (unsigned i = 0; i < phases_; ++i)
    update_phase(i, 0);
  update_totals();
}

void device_physics::advance_to(std::int64_t time_ms, std::int64_t step_ms) {
  step_ms = std::max<std::int64_t>(step_ms, 1);
  while (time_ms_ + step_ms <= time_ms)
    step(step_ms);
}

void device_physics::step(std::int64_t dt_ms) {
  // The values shown since the last step held for the whole step: integrate them first, then move on.
  integrate(static_cast<double>(dt_ms) / 3'600'000.0);
  machine_.step(time_ms_, dt_ms);
  time_ms_ += dt_ms;
  const double dt_s = static_cast<double>(dt_ms) / 1000.0;
  for (unsigned i = 0; i < phases_; ++i)
    update_phase(i, dt_s);
  frequency_walk_ = walk(frequency_walk_, dt_s, rng_);
  frequency_ = 50.0 + 0.02 * frequency_walk_;
  const double heat = machine_.state() == machine_state::running ? 10 : machine_.state() == machine_state::idle ? 3 : 0;
  temperature_ += (24.0 + heat - temperature_) * std::min(1.0, dt_s / thermal_lag_s);
  update_totals();
}

void device_physics::update_phase(unsigned i, double dt_s) {
  auto& p = phase_[i];
  load_walk_[i] = walk(load_walk_[i], dt_s, rng_);
  voltage_walk_[i] = walk(voltage_walk_[i], dt_s, rng_);
  const auto load = load_of(machine_.state(), machine_.regenerating(time_ms_), load_walk_[i]);
  const double target = rated_current_ * load.current_fraction;
  const double settle = dt_s <= 0 ? 1.0 : std::min(1.0, dt_s / current_lag_s);
  p.current = std::max(0.0, p.current + (target - p.current) * settle + rng_.noise() * 0.002 * rated_current_);
  p.voltage = nominal_voltage + voltage_bias_[i] + 1.5 * voltage_walk_[i] - line_resistance * p.current;
  p.power_factor = std::clamp(load.power_factor, -1.0, 1.0);
  p.apparent = p.voltage * p.current;
  p.active = p.apparent * p.power_factor;
  const double q = std::sqrt(std::max(0.0, p.apparent * p.apparent - p.active * p.active));
  p.reactive = load.capacitive ? -q : q;
}

void device_physics::update_totals() {
  total_ = {};
  for (unsigned i = 0; i < phases_; ++i) {
    total_.active += phase_[i].active;
    total_.reactive += phase_[i].reactive;
    total_.apparent += phase_[i].apparent;
    total_.current += phase_[i].current;
    total_.voltage += phase_[i].voltage / phases_;
  }
  total_.power_factor = total_.apparent > 0 ? total_.active / total_.apparent : 1.0;
  peak_active_ = std::max(peak_active_, total_.active);
}

void device_physics::integrate(double hours) {
  const unsigned t = tariff() - 1;
  const auto totals = directions(total_.active, total_.reactive);
  for (unsigned k = 0; k < energy_kind_count; ++k)
    energy_[k][t] += totals[k] * hours;
  for (unsigned i = 0; i < phases_; ++i) {
    const auto d = directions(phase_[i].active, phase_[i].reactive);
    for (unsigned k = 0; k < energy_kind_count; ++k)
      phase_energy_[i][k] += d[k] * hours;
  }
}

double device_physics::distortion(unsigned i) const noexcept {
  if (i >= phases_)
    return 0;
  return 1.2 + 0.2 * i + 2.5 * phase_[i].current / rated_current_;
}

double device_physics::energy(energy_kind kind, unsigned tariff) const noexcept {
  const auto& e = energy_[static_cast<unsigned>(kind)];
  if (tariff >= 1 && tariff <= tariff_count)
    return e[tariff - 1];
  // The sum in tariff order, as a meter adds its tariff registers.
  return tariff == 0 ? e[0] + e[1] + e[2] + e[3] : 0.0;
}

double device_physics::phase_energy(unsigned phase, energy_kind kind) const noexcept {
  return phase < phases_ ? phase_energy_[phase][static_cast<unsigned>(kind)] : 0.0;
}

unsigned device_physics::tariff() const noexcept {
  return tariff_at(time_ms_ + std::chrono::milliseconds(utc_offset_).count());
}

} // namespace meterhub::modbus_sim
