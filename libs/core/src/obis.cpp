#include "meterhub/core/obis.hpp"


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
    // Hand-rolled digits: this runs for every line of every telegram.
    unsigned value = 0;
    const char* first = p;
    while (p != end && *p >= '0' && *p <= '9' && p - first < 3)
      value = value * 10 + static_cast<unsigned>(*p++ - '0');
    if (p == first || value > 255 || (p != end && *p >= '0' && *p <= '9'))
      return std::nullopt;
    code.groups[i] = static_cast<std::uint8_t>(value);
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
