#pragma once

#include <cstdint>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/tariff/calendar.hpp"

/// The meter's clock registers (00.09.01 time, 00.09.02 date, 00.09.05 day of week). NEVA meters keep local wall
/// time with no zone and no DST flag (spec §6), so these decoders return civil fields; turning them into UTC needs
/// the device's configured zone and is the caller's business.
namespace meterhub::neva {

/// A wall-clock time of day.
struct clock_time {
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t second = 0;

  friend bool operator==(const clock_time&, const clock_time&) = default;
};

/// Day of week as register 00.09.05 numbers it: 01 Sunday … 07 Saturday.
enum class weekday : std::uint8_t {
  sunday = 1,
  monday,
  tuesday,
  wednesday,
  thursday,
  friday,
  saturday,
};

/// "YYMMDD" as a civil date in 2000..2099; an impossible date (month 13, 31 April, 29 February 2023) is
/// `out_of_range`.
caf::expected<tariff::civil_date> decode_date(std::string_view field);

/// "hhmmss" (00:00:00 … 23:59:59).
caf::expected<clock_time> decode_time(std::string_view field);

/// "01" … "07".
caf::expected<weekday> decode_weekday(std::string_view field);

/// The wall-clock reading as milliseconds since the epoch as if it were UTC: subtract the zone's offset to get
/// the instant. Pure arithmetic, no zone database.
std::int64_t wall_clock_ms(const tariff::civil_date& date, const clock_time& time) noexcept;

} // namespace meterhub::neva
