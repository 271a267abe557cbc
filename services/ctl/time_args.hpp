#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace meterhub::ctl {

/// "250ms", "15s", "5m", "2h", "7d" → milliseconds; nullopt otherwise.
std::optional<std::int64_t> parse_duration_ms(std::string_view text) noexcept;

/// A point in time as people type it: "now", "-1h" (relative to now), or ISO-8601 ("2024-03-01T00:00:00Z").
std::optional<std::int64_t> parse_time_arg(std::string_view text, std::int64_t now_ms) noexcept;

} // namespace meterhub::ctl
