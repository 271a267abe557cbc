#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>

#include <caf/expected.hpp>

/// The meter's clock (04 00 read, 03 0C set, 03 0D correct) and the BCD time stamps of power-profile records. The
/// meter keeps local wall time; turning it into UTC needs the site's offset, which the caller passes in. Pure
/// arithmetic, no zone database.
namespace meterhub::mercury {

/// The 8 bytes of a 04 00 reply (and of a 03 0C request), decoded from BCD.
struct meter_time {
  std::uint8_t second = 0;
  std::uint8_t minute = 0;
  std::uint8_t hour = 0;
  std::uint8_t weekday = 1; ///< 1 Monday … 7 Sunday as written; 0 is accepted on read (protocol.hpp note 4)
  std::uint8_t day = 1;
  std::uint8_t month = 1;
  std::uint8_t year = 0; ///< 2000 + year
  bool winter = true;    ///< the season byte: 1 winter, 0 summer

  friend bool operator==(const meter_time&, const meter_time&) = default;
};

/// Decodes 8 bytes; `bad_length` for another count, `bad_value` for a non-BCD field, an impossible date or time,
/// a weekday above 7 or a season byte other than 0 / 1.
caf::expected<meter_time> decode_meter_time(std::span<const std::uint8_t> data);

/// The 8 bytes of `t` (fields taken modulo 100 into BCD; the caller passes a valid time).
std::array<std::uint8_t, 8> encode_meter_time(const meter_time& t) noexcept;

/// The wall-clock reading as milliseconds since the epoch as if it were UTC: subtract the zone's offset to get the
/// instant.
std::int64_t wall_clock_ms(const meter_time& t) noexcept;

/// The meter time that shows instant `utc_ms` at a site `utc_offset` ahead of UTC, weekday 1…7 from the date.
meter_time meter_time_at(std::int64_t utc_ms, std::chrono::minutes utc_offset, bool winter) noexcept;

/// The 03 0D soft correction: the time of day to set (the meter allows ±4 min, once a day).
struct clock_correction {
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t second = 0;

  friend bool operator==(const clock_correction&, const clock_correction&) = default;
};

/// Hour, minute, day, month, year of a profile record or the profile pointer (BCD, in that order).
struct profile_stamp {
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t day = 1;
  std::uint8_t month = 1;
  std::uint8_t year = 0; ///< 2000 + year

  friend bool operator==(const profile_stamp&, const profile_stamp&) = default;
};

/// Decodes 5 BCD bytes h, m, D, M, Y; `bad_value` for a non-BCD byte or an impossible date or time.
caf::expected<profile_stamp> decode_profile_stamp(std::span<const std::uint8_t, 5> bytes);

/// The 5 BCD bytes of `s`.
std::array<std::uint8_t, 5> encode_profile_stamp(const profile_stamp& s) noexcept;

/// The stamp's wall-clock reading as milliseconds since the epoch as if it were UTC.
std::int64_t wall_clock_ms(const profile_stamp& s) noexcept;

/// The stamp that shows wall-clock milliseconds `wall_ms` (seconds dropped).
profile_stamp profile_stamp_at(std::int64_t wall_ms) noexcept;

/// True when day `day` exists in `month` of 2000 + `year`.
bool valid_date(unsigned year, unsigned month, unsigned day) noexcept;

} // namespace meterhub::mercury
