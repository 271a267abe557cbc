#include "meterhub/mercury/clock.hpp"

#include <string>

#include "meterhub/core/time.hpp"
#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/values.hpp"

namespace meterhub::mercury {

namespace {

constexpr std::int64_t ms_per_minute = 60'000;

/// Decodes `n` BCD bytes into `out`; false when one is not BCD.
template <std::size_t N>
bool decode_bcd_fields(std::span<const std::uint8_t> in, std::array<std::uint8_t, N>& out) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    auto v = from_bcd(in[i]);
    if (!v)
      return false;
    out[i] = *v;
  }
  return true;
}

bool valid_time_of_day(unsigned hour, unsigned minute, unsigned second) noexcept {
  return hour < 24 && minute < 60 && second < 60;
}

/// 1 Monday … 7 Sunday of a day count since 1970-01-01 (a Thursday).
std::uint8_t iso_weekday(std::int64_t days) noexcept {
  const auto mod = ((days % 7) + 7) % 7; // 0 = Thursday
  return static_cast<std::uint8_t>((mod + 3) % 7 + 1);
}

} // namespace

bool valid_date(unsigned year, unsigned month, unsigned day) noexcept {
  if (month < 1 || month > 12 || day < 1)
    return false;
  static constexpr std::array<unsigned, 12> lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const unsigned full_year = 2000 + year;
  const bool leap = (full_year % 4 == 0 && full_year % 100 != 0) || full_year % 400 == 0;
  const unsigned last = lengths[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

caf::expected<meter_time> decode_meter_time(std::span<const std::uint8_t> data) {
  if (data.size() != 8)
    return make_error(mercury_errc::bad_length, "the time is 8 bytes, got " + std::to_string(data.size()));
  std::array<std::uint8_t, 7> f{};
  if (!decode_bcd_fields(data, f))
    return make_error(mercury_errc::bad_value, "a time field is not BCD");
  meter_time t{f[0], f[1], f[2], f[3], f[4], f[5], f[6], data[7] == 1};
  if (!valid_time_of_day(t.hour, t.minute, t.second) || !valid_date(t.year, t.month, t.day))
    return make_error(mercury_errc::bad_value, "impossible date or time");
  if (t.weekday > 7 || data[7] > 1)
    return make_error(mercury_errc::bad_value, "weekday above 7 or season byte not 0 / 1");
  return t;
}

std::array<std::uint8_t, 8> encode_meter_time(const meter_time& t) noexcept {
  return {to_bcd(t.second), to_bcd(t.minute), to_bcd(t.hour),  to_bcd(t.weekday),
          to_bcd(t.day),    to_bcd(t.month),  to_bcd(t.year),  static_cast<std::uint8_t>(t.winter ? 1 : 0)};
}

std::int64_t wall_clock_ms(const meter_time& t) noexcept {
  return unix_ms_from_utc(2000 + t.year, t.month, t.day, t.hour, t.minute, t.second);
}

meter_time meter_time_at(std::int64_t utc_ms, std::chrono::minutes utc_offset, bool winter) noexcept {
  const auto wall = utc_ms + utc_offset.count() * ms_per_minute;
  const auto civil = civil_from_unix_ms(wall);
  const auto seconds = civil.ms_of_day / 1000;
  meter_time t;
  t.hour = static_cast<std::uint8_t>(seconds / 3600);
  t.minute = static_cast<std::uint8_t>(seconds / 60 % 60);
  t.second = static_cast<std::uint8_t>(seconds % 60);
  t.day = static_cast<std::uint8_t>(civil.day.day);
  t.month = static_cast<std::uint8_t>(civil.day.month);
  t.year = static_cast<std::uint8_t>(((civil.day.year - 2000) % 100 + 100) % 100);
  t.weekday = iso_weekday(days_from_civil(civil.day.year, civil.day.month, civil.day.day));
  t.winter = winter;
  return t;
}

caf::expected<profile_stamp> decode_profile_stamp(std::span<const std::uint8_t, 5> bytes) {
  std::array<std::uint8_t, 5> f{};
  if (!decode_bcd_fields(bytes, f))
    return make_error(mercury_errc::bad_value, "a time stamp field is not BCD");
  profile_stamp s{f[0], f[1], f[2], f[3], f[4]};
  if (!valid_time_of_day(s.hour, s.minute, 0) || !valid_date(s.year, s.month, s.day))
    return make_error(mercury_errc::bad_value, "impossible time stamp");
  return s;
}

std::array<std::uint8_t, 5> encode_profile_stamp(const profile_stamp& s) noexcept {
  return {to_bcd(s.hour), to_bcd(s.minute), to_bcd(s.day), to_bcd(s.month), to_bcd(s.year)};
}

std::int64_t wall_clock_ms(const profile_stamp& s) noexcept {
  return unix_ms_from_utc(2000 + s.year, s.month, s.day, s.hour, s.minute, 0);
}

profile_stamp profile_stamp_at(std::int64_t wall_ms) noexcept {
  const auto civil = civil_from_unix_ms(wall_ms);
  const auto minutes = civil.ms_of_day / ms_per_minute;
  return profile_stamp{static_cast<std::uint8_t>(minutes / 60), static_cast<std::uint8_t>(minutes % 60),
                       static_cast<std::uint8_t>(civil.day.day), static_cast<std::uint8_t>(civil.day.month),
                       static_cast<std::uint8_t>(((civil.day.year - 2000) % 100 + 100) % 100)};
}

} // namespace meterhub::mercury
