#include "register_address.hpp"

#include <charconv>

#include "meterhub/neva/address.hpp"

// The notations are the platform's NEVA codec's; the imitator keeps its addresses as 0xCCDDEEFF numbers and is
// stricter than the reading side about one thing: a register it serves must name its F group.
namespace meterhub::iec61107sim {

namespace {

neva::register_address groups_of(register_address a) {
  return neva::register_address::of(static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16),
                                    static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a));
}

/// Two hex digits, exactly.
std::optional<unsigned> hex_pair(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (text.size() != 2 || ec != std::errc{} || end != text.data() + 2)
    return std::nullopt;
  return value;
}

} // namespace

std::optional<register_address> parse_register_address(std::string_view text) {
  const bool dotted = text.find('.') != std::string_view::npos;
  if (text.size() != (dotted ? 11u : 8u))
    return std::nullopt;
  auto reg = neva::parse_address(text);
  if (!reg)
    return std::nullopt;
  return static_cast<register_address>(reg->c) << 24 | static_cast<register_address>(reg->d) << 16 |
         static_cast<register_address>(reg->e) << 8 | reg->f;
}

std::optional<register_range> parse_register_range(std::string_view text) {
  const auto open = text.find('[');
  if (open == std::string_view::npos) {
    const auto one = parse_register_address(text);
    if (!one)
      return std::nullopt;
    return register_range{*one, *one};
  }
  // "CC.DD.EE*[LO..HI]" or "CCDDEE[LO..HI]"
  const auto base = parse_register_address(std::string{text.substr(0, open)} + "00");
  const auto bounds = text.substr(open);
  if (!base || bounds.size() != 8 || bounds.substr(3, 2) != ".." || bounds.back() != ']')
    return std::nullopt;
  const auto lo = hex_pair(bounds.substr(1, 2)), hi = hex_pair(bounds.substr(5, 2));
  if (!lo || !hi || *lo > *hi)
    return std::nullopt;
  return register_range{*base | *lo, *base | *hi};
}

std::string wire_address(register_address address) {
  return neva::to_wire(groups_of(address));
}

std::string dotted_address(register_address address) {
  return neva::to_string(groups_of(address));
}

} // namespace meterhub::iec61107sim
