#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "meterhub/core/decimal.hpp"
#include "meterhub/core/reading.hpp"

/// DSMR units scaled to SI (spec §2: "000123.456*kWh" → 123456 Wh, never through binary floating point).
namespace meterhub::dsmr::detail {

using meterhub::decimal;
using meterhub::parse_decimal;

/// A wire unit mapped to the platform's SI unit and the power of ten to apply (kWh → Wh, 3).
struct si_unit {
  meterhub::unit unit = meterhub::unit::none;
  int exponent = 0;
};

/// Case-insensitive ("kWh", "kwh", "KWH"); nullopt for units the platform does not know.
std::optional<si_unit> parse_unit(std::string_view text) noexcept;

} // namespace meterhub::dsmr::detail
