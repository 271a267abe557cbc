#include "register_address.hpp"

#include <fmt/format.h>

namespace meterhub::iec61107sim {

namespace {

std::optional<unsigned> hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f')
    return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F')
    return static_cast<unsigned>(c - 'A' + 10);
  return std::nullopt;
}

/// Two hex digits at the front of `text`, consumed.
std::optional<unsigned> hex_pair(std::string_view& text) {
  if (text.size() < 2)
    return std::nullopt;
  const auto hi = hex_digit(text[0]), lo = hex_digit(text[1]);
  if (!hi || !lo)
    return std::nullopt;
  text.remove_prefix(2);
  return *hi * 16 + *lo;
}

bool take(std::string_view& text, char c) {
  if (text.empty() || text.front() != c)
    return false;
  text.remove_prefix(1);
  return true;
}

/// C, D and E of "CC.DD.EE*" or "CCDDEE", consumed; the separators must be all there or all absent.
std::optional<register_address> groups_c_to_e(std::string_view& text) {
  const bool dotted = text.size() > 2 && text[2] == '.';
  register_address out = 0;
  for (int group = 0; group < 3; ++group) {
    const auto value = hex_pair(text);
    if (!value)
      return std::nullopt;
    out = out << 8 | *value;
    if (dotted && !take(text, group < 2 ? '.' : '*'))
      return std::nullopt;
  }
  return out << 8;
}

} // namespace

std::optional<register_address> parse_register_address(std::string_view text) {
  auto base = groups_c_to_e(text);
  const auto f = base ? hex_pair(text) : std::nullopt;
  if (!f || !text.empty())
    return std::nullopt;
  return *base | *f;
}

std::optional<register_range> parse_register_range(std::string_view text) {
  const auto base = groups_c_to_e(text);
  if (!base)
    return std::nullopt;
  if (!take(text, '[')) {
    const auto f = hex_pair(text);
    if (!f || !text.empty())
      return std::nullopt;
    return register_range{*base | *f, *base | *f};
  }
  const auto lo = hex_pair(text);
  const bool dots = lo && take(text, '.') && take(text, '.');
  const auto hi = dots ? hex_pair(text) : std::nullopt;
  if (!hi || !take(text, ']') || !text.empty() || *lo > *hi)
    return std::nullopt;
  return register_range{*base | *lo, *base | *hi};
}

std::string wire_address(register_address address) {
  return fmt::format("{:08X}", address);
}

std::string dotted_address(register_address address) {
  return fmt::format("{:02X}.{:02X}.{:02X}*{:02X}", address >> 24, address >> 16 & 0xFF, address >> 8 & 0xFF,
                     address & 0xFF);
}

} // namespace meterhub::iec61107sim
