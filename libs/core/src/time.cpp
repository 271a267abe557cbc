#include "meterhub/core/time.hpp"

#include <charconv>
#include <cstdio>

namespace meterhub {

std::int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t unix_ms_from_utc(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                              unsigned second) noexcept {
  const std::int64_t days = days_from_civil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60'000 + static_cast<std::int64_t>(second) * 1000;
}

namespace {


bool read_digits(std::string_view& s, std::size_t n, unsigned& out) noexcept {
  if (s.size() < n)
    return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + n, out);
  if (ec != std::errc{} || p != s.data() + n)
    return false;
  s.remove_prefix(n);
  return true;
}

bool expect(std::string_view& s, char c) noexcept {
  if (s.empty() || s.front() != c)
    return false;
  s.remove_prefix(1);
  return true;
}

} // namespace

civil_instant civil_from_unix_ms(std::int64_t unix_ms) noexcept {
  std::int64_t days = unix_ms / 86'400'000;
  std::int64_t rest = unix_ms % 86'400'000;
  if (rest < 0) {
    rest += 86'400'000;
    --days;
  }
  return {civil_from_days(days), rest};
}

std::string format_iso8601(std::int64_t unix_ms) {
  const auto [c, rest] = civil_from_unix_ms(unix_ms);
  const auto ms = static_cast<unsigned>(rest % 1000);
  const auto secs = static_cast<unsigned>(rest / 1000);
  char buf[40];
  if (ms == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", c.year, c.month, c.day, secs / 3600,
                  secs / 60 % 60, secs % 60);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", c.year, c.month, c.day, secs / 3600,
                  secs / 60 % 60, secs % 60, ms);
  return buf;
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) noexcept {
  unsigned y, mo, d, h, mi, se, frac = 0;
  if (!read_digits(s, 4, y) || !expect(s, '-') || !read_digits(s, 2, mo) || !expect(s, '-') ||
      !read_digits(s, 2, d) || (!expect(s, 'T') && !expect(s, ' ')) || !read_digits(s, 2, h) || !expect(s, ':') ||
      !read_digits(s, 2, mi) || !expect(s, ':') || !read_digits(s, 2, se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
    return std::nullopt;
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    unsigned digits = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      if (digits < 3)
        frac = frac * 10 + static_cast<unsigned>(s.front() - '0');
      ++digits;
      s.remove_prefix(1);
    }
    if (digits == 0)
      return std::nullopt;
    for (; digits < 3; ++digits)
      frac *= 10;
  }
  std::int64_t offset_min = 0;
  if (expect(s, 'Z')) {
  } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    unsigned oh, om;
    if (!read_digits(s, 2, oh) || !expect(s, ':') || !read_digits(s, 2, om))
      return std::nullopt;
    offset_min = sign * static_cast<std::int64_t>(oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (!s.empty())
    return std::nullopt;
  return unix_ms_from_utc(static_cast<int>(y), mo, d, h, mi, se) + frac - offset_min * 60'000;
}

civil_day civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

std::optional<std::chrono::minutes> parse_utc_offset(std::string_view text) {
  if (text == "UTC" || text == "Z")
    return std::chrono::minutes{0};
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':')
    return std::nullopt;
  int hours = 0, minutes = 0;
  auto h = std::from_chars(text.data() + 1, text.data() + 3, hours);
  auto m = std::from_chars(text.data() + 4, text.data() + 6, minutes);
  if (h.ec != std::errc{} || m.ec != std::errc{} || h.ptr != text.data() + 3 || m.ptr != text.data() + 6 ||
      hours > 14 || minutes > 59)
    return std::nullopt;
  const int total = hours * 60 + minutes;
  return std::chrono::minutes{text[0] == '-' ? -total : total};
}

} // namespace meterhub
