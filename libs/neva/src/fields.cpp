#include "fields.hpp"

#include "meterhub/core/error.hpp"

namespace meterhub::neva::detail {

namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

std::size_t count_digits(std::string_view s) noexcept {
  std::size_t n = 0;
  while (n < s.size() && is_digit(s[n]))
    ++n;
  return n;
}

} // namespace

int hex_digit(char c) noexcept {
  if (is_digit(c))
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

std::optional<unsigned> parse_digits(std::string_view field) noexcept {
  if (field.empty() || field.size() > 9)
    return std::nullopt;
  unsigned value = 0;
  for (char c : field) {
    if (!is_digit(c))
      return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

std::string show(std::string_view field) {
  constexpr std::size_t limit = 24;
  std::string out;
  for (std::size_t i = 0; i < field.size() && i < limit; ++i)
    out += (field[i] >= 0x20 && field[i] < 0x7F) ? field[i] : '?';
  if (field.size() > limit)
    out += "...";
  return out;
}

caf::error field_error(neva_errc code, std::string_view what, std::string_view field) {
  std::string detail{what};
  detail += " '";
  detail += show(field);
  detail += "'";
  return make_error(code, detail);
}

bool is_plain_number(std::string_view field, bool allow_sign) noexcept {
  if (allow_sign && !field.empty() && field.front() == '-')
    field.remove_prefix(1);
  const auto whole = count_digits(field);
  if (whole == 0)
    return false;
  if (whole == field.size())
    return true;
  if (field[whole] != '.')
    return false;
  const auto rest = field.substr(whole + 1);
  return !rest.empty() && count_digits(rest) == rest.size();
}

unsigned days_in_month(int year, unsigned month) noexcept {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12)
    return 0;
  if (month != 2)
    return days[month - 1];
  const bool leap = year == 0 || (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
  return leap ? 29 : 28;
}

} // namespace meterhub::neva::detail
