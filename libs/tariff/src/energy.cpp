#include "meterhub/tariff/energy.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "meterhub/tariff/error.hpp"
#include "meterhub/tariff/schedule.hpp"

namespace meterhub::tariff {

namespace {

std::optional<std::int64_t> power_of_ten(int exponent) noexcept {
  if (exponent < 0 || exponent > 18)
    return std::nullopt;
  std::int64_t p = 1;
  for (int i = 0; i < exponent; ++i)
    p *= 10;
  return p;
}

/// `value` with trailing zeros of its fraction dropped ("12.50" → 125 × 10^-1), so that the scaling below only
/// overflows for numbers that are really too large.
decimal normalized(decimal value) noexcept {
  while (value.exponent < 0 && value.mantissa % 10 == 0) {
    value.mantissa /= 10;
    ++value.exponent;
  }
  return value;
}

/// value × 10^shift × multiplier / divisor as an exact integer, or the reason why there is none.
caf::expected<std::int64_t> exact_scale(decimal value, int shift, std::int64_t multiplier, std::int64_t divisor) {
  if (value.mantissa < 0)
    return make_error(tariff_errc::negative_value);
  if (value.mantissa == 0)
    return std::int64_t{0};
  value = normalized(value);
  const int exponent = value.exponent + shift;
  std::int64_t numerator = 0;
  if (__builtin_mul_overflow(value.mantissa, multiplier, &numerator))
    return make_error(tariff_errc::overflow);
  if (exponent > 0) {
    const auto scale = power_of_ten(exponent);
    if (!scale || __builtin_mul_overflow(numerator, *scale, &numerator))
      return make_error(tariff_errc::overflow);
  } else if (exponent < 0) {
    // A divisor past 64 bits exceeds any non-zero numerator: the quotient cannot be whole.
    const auto scale = power_of_ten(-exponent);
    if (!scale || __builtin_mul_overflow(divisor, *scale, &divisor))
      return make_error(tariff_errc::inexact_value);
  }
  if (numerator % divisor != 0)
    return make_error(tariff_errc::inexact_value);
  return numerator / divisor;
}

} // namespace

power_unit infer_profile_unit(std::span<const decimal> values) noexcept {
  const bool any_point = std::any_of(values.begin(), values.end(), [](const decimal& v) { return v.exponent < 0; });
  return any_point ? power_unit::kilowatt : power_unit::watt;
}

caf::expected<std::int64_t> interval_energy_mwh(const decimal& power, power_unit unit, unsigned interval_minutes) {
  if (interval_minutes == 0 || interval_minutes > minutes_per_day)
    return make_error(tariff_errc::bad_interval_count, std::to_string(interval_minutes) + " minutes");
  // mWh = W × minutes × 1000 / 60 = W × minutes × 50 / 3; kW shifts the decimal exponent by 3.
  const int shift = unit == power_unit::kilowatt ? 3 : 0;
  return exact_scale(power, shift, std::int64_t{interval_minutes} * 50, 3);
}

caf::expected<std::vector<std::int64_t>> profile_energies_mwh(std::span<const decimal> values, power_unit unit) {
  const auto minutes = interval_minutes(values.size());
  if (!minutes)
    return make_error(tariff_errc::bad_interval_count, std::to_string(values.size()) + " values, expected 24 or 48");
  std::vector<std::int64_t> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto energy = interval_energy_mwh(values[i], unit, *minutes);
    if (!energy)
      return make_error(static_cast<tariff_errc>(energy.error().code()), "profile value " + std::to_string(i));
    out.push_back(*energy);
  }
  return out;
}

caf::expected<std::int64_t> kwh_to_mwh(const decimal& energy_kwh) {
  return exact_scale(energy_kwh, 6, 1, 1);
}

} // namespace meterhub::tariff
