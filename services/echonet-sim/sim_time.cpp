#include "sim_time.hpp"

#include <charconv>
#include <cstdio>
#include <string>

#include "meterhub/core/time.hpp"

namespace meterhub::echonet_sim {

std::int64_t floor_to(std::int64_t t, std::int64_t step) noexcept {
  const auto r = t % step;
  return t - (r < 0 ? r + step : r);
}

std::int64_t jst_midnight(std::int64_t utc_ms) noexcept {
  return floor_to(utc_ms + jst_offset_ms, day_ms) - jst_offset_ms;
}

void put_jst_time(std::vector<std::uint8_t>& out, std::int64_t utc_ms, bool seconds) {
  const auto c = civil_from_unix_ms(utc_ms + jst_offset_ms);
  const auto s = c.ms_of_day / 1000;
  out.push_back(static_cast<std::uint8_t>(c.day.year >> 8));
  out.push_back(static_cast<std::uint8_t>(c.day.year));
  out.push_back(static_cast<std::uint8_t>(c.day.month));
  out.push_back(static_cast<std::uint8_t>(c.day.day));
  out.push_back(static_cast<std::uint8_t>(s / 3600));
  out.push_back(static_cast<std::uint8_t>(s / 60 % 60));
  if (seconds)
    out.push_back(static_cast<std::uint8_t>(s % 60));
}

std::optional<std::int64_t> read_jst_time(const std::vector<std::uint8_t>& b) noexcept {
  if (b.size() < 6)
    return std::nullopt;
  const int year = (b[0] << 8) | b[1];
  if (year < 1970 || b[2] < 1 || b[2] > 12 || b[3] < 1 || b[3] > 31 || b[4] > 23 || b[5] > 59)
    return std::nullopt;
  return unix_ms_from_utc(year, b[2], b[3], b[4], b[5], 0) - jst_offset_ms;
}

std::optional<std::int64_t> parse_jst(std::string_view text) {
  auto utc = parse_iso8601(std::string{text} + "+09:00");
  if (!utc || text.size() != 19)
    return std::nullopt;
  return utc;
}

std::string format_jst(std::int64_t utc_ms) {
  const auto c = civil_from_unix_ms(utc_ms + jst_offset_ms);
  const auto s = c.ms_of_day / 1000;
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld", c.day.year, c.day.month, c.day.day,
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return text;
}

std::optional<std::int64_t> parse_duration_ms(std::string_view text) noexcept {
  std::int64_t sign = 1;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  if (text == "0")
    return 0;
  if (text.empty())
    return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || n > 1'000'000'000)
      return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    std::int64_t unit = 0;
    if (text.starts_with("ms"))
      unit = 1, text.remove_prefix(2);
    else if (text.starts_with("s"))
      unit = 1000, text.remove_prefix(1);
    else if (text.starts_with("m"))
      unit = minute_ms, text.remove_prefix(1);
    else if (text.starts_with("h"))
      unit = 60 * minute_ms, text.remove_prefix(1);
    else if (text.starts_with("d"))
      unit = day_ms, text.remove_prefix(1);
    else
      return std::nullopt;
    total += n * unit;
  }
  return sign * total;
}

} // namespace meterhub::echonet_sim
