#include "time_args.hpp"

#include <charconv>

#include "meterhub/core/time.hpp"

namespace meterhub::ctl {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) noexcept {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p == text.data() || n < 0)
    return std::nullopt;
  const std::string_view suffix{p, static_cast<std::size_t>(text.data() + text.size() - p)};
  if (suffix == "ms")
    return n;
  if (suffix == "s")
    return n * 1000;
  if (suffix == "m")
    return n * 60'000;
  if (suffix == "h")
    return n * 3'600'000;
  if (suffix == "d")
    return n * 86'400'000;
  return std::nullopt;
}

std::optional<std::int64_t> parse_time_arg(std::string_view text, std::int64_t now_ms) noexcept {
  if (text == "now")
    return now_ms;
  if (!text.empty() && text.front() == '-') {
    auto ago = parse_duration_ms(text.substr(1));
    if (!ago)
      return std::nullopt;
    return now_ms - *ago;
  }
  return parse_iso8601(text);
}

} // namespace meterhub::ctl
