#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "meterhub/core/reading.hpp"

/// Exact decimal values and unit scaling (spec §2: "000123.456*kWh" → 123456 Wh, never through binary floating
/// point and truncation).
namespace meterhub::dsmr::detail {

/// A number as written: mantissa × 10^exponent.
struct decimal {
  std::int64_t mantissa = 0;
  int exponent = 0;

  /// The value as a double, correctly rounded (the mantissa and the power of ten are exact doubles).
  double to_double(int extra_exponent = 0) const noexcept;
};

/// Parses "-063", "000123.456", "230.1"; nullopt for anything else (hex text, timestamps, empty).
std::optional<decimal> parse_decimal(std::string_view text) noexcept;

/// A wire unit mapped to the platform's SI unit and the power of ten to apply (kWh → Wh, 3).
struct si_unit {
  meterhub::unit unit = meterhub::unit::none;
  int exponent = 0;
};

/// Case-insensitive ("kWh", "kwh", "KWH"); nullopt for units the platform does not know.
std::optional<si_unit> parse_unit(std::string_view text) noexcept;

} // namespace meterhub::dsmr::detail
