#include "meterhub/core/decimal.hpp"

#include <array>

namespace meterhub {

namespace {

constexpr std::array<double, 23> powers = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                           1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

} // namespace

double decimal::to_double(int extra_exponent) const noexcept {
  const int e = exponent + extra_exponent;
  const auto m = static_cast<double>(mantissa);
  if (e >= 0)
    return e < static_cast<int>(powers.size()) ? m * powers[static_cast<std::size_t>(e)] : m * 1e22;
  return -e < static_cast<int>(powers.size()) ? m / powers[static_cast<std::size_t>(-e)] : 0.0;
}

std::optional<decimal> parse_decimal(std::string_view text) noexcept {
  if (text.empty())
    return std::nullopt;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  decimal d;
  int digits = 0;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9' || digits >= 18)
      return std::nullopt;
    d.mantissa = d.mantissa * 10 + (c - '0');
    ++digits;
    if (dot)
      --d.exponent;
  }
  if (digits == 0)
    return std::nullopt;
  if (negative)
    d.mantissa = -d.mantissa;
  return d;
}

} // namespace meterhub
