#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include <caf/expected.hpp>

/// Meter wall-clock times as class 0x0288 properties carry them (YYYY(2) MM DD hh mm [ss], spec §6, §7). Route-B
/// meters keep Japan Standard Time without DST, so a fixed UTC offset converts them.
namespace meterhub::echonet {

/// UTC+09:00, the offset of every Japanese meter; configurable so tests and odd deployments can pass another one.
inline constexpr std::chrono::minutes japan_utc_offset{9 * 60};

/// A meter-local calendar date and time of day, fields as received (range-checked by the decoders).
struct meter_date_time {
  std::uint16_t year = 0;
  std::uint8_t month = 1;
  std::uint8_t day = 1;
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t second = 0;

  friend bool operator==(const meter_date_time&, const meter_date_time&) = default;
};

/// Milliseconds since the epoch, UTC, of a meter-local time at `utc_offset` (local = UTC + offset).
std::int64_t to_unix_ms(const meter_date_time& t, std::chrono::minutes utc_offset = japan_utc_offset) noexcept;

/// Reads YYYY(2) MM DD hh mm, and ss when `with_seconds`, from the first bytes of `b` (the caller checked the size).
/// `bad_value` for month 0/13, day 0/32, hour ≥ 24, minute or second ≥ 60.
caf::expected<meter_date_time> read_date_time(std::span<const std::uint8_t> b, bool with_seconds);

} // namespace meterhub::echonet
