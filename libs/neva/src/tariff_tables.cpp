#include "meterhub/neva/tariff_tables.hpp"

#include <optional>
#include <string>

#include "fields.hpp"
#include "meterhub/neva/error.hpp"
#include "meterhub/neva/values.hpp"

namespace meterhub::neva {

namespace {

using detail::field_error;
using detail::parse_digits;

/// The i-th two-digit decimal group of an all-digit field.
unsigned two_digits(std::string_view field, std::size_t i) noexcept {
  return *parse_digits(field.substr(2 * i, 2));
}

bool is_all_zero(std::string_view field) noexcept {
  return field.find_first_not_of('0') == std::string_view::npos;
}

/// Month and day of a yearly date (29 February allowed).
bool is_month_day(unsigned month, unsigned day) noexcept {
  return day >= 1 && day <= detail::days_in_month(0, month);
}

bool is_schedule_number(unsigned n) noexcept {
  return n >= 1 && n <= static_cast<unsigned>(max_schedule);
}

/// The fields of a table reply, each exactly `width` digits.
caf::expected<std::vector<std::string_view>> digit_fields(std::string_view reply, std::size_t count,
                                                          std::size_t width, std::string_view what) {
  auto fields = split_list(reply, count);
  if (!fields)
    return fields.error();
  for (auto field : *fields)
    if (field.size() != width || field.find_first_not_of("0123456789") != std::string_view::npos)
      return field_error(neva_errc::bad_format, what, field);
  return fields;
}

caf::expected<tariff::switch_point> decode_switch_point(std::string_view field) {
  const unsigned hour = two_digits(field, 0);
  const unsigned minute = two_digits(field, 1);
  const unsigned tariff = two_digits(field, 2);
  if (hour > 23 || minute > 59 || tariff > static_cast<unsigned>(tariff::max_tariff))
    return field_error(neva_errc::out_of_range, "schedule entry is not HHMM and tariff 0..4:", field);
  return tariff::switch_point{static_cast<std::uint16_t>(hour * 60 + minute), static_cast<std::uint8_t>(tariff)};
}

caf::expected<tariff::season> decode_season(std::string_view field) {
  const unsigned month = two_digits(field, 0);
  const unsigned day = two_digits(field, 1);
  tariff::season s{static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day),
                   static_cast<std::uint8_t>(two_digits(field, 2)), static_cast<std::uint8_t>(two_digits(field, 3)),
                   static_cast<std::uint8_t>(two_digits(field, 4))};
  if (!is_month_day(month, day) || !is_schedule_number(s.weekday_schedule) ||
      !is_schedule_number(s.saturday_schedule) || !is_schedule_number(s.sunday_schedule))
    return field_error(neva_errc::out_of_range, "season entry is not MMDD and schedules 01..36:", field);
  return s;
}

/// "MMDDNN" where NN may also be "7F" (vika-sonne's ordinary-day marker, spec §6).
caf::expected<tariff::special_day> decode_special_day(std::string_view field) {
  const auto date = field.size() == 6 ? parse_digits(field.substr(0, 4)) : std::nullopt;
  const auto nn = field.size() == 6 ? field.substr(4) : std::string_view{};
  const bool marker = nn == "7F" || nn == "7f";
  const auto number = marker ? std::optional<unsigned>{tariff::ordinary_day_marker} : parse_digits(nn);
  if (!date || !number)
    return field_error(neva_errc::bad_format, "special day is not MMDDNN:", field);
  const unsigned month = *date / 100;
  const unsigned day = *date % 100;
  if (!is_month_day(month, day) || (!marker && !is_schedule_number(*number)))
    return field_error(neva_errc::out_of_range, "special day is not MMDD and 01..36 or 7F:", field);
  return tariff::special_day{static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day),
                             static_cast<std::uint8_t>(*number)};
}

} // namespace

caf::expected<register_address> schedule_address(int number) {
  if (number < 1 || number > max_schedule)
    return make_error(neva_errc::out_of_range, "day schedule number " + std::to_string(number) + " is not 1..36");
  return register_address::of(0x0A, static_cast<std::uint8_t>(number), 0x64);
}

caf::expected<tariff::day_schedule> decode_day_schedule(std::string_view reply) {
  auto fields = digit_fields(reply, schedule_slots, 6, "schedule entry is not HHMMTT:");
  if (!fields)
    return fields.error();
  tariff::day_schedule out;
  for (auto field : *fields) {
    auto point = decode_switch_point(field);
    if (!point)
      return point.error();
    if (point->tariff != 0) // TT = 00: unused slot
      out.points.push_back(*point);
  }
  return out;
}

caf::expected<std::vector<tariff::season>> decode_seasons(std::string_view reply) {
  auto fields = digit_fields(reply, season_slots, 10, "season entry is not MMDDN1N2N3:");
  if (!fields)
    return fields.error();
  std::vector<tariff::season> out;
  for (auto field : *fields) {
    if (is_all_zero(field))
      continue;
    auto s = decode_season(field);
    if (!s)
      return s.error();
    out.push_back(*s);
  }
  return out;
}

caf::expected<std::vector<tariff::special_day>> decode_special_days(std::string_view reply) {
  auto fields = split_list(reply, special_day_slots);
  if (!fields)
    return fields.error();
  std::vector<tariff::special_day> out;
  for (auto field : *fields) {
    if (field.size() == 6 && is_all_zero(field))
      continue;
    auto day = decode_special_day(field);
    if (!day)
      return day.error();
    out.push_back(*day);
  }
  return out;
}

} // namespace meterhub::neva
