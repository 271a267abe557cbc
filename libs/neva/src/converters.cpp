#include "converters.hpp"

#include <initializer_list>
#include <optional>
#include <string>

#include "fields.hpp"
#include "meterhub/neva/error.hpp"
#include "meterhub/neva/profile.hpp"
#include "meterhub/neva/values.hpp"
#include "meterhub/neva/words.hpp"

namespace meterhub::neva::detail {

namespace {

reading make_reading(const conversion& cv, std::string quantity, std::optional<double> value,
                     std::string text = {}) {
  return reading{std::move(quantity), value, cv.entry.unit, cv.time_ms, cv.flags, std::move(text)};
}

/// Energy list prefix: the row's import quantity, or the register's own 1-0:C.8 when the device asks for native
/// codes on the absolute-energy registers (C = 0x0F, spec §5 note on 15.8 vs 1.8).
std::string energy_prefix(const conversion& cv) {
  if (cv.options.native_energy_code && cv.address.c == 0x0F)
    return "1-0:15.8";
  return std::string{cv.entry.quantity};
}

/// A number field (any width) that must be one of `allowed`.
caf::expected<unsigned> one_of(std::string_view field, std::initializer_list<unsigned> allowed,
                               std::string_view what) {
  const auto value = parse_digits(field);
  if (!value)
    return field_error(neva_errc::bad_format, what, field);
  for (unsigned a : allowed)
    if (*value == a)
      return *value;
  return field_error(neva_errc::out_of_range, what, field);
}

/// A fixed-width number field within [low, high].
caf::expected<unsigned> within(std::string_view field, std::size_t width, unsigned low, unsigned high,
                               std::string_view what) {
  const auto value = field.size() == width ? parse_digits(field) : std::nullopt;
  if (!value)
    return field_error(neva_errc::bad_format, what, field);
  if (*value < low || *value > high)
    return field_error(neva_errc::out_of_range, what, field);
  return *value;
}

} // namespace

readings publish_energy_list(const conversion& cv, std::string_view reply) {
  auto values = decode_energy_list(reply);
  if (!values)
    return values.error();
  const auto prefix = energy_prefix(cv);
  std::vector<reading> out;
  out.reserve(values->size());
  for (std::size_t i = 0; i < values->size(); ++i)
    out.push_back(make_reading(cv, prefix + "." + std::to_string(i), static_cast<double>((*values)[i])));
  return out;
}

readings publish_demand_list(const conversion& cv, std::string_view reply) {
  auto values = decode_demand_list(reply);
  if (!values)
    return values.error();
  std::vector<reading> out;
  out.reserve(values->size());
  const std::string base{cv.entry.quantity};
  out.push_back(make_reading(cv, base, (*values)[0].to_double()));
  for (std::size_t i = 1; i < values->size(); ++i)
    out.push_back(make_reading(cv, base + "." + std::to_string(i), (*values)[i].to_double()));
  return out;
}

readings publish_number(const conversion& cv, std::string_view reply) {
  auto value = decode_number(reply);
  if (!value)
    return value.error();
  return std::vector<reading>{make_reading(cv, std::string{cv.entry.quantity}, value->to_double())};
}

readings publish_signed_number(const conversion& cv, std::string_view reply) {
  auto value = decode_number(reply, true);
  if (!value)
    return value.error();
  return std::vector<reading>{make_reading(cv, std::string{cv.entry.quantity}, value->to_double())};
}

readings publish_power_factor(const conversion& cv, std::string_view reply) {
  auto pf = decode_power_factor(reply);
  if (!pf)
    return pf.error();
  return std::vector<reading>{make_reading(cv, std::string{cv.entry.quantity}, pf->magnitude.to_double(),
                                           std::string{to_string(pf->character)})};
}

readings publish_temperature(const conversion& cv, std::string_view reply) {
  auto celsius = decode_temperature(reply);
  if (!celsius)
    return celsius.error();
  return std::vector<reading>{make_reading(cv, std::string{cv.entry.quantity}, static_cast<double>(*celsius))};
}

readings publish_status_word(const conversion& cv, std::string_view reply) {
  auto word = decode_status_word(reply);
  if (!word)
    return word.error();
  std::string text{reply};
  for (auto& c : text)
    c = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
  return std::vector<reading>{make_reading(cv, std::string{cv.entry.quantity}, *word, std::move(text))};
}

readings publish_text(const conversion& cv, std::string_view reply) {
  auto text = decode_text(reply);
  if (!text)
    return text.error();
  if (text->empty())
    return std::vector<reading>{};
  return std::vector<reading>{make_reading(cv, std::string{cv.entry.quantity}, std::nullopt, std::move(*text))};
}

caf::expected<unsigned> decode_network_address(std::string_view field) {
  return within(field, 8, 1, 99'999'999, "network address is not 8 digits 00000001..99999999:");
}

caf::expected<unsigned> decode_averaging_minutes(std::string_view field) {
  return one_of(field, {1, 3, 5, 10, 15, 30, 60}, "averaging interval is not 1, 3, 5, 10, 15, 30 or 60:");
}

caf::expected<unsigned> decode_season_number(std::string_view field) {
  return within(field, 2, 1, 12, "season number is not 01..12:");
}

caf::expected<unsigned> decode_billing_time(std::string_view field) {
  constexpr std::string_view what = "billing time is not DDHH, day 01..31 and hour 00..23:";
  const auto value = field.size() == 4 ? parse_digits(field) : std::nullopt;
  if (!value)
    return field_error(neva_errc::bad_format, what, field);
  const unsigned day = *value / 100;
  if (day < 1 || day > 31 || *value % 100 > 23)
    return field_error(neva_errc::out_of_range, what, field);
  return *value;
}

readings check_load_profile(const conversion&, std::string_view reply) {
  if (auto profile = decode_load_profile(reply, power_scale::watt); !profile)
    return profile.error();
  return std::vector<reading>{};
}

} // namespace meterhub::neva::detail
