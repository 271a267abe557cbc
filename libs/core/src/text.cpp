#include "meterhub/core/text.hpp"

namespace meterhub {

namespace {

/// The length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not well-formed (RFC 3629 table).
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto b0 = byte(i);
  if (b0 < 0x80)
    return 1;
  std::size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (n == 0 || b0 > 0xF4 || i + n > s.size())
    return 0;
  const auto b1 = byte(i + 1);
  // The second byte's range narrows for the first bytes that could start overlong forms, surrogates or > U+10FFFF.
  const unsigned char low = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
  const unsigned char high = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
  if (b1 < low || b1 > high)
    return 0;
  for (std::size_t k = 2; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
  return n;
}

} // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto n = sequence_length(bytes, i);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

std::string as_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes))
    return std::string{bytes};
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else { // ISO 8859-1 byte = the code point U+0080..U+00FF, two bytes in UTF-8
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

} // namespace meterhub
