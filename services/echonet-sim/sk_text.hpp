#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

/// Text helpers of the SKSTACK-IP command line: tokens, hex fields as the module writes and reads them.
namespace meterhub::echonet_sim {

/// The space-separated tokens of a command line.
inline std::vector<std::string> split_tokens(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    const auto start = i;
    while (i < text.size() && text[i] != ' ')
      ++i;
    if (i > start)
      parts.push_back(text.substr(start, i - start));
  }
  return parts;
}

/// 1…`max_digits` hex digits, either case.
inline std::optional<std::uint64_t> parse_hex(const std::string& text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits)
    return std::nullopt;
  std::uint64_t v = 0;
  for (const char c : text) {
    int d = -1;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    if (d < 0)
      return std::nullopt;
    v = v * 16 + static_cast<std::uint64_t>(d);
  }
  return v;
}

/// `v` as upper-case hex, zero-padded to `digits`.
inline std::string hex(std::uint64_t v, int digits) {
  char text[24];
  std::snprintf(text, sizeof text, "%0*llX", digits, static_cast<unsigned long long>(v));
  return text;
}

} // namespace meterhub::echonet_sim
