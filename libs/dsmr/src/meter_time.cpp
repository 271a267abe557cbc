#include <charconv>

#include "meterhub/core/time.hpp"
#include "meterhub/dsmr/readings.hpp"

namespace meterhub::dsmr {

namespace {

constexpr std::int64_t hour_ms = 3'600'000;

/// Last Sunday of a month at 01:00 UTC, when EU clocks change.
std::int64_t eu_switch(int year, unsigned month) noexcept {
  const auto last = days_from_civil(year, month, 31);
  const auto weekday = ((last + 4) % 7 + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return (last - weekday) * 86'400'000 + hour_ms;
}

int year_of(std::int64_t utc_ms) noexcept {
  const auto iso = format_iso8601(utc_ms);
  int year = 0;
  std::from_chars(iso.data(), iso.data() + 4, year);
  return year;
}

bool eu_summer_at(std::int64_t utc_ms) noexcept {
  const int year = year_of(utc_ms);
  return utc_ms >= eu_switch(year, 3) && utc_ms < eu_switch(year, 10);
}

bool two_digits(std::string_view s, std::size_t at, unsigned& out) noexcept {
  if (s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
    return false;
  out = static_cast<unsigned>((s[at] - '0') * 10 + (s[at + 1] - '0'));
  return true;
}

} // namespace

bool eu_summer_time(std::int64_t utc_ms) noexcept {
  return eu_summer_at(utc_ms);
}

std::string format_meter_time(std::int64_t utc_ms, const time_zone& zone) {
  const bool summer = zone.eu_dst && eu_summer_at(utc_ms);
  const auto wall = utc_ms + std::int64_t{zone.std_offset_minutes} * 60'000 + (summer ? hour_ms : 0);
  const auto iso = format_iso8601(wall - wall % 1000); // "YYYY-MM-DDThh:mm:ssZ"
  std::string out;
  out.reserve(13);
  out.append(iso, 2, 2).append(iso, 5, 2).append(iso, 8, 2).append(iso, 11, 2).append(iso, 14, 2).append(iso, 17, 2);
  out += summer ? 'S' : 'W';
  return out;
}

std::optional<time_zone> time_zone::parse(std::string_view name) {
  if (name == "Europe/Amsterdam" || name == "Europe/Brussels" || name == "Europe/Luxembourg" ||
      name == "Europe/Budapest" || name == "CET")
    return eu_central();
  if (name == "UTC" || name == "Z")
    return fixed(0);
  if (name.size() == 6 && (name[0] == '+' || name[0] == '-') && name[3] == ':') {
    unsigned h = 0, m = 0;
    if (!two_digits(name, 1, h) || !two_digits(name, 4, m) || h > 14 || m > 59)
      return std::nullopt;
    const int minutes = static_cast<int>(h * 60 + m);
    return fixed(name[0] == '-' ? -minutes : minutes);
  }
  return std::nullopt;
}

std::optional<meter_time> parse_meter_time(std::string_view text, const time_zone& zone) noexcept {
  if (text.size() != 12 && text.size() != 13)
    return std::nullopt;
  unsigned f[6];
  for (std::size_t i = 0; i < 6; ++i)
    if (!two_digits(text, i * 2, f[i]))
      return std::nullopt;
  if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
    return std::nullopt; // e.g. the placeholder 632525252525W
  const auto wall = unix_ms_from_utc(2000 + static_cast<int>(f[0]), f[1], f[2], f[3], f[4], f[5]);
  const auto standard = wall - std::int64_t{zone.std_offset_minutes} * 60'000;
  meter_time t;
  if (text.size() == 13) {
    const char x = text[12];
    if (x != 'S' && x != 'W' && x != 's' && x != 'w')
      return std::nullopt;
    t.summer = x == 'S' || x == 's';
    t.unix_ms = standard - (t.summer ? hour_ms : 0);
    return t;
  }
  if (!zone.eu_dst) {
    t.unix_ms = standard;
    return t;
  }
  const bool as_summer = eu_summer_at(standard - hour_ms);
  const bool as_winter = !eu_summer_at(standard);
  t.summer = as_summer && !as_winter;
  t.ambiguous = as_summer == as_winter; // the repeated autumn hour, or the missing spring hour
  t.unix_ms = t.summer ? standard - hour_ms : standard;
  return t;
}

} // namespace meterhub::dsmr
