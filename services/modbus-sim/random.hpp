#pragma once

#include <cstdint>

/// A small seeded random source for the simulated devices. SplitMix64 (Steele, Lea, Flood 2014) keeps 8 bytes of
/// state, so 1,000 devices cost 8 KB instead of the 2.5 MB of as many std::mt19937_64, and, unlike the standard
/// distributions, its doubles are the same on every standard library: a seed gives the same site everywhere.
namespace meterhub::modbus_sim {

class random_source {
public:
  explicit random_source(std::uint64_t seed = 1) noexcept : state_(seed) {}

  /// The next 64 random bits.
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Uniform in [low, high).
  double uniform(double low, double high) noexcept { return low + (high - low) * uniform(); }

  /// Roughly normal with mean 0 and deviation 1 (the sum of four uniforms, scaled): bounded at ±3.5, which keeps
  /// noise from ever throwing a voltage far off.
  double noise() noexcept { return (uniform() + uniform() + uniform() + uniform() - 2.0) * 1.7320508075688772; }

  /// True with probability `p`.
  bool chance(double p) noexcept { return uniform() < p; }

private:
  std::uint64_t state_;
};

/// A seed for a part of a device (a line, a unit, an input) derived from the site's seed, so that adding a device
/// does not change the values of the others.
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t part) noexcept {
  std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + part + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDull;
  return z ^ (z >> 33);
}

} // namespace meterhub::modbus_sim
