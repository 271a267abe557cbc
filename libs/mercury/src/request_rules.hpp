#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "meterhub/mercury/request.hpp"

/// Field rules shared by the request encoder and the meter-side decoder, so that whatever one accepts the other
/// does too (decode then encode gives the same bytes).
namespace meterhub::mercury::detail {

/// 03 0C: set the clock; 03 0D: correct it.
inline constexpr std::uint8_t write_set_time = 0x0C;
inline constexpr std::uint8_t write_correct_time = 0x0D;

/// Highest tariff byte: 0 sum, 1…4 tariffs, 5 "losses" (ILN).
inline constexpr std::uint8_t max_tariff = 5;

inline bool known_level(std::uint8_t level) noexcept {
  return level == 1 || level == 2;
}

inline bool known_array(std::uint8_t code) noexcept {
  return code <= 0x6 || (code >= 0x9 && code <= 0xD);
}

inline bool known_info(std::uint8_t p) noexcept {
  switch (static_cast<info_kind>(p)) {
    case info_kind::serial:
    case info_kind::passport:
    case info_kind::ratios:
    case info_kind::version:
    case info_kind::network_address:
    case info_kind::variant:
    case info_kind::profile_pointer:
      return true;
  }
  return false;
}

inline bool known_aux(std::uint8_t p) noexcept {
  return p == static_cast<std::uint8_t>(aux_format::single) || p == static_cast<std::uint8_t>(aux_format::all_full) ||
         p == static_cast<std::uint8_t>(aux_format::all_short);
}

/// Why an energy-array request cannot be sent, or nullopt.
inline std::optional<std::string> energy_problem(const read_energy& r) {
  const auto code = static_cast<std::uint8_t>(r.array);
  if (!known_array(code))
    return "unknown energy array " + std::to_string(code);
  if (takes_month(r.array) ? (r.month < 1 || r.month > 12) : r.month != 0)
    return "month " + std::to_string(r.month) + " does not fit array " + std::to_string(code);
  if (r.tariff > max_tariff)
    return "tariff " + std::to_string(r.tariff) + " above 5";
  return std::nullopt;
}

} // namespace meterhub::mercury::detail
