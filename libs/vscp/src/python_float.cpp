#include "meterhub/vscp/python_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "meterhub/core/time.hpp"

namespace meterhub::vscp {

namespace {

/// A finite double's shortest round-trip digits: value = 0.d1d2...dn × 10^point (sign apart).
struct shortest_digits {
  bool negative = false;
  std::string digits;
  int point = 0;
};

shortest_digits shortest(double value) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view text{buf, static_cast<std::size_t>(res.ptr - buf)};
  shortest_digits out;
  if (!text.empty() && text.front() == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  const auto e = text.find('e');
  for (char c : text.substr(0, e))
    if (c != '.')
      out.digits += c;
  int exponent = 0;
  auto exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+')
    exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  out.point = exponent + 1;
  return out;
}

} // namespace

std::string python_float_repr(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  const auto d = shortest(value);
  std::string out = d.negative ? "-" : "";
  const int n = static_cast<int>(d.digits.size());
  // CPython's format_float_short with repr's mode 'r': exponent form when the point is at or before the fourth
  // place after it (1e-05) or past the sixteenth digit (1e+16).
  if (d.point > -4 && d.point <= 16) {
    if (d.point <= 0)
      out += "0." + std::string(static_cast<std::size_t>(-d.point), '0') + d.digits;
    else if (d.point >= n)
      out += d.digits + std::string(static_cast<std::size_t>(d.point - n), '0') + ".0";
    else
      out += d.digits.substr(0, d.point) + "." + d.digits.substr(d.point);
    return out;
  }
  out += d.digits.front();
  if (n > 1)
    out += "." + d.digits.substr(1);
  const int exponent = d.point - 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out + buf;
}

double shift_decimal(double value, int places) noexcept {
  if (places == 0 || value == 0 || !std::isfinite(value))
    return value;
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view text{buf, static_cast<std::size_t>(res.ptr - buf)};
  const auto e = text.find('e');
  int exponent = 0;
  auto exp_text = text.substr(e + 1);
  if (exp_text.front() == '+')
    exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  char shifted[80];
  const int len = std::snprintf(shifted, sizeof shifted, "%.*se%d", static_cast<int>(e), text.data(),
                                exponent + places);
  double out = 0;
  const auto parsed = std::from_chars(shifted, shifted + len, out);
  if (parsed.ec == std::errc::result_out_of_range)
    return std::copysign(exponent + places > 0 ? HUGE_VAL : 0.0, value);
  return out;
}

double scale_value(double value, double scale) noexcept {
  if (scale == 1.0)
    return value;
  const double magnitude = std::fabs(scale);
  if (std::isfinite(magnitude) && magnitude > 0) {
    const int k = static_cast<int>(std::lround(std::log10(magnitude)));
    if (shift_decimal(1.0, k) == magnitude)
      return shift_decimal(scale < 0 ? -value : value, k);
  }
  return value * scale;
}

std::string format_vscp_datetime(std::int64_t unix_ms) {
  const auto [day, ms] = civil_from_unix_ms(unix_ms);
  const auto secs = static_cast<unsigned>(ms / 1000);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", day.year, day.month, day.day, secs / 3600,
                secs / 60 % 60, secs % 60);
  return buf;
}

} // namespace meterhub::vscp
