#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Hex helpers shared by the line parser and the command encoders (internal, not installed).
namespace meterhub::skstack::detail {

/// The value of a hex digit, or -1.
int hex_value(char c) noexcept;

/// 1…max_digits hex digits (either case) as a number; nullopt for empty, too long or a non-hex character.
std::optional<std::uint64_t> parse_hex(std::string_view text, std::size_t max_digits);

/// `value` as upper-case hex, zero-padded to `width` digits (0 = no padding).
std::string to_hex(std::uint64_t value, std::size_t width = 0);

/// Pairs of hex digits as bytes; nullopt for an odd count or a non-hex character.
std::optional<std::vector<std::uint8_t>> parse_hex_bytes(std::string_view text);

/// `text` cut at single spaces (empty tokens from repeated spaces are dropped).
std::vector<std::string_view> split_tokens(std::string_view text);

} // namespace meterhub::skstack::detail
