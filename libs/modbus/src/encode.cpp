// Encoding typed values into registers: the inverse of decode, for writes and for the simulators.
#include <bit>
#include <cfloat>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "meterhub/modbus/error.hpp"
#include "meterhub/modbus/value.hpp"
#include "words.hpp"

namespace meterhub::modbus {

namespace {

constexpr double two_to_63 = 9223372036854775808.0;
constexpr double two_to_64 = 18446744073709551616.0;

caf::error does_not_fit(const value_spec& spec) {
  return make_error(modbus_errc::out_of_range, "the value does not fit " + std::string{to_string(spec.type)});
}

/// `value` as an integer in [min, max] when it is one exactly (a double must have no fraction).
template <class Int>
std::optional<Int> exact_integer(const raw_value& value, Int min, Int max) {
  if (const auto* u = std::get_if<std::uint64_t>(&value))
    return std::cmp_less_equal(*u, max) && std::cmp_greater_equal(*u, min) ? std::optional<Int>{static_cast<Int>(*u)}
                                                                           : std::nullopt;
  if (const auto* s = std::get_if<std::int64_t>(&value))
    return std::cmp_less_equal(*s, max) && std::cmp_greater_equal(*s, min) ? std::optional<Int>{static_cast<Int>(*s)}
                                                                           : std::nullopt;
  const auto* d = std::get_if<double>(&value);
  if (d == nullptr || !std::isfinite(*d) || std::trunc(*d) != *d)
    return std::nullopt;
  // Range first: converting a double outside the integer's range is undefined behaviour.
  bool in_range = std::is_signed_v<Int> ? (*d >= -two_to_63 && *d < two_to_63) : (*d >= 0 && *d < two_to_64);
  if (!in_range)
    return std::nullopt;
  auto n = static_cast<Int>(*d);
  return n >= min && n <= max ? std::optional<Int>{n} : std::nullopt;
}

std::optional<double> as_double(const raw_value& value) {
  auto number = to_number(value);
  return number ? std::optional<double>{*number} : std::nullopt;
}

/// The bit pattern of `value` as the spec's integer, float or BCD type, before word ordering.
std::optional<std::uint64_t> integer_bits(const raw_value& value, const value_spec& spec) {
  using u64 = std::uint64_t;
  using s64 = std::int64_t;
  switch (spec.type) {
    case value_type::u16:
      return exact_integer<u64>(value, 0, 0xFFFF);
    case value_type::u32:
      return exact_integer<u64>(value, 0, 0xFFFF'FFFF);
    case value_type::u64:
      return exact_integer<u64>(value, 0, std::numeric_limits<u64>::max());
    case value_type::s16:
      if (auto n = exact_integer<s64>(value, -0x8000, 0x7FFF))
        return static_cast<u64>(*n) & 0xFFFF;
      return std::nullopt;
    case value_type::s32:
      if (auto n = exact_integer<s64>(value, -0x8000'0000LL, 0x7FFF'FFFF))
        return static_cast<u64>(*n) & 0xFFFF'FFFF;
      return std::nullopt;
    case value_type::s64:
      if (auto n = exact_integer<s64>(value, std::numeric_limits<s64>::min(), std::numeric_limits<s64>::max()))
        return static_cast<u64>(*n);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<std::uint64_t> float_bits(const raw_value& value, value_type type) {
  auto d = as_double(value);
  if (!d || !std::isfinite(*d))
    return std::nullopt;
  if (type == value_type::f64)
    return std::bit_cast<std::uint64_t>(*d);
  if (std::abs(*d) > FLT_MAX) // converting a double beyond float's range is undefined behaviour
    return std::nullopt;
  return std::bit_cast<std::uint32_t>(static_cast<float>(*d));
}

std::optional<std::uint64_t> bcd_bits(const raw_value& value, value_type type) {
  auto n = exact_integer<std::uint64_t>(value, 0, type == value_type::bcd16 ? 9'999 : 99'999'999);
  if (!n)
    return std::nullopt;
  std::uint64_t packed = 0;
  for (int shift = 0; *n > 0; shift += 4, *n /= 10)
    packed |= (*n % 10) << shift;
  return packed;
}

std::optional<std::uint64_t> field_bits(const raw_value& value, const value_spec& spec) {
  if (spec.type == value_type::boolean)
    return exact_integer<std::uint64_t>(value, 0, 1);
  auto n = exact_integer<std::uint64_t>(value, 0, (std::uint64_t{1} << spec.bit_count) - 1);
  if (!n)
    return std::nullopt;
  return *n << spec.bit_offset;
}

caf::expected<std::vector<std::uint16_t>> encode_string(const raw_value& value, const value_spec& spec) {
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr || text->size() > 2 * std::size_t{spec.length})
    return does_not_fit(spec);
  for (char c : *text)
    if (c < 0x20 || c > 0x7E)
      return make_error(modbus_errc::out_of_range, "a string with a byte outside printable ASCII");
  std::vector<std::uint16_t> regs(spec.length);
  for (std::size_t i = 0; i < regs.size(); ++i) {
    auto byte = [&](std::size_t k) { return k < text->size() ? static_cast<unsigned char>((*text)[k]) : 0u; };
    std::uint64_t word = (byte(2 * i) << 8) | byte(2 * i + 1);
    detail::scatter(word, spec.order, std::span{&regs[i], 1});
  }
  return regs;
}

} // namespace

caf::expected<std::vector<std::uint16_t>> encode(const raw_value& value, const value_spec& spec) {
  if (auto err = detail::check_spec(spec))
    return err;
  if (spec.type == value_type::string)
    return encode_string(value, spec);
  std::optional<std::uint64_t> bits;
  switch (spec.type) {
    case value_type::f32:
    case value_type::f64:
      bits = float_bits(value, spec.type);
      break;
    case value_type::bcd16:
    case value_type::bcd32:
      bits = bcd_bits(value, spec.type);
      break;
    case value_type::bits:
    case value_type::boolean:
      bits = field_bits(value, spec);
      break;
    default:
      bits = integer_bits(value, spec);
  }
  if (!bits)
    return does_not_fit(spec);
  std::vector<std::uint16_t> regs(register_count(spec));
  if (spec.type == value_type::boolean)
    regs[0] = static_cast<std::uint16_t>(*bits); // a coil has no byte order
  else
    detail::scatter(*bits, spec.order, regs);
  return regs;
}

} // namespace meterhub::modbus
