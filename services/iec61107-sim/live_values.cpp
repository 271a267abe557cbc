#include "live_values.hpp"

#include "energy_history.hpp"

namespace meterhub::iec61107sim {

namespace {

/// A value in [lo, hi] drawn from the seed, the second `t` and a channel number.
std::int64_t noise(std::uint64_t seed, std::int64_t t, std::uint64_t channel, std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(mix(seed, t, channel) % static_cast<std::uint64_t>(hi - lo + 1));
}

/// Splits the total between the phases; the shares hold for a half hour (appliances stay on their phase).
std::array<std::int64_t, 3> phase_powers(std::uint64_t seed, local_seconds t, std::int64_t total_dw) {
  const std::int64_t interval = t / interval_seconds;
  const std::int64_t share1 = noise(seed, interval, 10, 28, 45), share2 = noise(seed, interval, 11, 22, 40);
  const std::int64_t p1 = total_dw * share1 / 100, p2 = total_dw * share2 / 100;
  return {p1, p2, total_dw - p1 - p2};
}

} // namespace

live_values live_values_at(std::uint64_t seed, local_seconds t, int interval_power_w) noexcept {
  live_values out;
  out.total_power_dw = std::int64_t{interval_power_w} * 10 * noise(seed, t, 20, 980, 1020) / 1000;
  const auto powers = phase_powers(seed, t, out.total_power_dw);
  for (std::size_t i = 0; i < 3; ++i) {
    auto& phase = out.phases[i];
    phase.power_dw = powers[i];
    phase.voltage_cv = noise(seed, t, 30 + i, 22600, 23400);
    phase.power_factor_milli = static_cast<int>(noise(seed, t / interval_seconds, 40 + i, 900, 990));
    // I = P / (U · pf), rounded to the mA: P in 0.1 W, U in 0.01 V, pf in 0.001.
    const std::int64_t divisor = phase.voltage_cv * phase.power_factor_milli;
    phase.current_ma = (phase.power_dw * 10'000'000 + divisor / 2) / divisor;
  }
  out.frequency_chz = static_cast<int>(noise(seed, t, 50, 4995, 5005));
  out.temperature_c = static_cast<int>(18 + mix(seed, day_of(t), 60) % 8 + (to_civil(t).hour >= 12 ? 3 : 0));
  for (std::size_t i = 0; i < 3; ++i)
    out.angles_ddeg[i] = static_cast<int>((i == 1 ? 2400 : 1200) + noise(seed, t, 70 + i, -5, 5));
  return out;
}

} // namespace meterhub::iec61107sim
