#include "decimal.hpp"

#include <array>
#include <cctype>

namespace meterhub::dsmr::detail {

namespace {

constexpr std::array<double, 23> powers = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                           1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// ASCII case-insensitive comparison (no locale: this runs for every value of every telegram).
bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] | 0x20) : a[i];
    const char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] | 0x20) : b[i];
    if (x != y)
      return false;
  }
  return true;
}

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

std::optional<si_unit> parse_unit(std::string_view text) noexcept {
  struct entry {
    std::string_view wire;
    si_unit si;
  };
  static constexpr entry table[] = {
    {"kWh", {unit::wh, 3}},     {"Wh", {unit::wh, 0}},      {"kW", {unit::w, 3}},      {"W", {unit::w, 0}},
    {"kvarh", {unit::varh, 3}}, {"varh", {unit::varh, 0}},  {"kvar", {unit::var, 3}},  {"var", {unit::var, 0}},
    {"kVAh", {unit::vah, 3}},   {"VAh", {unit::vah, 0}},    {"kVA", {unit::va, 3}},    {"VA", {unit::va, 0}},
    {"V", {unit::v, 0}},        {"A", {unit::a, 0}},        {"Hz", {unit::hz, 0}},     {"m3", {unit::m3, 0}},
    {"GJ", {unit::gj, 0}},      {"s", {unit::second, 0}},   {"MWh", {unit::wh, 6}},    {"kA", {unit::a, 3}},
  };
  for (const auto& e : table)
    if (iequals(e.wire, text))
      return e.si;
  return std::nullopt;
}

} // namespace meterhub::dsmr::detail
