#include "meterhub/core/obis.hpp"

#include <charconv>

namespace meterhub {

std::string obis_code::to_string() const {
  std::string out;
  out.reserve(20);
  auto append = [&out](std::uint8_t v, char sep) {
    out += std::to_string(v);
    if (sep != 0)
      out += sep;
  };
  append(a(), '-');
  append(b(), ':');
  append(c(), '.');
  append(d(), '.');
  append(e(), 0);
  if (f() != 255) {
    out += '*';
    out += std::to_string(f());
  }
  return out;
}

std::optional<obis_code> obis_code::parse(std::string_view text) noexcept {
  static constexpr char separators[] = {'-', ':', '.', '.'};
  obis_code code;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (std::size_t i = 0; i < 6; ++i) {
    if (i == 5) {
      if (p == end)
        return code; // no F group
      if (*p != '*' && *p != '&')
        return std::nullopt;
      ++p;
    }
    unsigned value = 0;
    auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc{} || next == p || value > 255)
      return std::nullopt;
    code.groups[i] = static_cast<std::uint8_t>(value);
    p = next;
    if (i < 4) {
      if (p == end || *p != separators[i])
        return std::nullopt;
      ++p;
    }
  }
  if (p != end)
    return std::nullopt;
  return code;
}

} // namespace meterhub
