#include "meterhub/profiles/numbering.hpp"

#include <charconv>

namespace meterhub::profiles {

namespace {

std::optional<std::uint32_t> to_unsigned(std::string_view text, int base) noexcept {
  std::uint32_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size())
    return std::nullopt;
  return v;
}

bool all_digits(std::string_view text) noexcept {
  for (char c : text)
    if (c < '0' || c > '9')
      return false;
  return !text.empty();
}

} // namespace

std::optional<std::uint16_t> parse_address(std::string_view text) noexcept {
  std::optional<std::uint32_t> v;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    v = to_unsigned(text.substr(2), 16);
  else if (all_digits(text))
    v = to_unsigned(text, 10);
  if (!v || *v > 0xFFFF)
    return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}

std::optional<std::pair<modbus::table, std::uint16_t>> parse_vendor_register(std::string_view text) noexcept {
  if ((text.size() != 5 && text.size() != 6) || !all_digits(text))
    return std::nullopt;
  std::optional<modbus::table> t;
  switch (text[0]) {
    case '0':
      t = modbus::table::coil;
      break;
    case '1':
      t = modbus::table::discrete_input;
      break;
    case '3':
      t = modbus::table::input;
      break;
    case '4':
      t = modbus::table::holding;
      break;
    default:
      return std::nullopt;
  }
  auto number = to_unsigned(text.substr(1), 10);
  // Five digits hold registers 1..9999, six digits 1..65536 (the extended numbering for maps above 9999).
  if (!number || *number == 0 || *number > 65536)
    return std::nullopt;
  return std::make_pair(*t, static_cast<std::uint16_t>(*number - 1));
}

std::optional<std::pair<std::uint16_t, std::uint16_t>> parse_address_range(std::string_view text) noexcept {
  auto dash = text.find('-');
  if (dash == std::string_view::npos)
    return std::nullopt;
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ')
      s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
      s.remove_suffix(1);
    return s;
  };
  auto first = parse_address(trim(text.substr(0, dash)));
  auto last = parse_address(trim(text.substr(dash + 1)));
  if (!first || !last || *first > *last)
    return std::nullopt;
  return std::make_pair(*first, *last);
}

} // namespace meterhub::profiles
