#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

/// Exact decimal numbers as meters write them ("000123.456", "-063", "230.1"): codecs scale them to SI units in
/// integer arithmetic and convert to double once, so "kWh with two decimals" never loses a Wh through binary floating
/// point and truncation.
namespace meterhub {

/// A number as written: mantissa × 10^exponent.
struct decimal {
  std::int64_t mantissa = 0;
  int exponent = 0;

  /// The value as a double, correctly rounded (the mantissa and the power of ten are exact doubles).
  double to_double(int extra_exponent = 0) const noexcept;

  friend bool operator==(const decimal&, const decimal&) = default;
};

/// Parses an optional sign, digits and at most one '.', at most 18 digits; nullopt for anything else (hex text,
/// timestamps, empty, a lone sign or dot).
std::optional<decimal> parse_decimal(std::string_view text) noexcept;

} // namespace meterhub
