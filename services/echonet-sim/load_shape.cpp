#include "load_shape.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim_time.hpp"

namespace meterhub::echonet_sim {

namespace {

/// splitmix64: a good 64-bit mix, so the noise needs no state.
std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// A bump of height 1 centred on `centre` hours with half-width `width` hours.
double bump(double hour, double centre, double width) noexcept {
  const double d = (hour - centre) / width;
  return std::exp(-d * d);
}

} // namespace

double load_shape::noise(std::uint64_t key) const noexcept {
  return static_cast<double>(mix(seed_ * 0x100000001B3ull ^ key) >> 11) / 9007199254740992.0; // [0, 1)
}

std::int32_t load_shape::watts(std::int64_t minute_utc_ms) const noexcept {
  const auto local = minute_utc_ms + jst_offset_ms;
  const auto minute = static_cast<std::uint64_t>(floor_to(local, minute_ms) / minute_ms);
  const auto day = minute / 1440;
  const double hour = static_cast<double>(minute % 1440) / 60.0;
  // Night base, breakfast, a small lunch, the evening peak.
  double w = 220 + 900 * bump(hour, 7.5, 1.0) + 300 * bump(hour, 12.2, 0.8) + 1500 * bump(hour, 19.5, 2.0);
  w *= 0.85 + 0.3 * noise(day * 7 + 1);      // some days busier than others
  w *= 0.9 + 0.2 * noise(minute * 2 + 3);    // minute-to-minute flutter
  if (noise(minute / 5 * 2 + 5) < 0.04)      // a kettle or a dryer now and then
    w += 1200;
  w = std::clamp(w, 150.0, 3000.0);
  if (solar_ && hour > 6 && hour < 18) {
    const double clouds = 0.4 + 0.6 * noise(day * 11 + 9);
    w -= 3200 * clouds * std::sin(std::numbers::pi * (hour - 6) / 12);
  }
  return static_cast<std::int32_t>(std::lround(w));
}

} // namespace meterhub::echonet_sim
