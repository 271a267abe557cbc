#pragma once

#include <cstddef>
#include <string>
#include <string_view>

/// Python's notion of whitespace (`str.isspace`, `re`'s `\s`) on UTF-8 text, for the configparser reader.
namespace meterhub::vscp::detail {

/// The byte length of the whitespace character at the start of `s`, 0 when `s` does not start with one.
std::size_t space_at_front(std::string_view s) noexcept;

/// The byte length of the whitespace character at the end of `s`, 0 when `s` does not end with one.
std::size_t space_at_back(std::string_view s) noexcept;

/// `str.strip()`.
std::string_view strip(std::string_view s) noexcept;

/// `str.rstrip()`.
std::string_view rstrip(std::string_view s) noexcept;

/// The number of whitespace characters (not bytes) before the first other one: configparser's indent level.
std::size_t indent_of(std::string_view s) noexcept;

/// ASCII `str.lower()`.
std::string lower(std::string_view s);

} // namespace meterhub::vscp::detail
