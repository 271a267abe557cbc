#include "python_space.hpp"

#include <array>

namespace meterhub::vscp::detail {

namespace {

/// The characters above ASCII for which Python's `str.isspace()` is true, as UTF-8.
constexpr std::array<std::string_view, 17> unicode_spaces{
  "\u0085", "\u00A0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
  "\u2006", "\u2007", "\u2008", "\u2009", "\u200A", "\u2028", "\u2029", "\u202F"};
constexpr std::array<std::string_view, 2> more_unicode_spaces{"\u205F", "\u3000"};

bool ascii_space(char c) noexcept {
  // \t \n \v \f \r, the information separators \x1c-\x1f, and the space.
  return (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f') || c == ' ';
}

template <class Match>
std::size_t match_space(Match&& match) noexcept {
  for (auto sp : unicode_spaces)
    if (match(sp))
      return sp.size();
  for (auto sp : more_unicode_spaces)
    if (match(sp))
      return sp.size();
  return 0;
}

} // namespace

std::size_t space_at_front(std::string_view s) noexcept {
  if (s.empty())
    return 0;
  if (ascii_space(s.front()))
    return 1;
  return match_space([&](std::string_view sp) { return s.starts_with(sp); });
}

std::size_t space_at_back(std::string_view s) noexcept {
  if (s.empty())
    return 0;
  if (ascii_space(s.back()))
    return 1;
  return match_space([&](std::string_view sp) { return s.ends_with(sp); });
}

std::string_view strip(std::string_view s) noexcept {
  while (auto n = space_at_front(s))
    s.remove_prefix(n);
  return rstrip(s);
}

std::string_view rstrip(std::string_view s) noexcept {
  while (auto n = space_at_back(s))
    s.remove_suffix(n);
  return s;
}

std::size_t indent_of(std::string_view s) noexcept {
  std::size_t count = 0;
  while (auto n = space_at_front(s)) {
    s.remove_prefix(n);
    ++count;
  }
  return count;
}

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

} // namespace meterhub::vscp::detail
