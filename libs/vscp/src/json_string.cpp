#include "meterhub/vscp/python_format.hpp"

#include "meterhub/core/text.hpp"

namespace meterhub::vscp {

namespace {

constexpr char hex_lower[] = "0123456789abcdef";

void append_u_escape(std::string& out, std::uint32_t unit) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4)
    out += hex_lower[(unit >> shift) & 0xF];
}

/// The code point of the well-formed UTF-8 sequence at `s[i]`, advancing `i` past it.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const std::size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  std::uint32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1Fu) : n == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
  for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += n;
  return cp;
}

void append_escaped(std::string& out, std::uint32_t cp) {
  switch (cp) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:
      break;
  }
  if (cp >= 0x20 && cp <= 0x7E) {
    out += static_cast<char>(cp);
  } else if (cp <= 0xFFFF) {
    append_u_escape(out, cp);
  } else {
    // json.dumps writes characters beyond the BMP as a UTF-16 surrogate pair.
    const std::uint32_t v = cp - 0x10000;
    append_u_escape(out, 0xD800 | (v >> 10));
    append_u_escape(out, 0xDC00 | (v & 0x3FF));
  }
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  const bool valid = is_valid_utf8(text);
  const std::string converted = valid ? std::string{} : as_utf8(text);
  const std::string_view s = valid ? text : std::string_view{converted};
  for (std::size_t i = 0; i < s.size();)
    append_escaped(out, next_code_point(s, i));
  out += '"';
}

} // namespace meterhub::vscp
