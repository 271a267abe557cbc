#include "meterhub/core/reading.hpp"

#include <array>

namespace meterhub {

namespace {

constexpr std::array<std::string_view, 15> unit_symbols = {
  "", "Wh", "varh", "VAh", "W", "var", "VA", "V", "A", "Hz", "°", "°C", "m3", "GJ", "s",
};

constexpr std::array<std::string_view, flag_count> flag_names = {
  "invalid",    "estimated",  "summer_time",     "overflow",       "partial_period",
  "backfilled", "suspicious", "unauthenticated", "ambiguous_time",
};

} // namespace

std::string_view to_string(unit u) noexcept {
  auto i = static_cast<std::size_t>(u);
  return i < unit_symbols.size() ? unit_symbols[i] : std::string_view{};
}

std::optional<unit> unit_from_string(std::string_view symbol) noexcept {
  for (std::size_t i = 1; i < unit_symbols.size(); ++i)
    if (unit_symbols[i] == symbol)
      return static_cast<unit>(i);
  if (symbol.empty())
    return unit::none;
  return std::nullopt;
}

std::string_view to_string(flag f) noexcept {
  auto bits = static_cast<std::uint32_t>(f);
  for (int i = 0; i < flag_count; ++i)
    if (bits == (1u << i))
      return flag_names[static_cast<std::size_t>(i)];
  return {};
}

bool is_valid_device_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64)
    return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(id.front()))
    return false;
  for (char c : id)
    if (!lower_or_digit(c) && c != '_' && c != '.' && c != '-')
      return false;
  return true;
}

} // namespace meterhub
