#include "text.hpp"

#include <charconv>
#include <cmath>

#include "meterhub/core/error.hpp"

namespace meterhub::profiles::detail {

std::string in_quotes(std::string_view text) {
  return "\"" + std::string{text} + "\"";
}

std::string number_text(double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc{} ? std::string(buf, p) : std::string{"?"};
}

std::optional<double> parse_number(std::string_view text) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string error_detail(const caf::error& err) {
  auto text = describe(err);
  for (int separators = 0; separators < 2; ++separators) { // "modbus: bad_value: detail"
    auto pos = text.find(": ");
    if (pos == std::string::npos)
      break;
    text.erase(0, pos + 2);
  }
  return text;
}

} // namespace meterhub::profiles::detail
