#include "meterhub/neva/clock.hpp"

#include <array>
#include <optional>

#include "fields.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/neva/error.hpp"

namespace meterhub::neva {

namespace {

using detail::field_error;
using detail::parse_digits;

/// Three two-digit groups of a six-digit field ("240414" → 24, 4, 14).
std::optional<std::array<unsigned, 3>> six_digits(std::string_view field) noexcept {
  if (field.size() != 6 || !parse_digits(field))
    return std::nullopt;
  return std::array<unsigned, 3>{*parse_digits(field.substr(0, 2)), *parse_digits(field.substr(2, 2)),
                                 *parse_digits(field.substr(4, 2))};
}

} // namespace

caf::expected<tariff::civil_date> decode_date(std::string_view field) {
  const auto parts = six_digits(field);
  if (!parts)
    return field_error(neva_errc::bad_format, "date is not YYMMDD:", field);
  const auto [yy, month, day] = *parts;
  const int year = 2000 + static_cast<int>(yy);
  if (day < 1 || day > detail::days_in_month(year, month))
    return field_error(neva_errc::out_of_range, "no such date:", field);
  return tariff::civil_date{year, month, day};
}

caf::expected<clock_time> decode_time(std::string_view field) {
  const auto parts = six_digits(field);
  if (!parts)
    return field_error(neva_errc::bad_format, "time is not hhmmss:", field);
  const auto [hour, minute, second] = *parts;
  if (hour > 23 || minute > 59 || second > 59)
    return field_error(neva_errc::out_of_range, "no such time:", field);
  return clock_time{static_cast<std::uint8_t>(hour), static_cast<std::uint8_t>(minute),
                    static_cast<std::uint8_t>(second)};
}

caf::expected<weekday> decode_weekday(std::string_view field) {
  const auto day = field.size() == 2 ? parse_digits(field) : std::nullopt;
  if (!day)
    return field_error(neva_errc::bad_format, "day of week is not two digits:", field);
  if (*day < 1 || *day > 7)
    return field_error(neva_errc::out_of_range, "day of week is not 01..07:", field);
  return static_cast<weekday>(*day);
}

std::int64_t wall_clock_ms(const tariff::civil_date& date, const clock_time& time) noexcept {
  return unix_ms_from_utc(date.year, date.month, date.day, time.hour, time.minute, time.second);
}

} // namespace meterhub::neva
