#include "meterhub/modbus_export/encoding.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace meterhub::modbus_export {

namespace {

using modbus::value_type;

constexpr double two_to_63 = 9223372036854775808.0;
constexpr double two_to_64 = 18446744073709551616.0;

/// The integer range of a type, as doubles.
std::pair<double, double> range_of(value_type t) noexcept {
  switch (t) {
    case value_type::u16:
      return {0.0, 65535.0};
    case value_type::s16:
      return {-32768.0, 32767.0};
    case value_type::u32:
      return {0.0, 4294967295.0};
    case value_type::s32:
      return {-2147483648.0, 2147483647.0};
    default:
      return {0.0, 0.0}; // 64-bit types are handled apart: their limits are not doubles
  }
}

/// `x` (already rounded) as the raw value of an integer type, saturated.
modbus::raw_value saturate_integer(double x, value_type t, bool& clamped) noexcept {
  if (t == value_type::u64) {
    if (x < 0.0 || x >= two_to_64)
      clamped = true;
    if (x < 0.0)
      return std::uint64_t{0};
    return x >= two_to_64 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(x);
  }
  if (t == value_type::s64) {
    if (x < -two_to_63 || x >= two_to_63)
      clamped = true;
    if (x < -two_to_63)
      return std::numeric_limits<std::int64_t>::min();
    return x >= two_to_63 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(x);
  }
  auto [lo, hi] = range_of(t);
  if (x < lo || x > hi)
    clamped = true;
  return static_cast<std::int64_t>(std::clamp(x, lo, hi));
}

encoded_value from_codec(const modbus::raw_value& raw, const modbus::value_spec& spec, bool clamped) noexcept {
  encoded_value out;
  out.clamped = clamped;
  auto regs = modbus::encode(raw, spec);
  if (!regs) // cannot happen for a saturated value of an exportable type; an all-zero value is the safe answer
    return out;
  out.count = static_cast<std::uint8_t>(regs->size());
  std::copy(regs->begin(), regs->end(), out.words.begin());
  return out;
}

encoded_value not_a_number(const value_encoding& e) noexcept {
  // A quiet NaN's bit pattern, word-ordered as the unsigned integer of the same width.
  if (e.type == value_type::f32)
    return from_codec(std::uint64_t{0x7FC0'0000}, {value_type::u32, e.order}, false);
  if (e.type == value_type::f64)
    return from_codec(std::uint64_t{0x7FF8'0000'0000'0000}, {value_type::u64, e.order}, false);
  return from_codec(std::int64_t{0}, {e.type, e.order}, false);
}

} // namespace

encoded_value encode_value(double value, const value_encoding& e) noexcept {
  if (register_width(e.type) == 0)
    return {};
  const double x = std::isfinite(value) ? modbus::unapply(value, e.scaling) : value;
  if (!std::isfinite(x))
    return not_a_number(e);
  const modbus::value_spec spec{e.type, e.order};
  if (e.type == value_type::f64)
    return from_codec(x, spec, false);
  if (e.type == value_type::f32) {
    const bool beyond = std::abs(x) > FLT_MAX;
    return from_codec(beyond ? std::copysign(static_cast<double>(FLT_MAX), x) : x, spec, beyond);
  }
  bool clamped = false;
  auto raw = saturate_integer(std::round(x), e.type, clamped);
  return from_codec(raw, spec, clamped);
}

encoded_value encode_count(std::uint64_t n, modbus::value_type type, modbus::word_order order) noexcept {
  const std::uint64_t max = type == value_type::u32 ? 0xFFFF'FFFFu : 0xFFFFu;
  return from_codec(std::min(n, max), {type == value_type::u32 ? value_type::u32 : value_type::u16, order}, n > max);
}

caf::expected<double> decode_value(std::span<const std::uint16_t> words, const value_encoding& e) {
  auto raw = modbus::decode(words, {e.type, e.order});
  if (!raw)
    return raw.error();
  auto number = modbus::to_number(*raw);
  if (!number)
    return number.error();
  return modbus::apply(*number, e.scaling);
}

} // namespace meterhub::modbus_export
