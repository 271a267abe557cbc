#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Time arithmetic of the simulated meter: it keeps Japan Standard Time (UTC+9, no DST, spec §6) on a clock that is
/// the host's UTC plus an offset. Everything here is pure and works on milliseconds since the epoch, UTC.
namespace meterhub::echonet_sim {

inline constexpr std::int64_t minute_ms = 60'000;
inline constexpr std::int64_t slot_ms = 30 * minute_ms; ///< the :00 / :30 grid of history 1/2 and EA/EB
inline constexpr std::int64_t day_ms = 86'400'000;
inline constexpr std::int64_t jst_offset_ms = 9 * 3'600'000;

/// `t` rounded down to a multiple of `step` (also for times before 1970).
std::int64_t floor_to(std::int64_t t, std::int64_t step) noexcept;

/// UTC ms of the JST midnight that starts the meter day holding `utc_ms`.
std::int64_t jst_midnight(std::int64_t utc_ms) noexcept;

/// Appends YYYY(2) MM DD hh mm [ss] of `utc_ms` in JST, the layout of EA/EB, EC, ED, D0 (spec §6, §7).
void put_jst_time(std::vector<std::uint8_t>& out, std::int64_t utc_ms, bool seconds);

/// Reads YYYY(2) MM DD hh mm (JST) from the first six bytes; nullopt when a field is out of range.
std::optional<std::int64_t> read_jst_time(const std::vector<std::uint8_t>& b) noexcept;

/// "YYYY-MM-DDThh:mm:ss" read as JST; nullopt when malformed.
std::optional<std::int64_t> parse_jst(std::string_view text);

/// "2024-04-14 12:30:00" (JST) of `utc_ms`, for the status line.
std::string format_jst(std::int64_t utc_ms);

/// A duration as options and control lines write it: a number and a unit (ms, s, m, h, d), optionally signed and
/// chained ("1h30m", "-3h", "250ms"); a bare 0 is zero. nullopt when malformed.
std::optional<std::int64_t> parse_duration_ms(std::string_view text) noexcept;

} // namespace meterhub::echonet_sim
