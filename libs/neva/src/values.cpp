#include "meterhub/neva/values.hpp"

#include <string>

#include "fields.hpp"
#include "meterhub/neva/error.hpp"

namespace meterhub::neva {

namespace {

using detail::field_error;

std::int64_t pow10(int n) noexcept {
  std::int64_t p = 1;
  while (n-- > 0)
    p *= 10;
  return p;
}

int digit_count(std::string_view field) noexcept {
  int n = 0;
  for (char c : field)
    n += c >= '0' && c <= '9';
  return n;
}

/// Decodes every field of a list with `decode`, in order; the first failure wins.
template <class T, std::size_t N, class Decode>
caf::expected<std::array<T, N>> decode_fixed_list(std::string_view reply, Decode decode) {
  auto fields = split_list(reply, N);
  if (!fields)
    return fields.error();
  std::array<T, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    auto value = decode((*fields)[i]);
    if (!value)
      return value.error();
    out[i] = *value;
  }
  return out;
}

/// "X.XX" or "X.XXX": the magnitude part of a power factor.
bool is_factor_shape(std::string_view rest) noexcept {
  return (rest.size() == 4 || rest.size() == 5) && detail::is_plain_number(rest, false) && rest[1] == '.';
}

} // namespace

caf::expected<std::vector<std::string_view>> split_list(std::string_view reply, std::size_t count) {
  std::vector<std::string_view> fields;
  fields.reserve(count);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= reply.size(); ++i) {
    if (i == reply.size() || reply[i] == ',') {
      fields.push_back(reply.substr(start, i - start));
      start = i + 1;
    }
  }
  if (fields.size() != count) {
    std::string what = "expected " + std::to_string(count) + " values, got " + std::to_string(fields.size()) + " in";
    return field_error(neva_errc::wrong_count, what, reply);
  }
  return fields;
}

caf::expected<decimal> decode_number(std::string_view field, bool allow_sign) {
  if (!detail::is_plain_number(field, allow_sign))
    return field_error(neva_errc::bad_format, "not a decimal number:", field);
  if (digit_count(field) > detail::max_number_digits)
    return field_error(neva_errc::out_of_range, "more than 12 digits:", field);
  if (auto value = parse_decimal(field))
    return *value;
  return field_error(neva_errc::bad_format, "not a decimal number:", field);
}

caf::expected<std::int64_t> decode_energy(std::string_view field) {
  auto value = decode_number(field);
  if (!value)
    return value.error();
  const int decimals = -value->exponent;
  if (decimals > 3)
    return field_error(neva_errc::bad_format, "energy with more than three decimals:", field);
  return value->mantissa * pow10(3 - decimals);
}

caf::expected<std::array<std::int64_t, tariff_list_size>> decode_energy_list(std::string_view reply) {
  return decode_fixed_list<std::int64_t, tariff_list_size>(reply, decode_energy);
}

caf::expected<decimal> decode_kilowatts(std::string_view field) {
  auto value = decode_number(field);
  if (!value)
    return value.error();
  value->exponent += 3;
  return value;
}

caf::expected<std::array<decimal, tariff_list_size>> decode_demand_list(std::string_view reply) {
  return decode_fixed_list<decimal, tariff_list_size>(reply, decode_kilowatts);
}

std::string_view to_string(load_character c) noexcept {
  switch (c) {
    case load_character::inductive:
      return "L";
    case load_character::capacitive:
      return "C";
    case load_character::unity:
      break;
  }
  return "";
}

caf::expected<power_factor> decode_power_factor(std::string_view field) {
  if (field.empty() || !is_factor_shape(field.substr(1)))
    return field_error(neva_errc::bad_format, "not a power factor YX.XXX or NX.XX:", field);
  power_factor pf;
  switch (field.front()) {
    case '0': case 'C': pf.character = load_character::capacitive; break;
    case '1': case 'L': pf.character = load_character::inductive; break;
    case '2': pf.character = load_character::unity; break;
    default: return field_error(neva_errc::bad_format, "power factor prefix is not 0, 1, 2, C or L:", field);
  }
  pf.magnitude = *parse_decimal(field.substr(1));
  if (pf.magnitude.mantissa > pow10(-pf.magnitude.exponent))
    return field_error(neva_errc::out_of_range, "power factor above 1:", field);
  if (pf.character == load_character::unity) // manual: N = 2 means cos φ = 1, whatever digits follow
    pf.magnitude.mantissa = pow10(-pf.magnitude.exponent);
  return pf;
}

caf::expected<int> decode_temperature(std::string_view field) {
  const auto digits = detail::parse_digits(field);
  if (!digits || (field.size() != 3 && field.size() != 4))
    return field_error(neva_errc::bad_format, "temperature is not 3 or 4 digits:", field);
  const int magnitude = static_cast<int>(*digits % (field.size() == 3 ? 100 : 1000));
  switch (field.front()) {
    case '0': return magnitude;
    case '1': return -magnitude;
    default: return field_error(neva_errc::out_of_range, "temperature sign digit is not 0 or 1:", field);
  }
}

} // namespace meterhub::neva
