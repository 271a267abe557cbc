#include "meterhub/neva/address.hpp"

#include <array>
#include <optional>

#include "fields.hpp"

namespace meterhub::neva {

namespace {

using detail::hex_digit;

std::optional<std::uint8_t> hex_byte(std::string_view two) noexcept {
  const int hi = hex_digit(two[0]);
  const int lo = hex_digit(two[1]);
  if (hi < 0 || lo < 0)
    return std::nullopt;
  return static_cast<std::uint8_t>(hi * 16 + lo);
}

/// Where the two digits of each group start, and how many groups the text carries.
struct layout {
  std::array<std::size_t, 4> at;
  std::size_t groups;
};

std::optional<layout> layout_of(std::string_view text) noexcept {
  const bool dotted = text.size() >= 8 && text[2] == '.' && text[5] == '.';
  if (text.size() == 8 && dotted)
    return layout{{0, 3, 6, 0}, 3}; // "1F.07.00": F = FF
  if (text.size() == 8)
    return layout{{0, 2, 4, 6}, 4}; // wire form "1F0700FF"
  if (text.size() == 11 && dotted && text[8] == '*')
    return layout{{0, 3, 6, 9}, 4};
  return std::nullopt;
}

char upper_hex(unsigned nibble) noexcept {
  return "0123456789ABCDEF"[nibble & 0xF];
}

void append_hex(std::string& out, std::uint8_t byte) {
  out += upper_hex(byte >> 4);
  out += upper_hex(byte);
}

} // namespace

caf::expected<register_address> parse_address(std::string_view text) {
  const auto lay = layout_of(text);
  if (!lay)
    return detail::field_error(neva_errc::bad_address, "expected CC.DD.EE*FF, CC.DD.EE or CCDDEEFF, got", text);
  std::array<std::uint8_t, 4> groups{0, 0, 0, 0xFF};
  for (std::size_t i = 0; i < lay->groups; ++i) {
    const auto byte = hex_byte(text.substr(lay->at[i], 2));
    if (!byte)
      return detail::field_error(neva_errc::bad_address, "a group is not two hex digits in", text);
    groups[i] = *byte;
  }
  return register_address::of(groups[0], groups[1], groups[2], groups[3]);
}

std::string to_wire(register_address reg) {
  std::string out;
  out.reserve(8);
  for (auto byte : {reg.c, reg.d, reg.e, reg.f})
    append_hex(out, byte);
  return out;
}

std::string to_string(register_address reg) {
  std::string out;
  out.reserve(11);
  append_hex(out, reg.c);
  out += '.';
  append_hex(out, reg.d);
  out += '.';
  append_hex(out, reg.e);
  out += '*';
  append_hex(out, reg.f);
  return out;
}

bool is_electrical(register_address reg) noexcept {
  return reg.c != 0x00 && reg.c != 0x60;
}

obis_code to_obis(register_address reg) noexcept {
  const std::uint8_t a = is_electrical(reg) ? 1 : 0;
  return obis_code::of(a, 0, reg.c, reg.d, reg.e, reg.f);
}

std::string to_obis_text(register_address reg) {
  return to_obis(reg).to_string();
}

} // namespace meterhub::neva
