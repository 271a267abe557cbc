#include <cmath>

#include "meterhub/modbus/value.hpp"

namespace meterhub::modbus {

namespace {

/// 1/scale when that is a whole number (0.1 → 10, 0.001 → 1000), else 0. Dividing 2301 by 10 gives 230.1 exactly
/// rounded, multiplying by 0.1 gives 230.10000000000002: readings should print as the device shows them.
double whole_divisor(double scale) noexcept {
  if (scale == 0.0 || std::abs(scale) >= 1.0)
    return 0.0;
  double divisor = 1.0 / scale;
  return std::round(divisor) == divisor ? divisor : 0.0;
}

/// x × 10^exponent, dividing for negative exponents for the same reason.
double times_power_of_ten(double x, int exponent) noexcept {
  if (exponent >= 0)
    return x * std::pow(10.0, exponent);
  return x / std::pow(10.0, -exponent);
}

} // namespace

double apply(double raw, const scaling& s, int scale_exponent) noexcept {
  double divisor = whole_divisor(s.scale);
  double scaled = divisor != 0.0 ? raw / divisor : raw * s.scale;
  return times_power_of_ten(scaled, scale_exponent) + s.offset;
}

double unapply(double value, const scaling& s, int scale_exponent) noexcept {
  double unscaled = times_power_of_ten(value - s.offset, -scale_exponent);
  double divisor = whole_divisor(s.scale);
  return divisor != 0.0 ? unscaled * divisor : unscaled / s.scale;
}

} // namespace meterhub::modbus
