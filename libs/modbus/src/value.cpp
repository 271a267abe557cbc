// Decoding typed values from registers.
#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "meterhub/modbus/error.hpp"
#include "meterhub/modbus/value.hpp"
#include "words.hpp"

namespace meterhub::modbus {

namespace {

using detail::gather;

caf::expected<raw_value> decode_float(std::span<const std::uint16_t> regs, const value_spec& spec) {
  double value = spec.type == value_type::f32 ? double{std::bit_cast<float>(static_cast<std::uint32_t>(
                                                  gather(regs, spec.order)))}
                                              : std::bit_cast<double>(gather(regs, spec.order));
  // Devices send NaN (often 0xFFFFFFFF or 0x7FC00000) for "not measured": that is no reading.
  if (!std::isfinite(value))
    return make_error(modbus_errc::bad_value, "the float is NaN or infinite");
  return raw_value{value};
}

caf::expected<raw_value> decode_bcd(std::span<const std::uint16_t> regs, const value_spec& spec) {
  auto packed = gather(regs, spec.order);
  std::uint64_t value = 0;
  for (int shift = static_cast<int>(16 * regs.size()) - 4; shift >= 0; shift -= 4) {
    auto digit = (packed >> shift) & 0xF;
    if (digit > 9)
      return make_error(modbus_errc::bad_value, "a BCD digit above 9");
    value = value * 10 + digit;
  }
  return raw_value{value};
}

caf::expected<raw_value> decode_string(std::span<const std::uint16_t> regs, const value_spec& spec) {
  std::string text;
  for (auto reg : regs) {
    auto word = static_cast<std::uint16_t>(gather(std::span{&reg, 1}, spec.order));
    text += static_cast<char>(word >> 8);
    text += static_cast<char>(word & 0xFF);
  }
  // A fixed-size field ends at its first NUL; what follows is padding or stale bytes.
  text.resize(std::min(text.find('\0'), text.size()));
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  for (char c : text)
    if (c < 0x20 || c > 0x7E) // readings carry text in protobuf strings, which must be valid UTF-8
      return make_error(modbus_errc::bad_value, "a string with a byte outside printable ASCII");
  return raw_value{std::move(text)};
}

raw_value decode_integer(std::span<const std::uint16_t> regs, const value_spec& spec) {
  auto bits = gather(regs, spec.order);
  switch (spec.type) {
    case value_type::s16:
      return std::int64_t{static_cast<std::int16_t>(bits)};
    case value_type::s32:
      return std::int64_t{static_cast<std::int32_t>(bits)};
    case value_type::s64:
      return static_cast<std::int64_t>(bits);
    case value_type::bits:
      return (bits >> spec.bit_offset) & ((std::uint64_t{1} << spec.bit_count) - 1);
    case value_type::boolean:
      return std::uint64_t{regs[0] != 0};
    default: // u16, u32, u64
      return bits;
  }
}

} // namespace

unsigned register_count(const value_spec& spec) noexcept {
  switch (spec.type) {
    case value_type::u32:
    case value_type::s32:
    case value_type::f32:
    case value_type::bcd32:
      return 2;
    case value_type::u64:
    case value_type::s64:
    case value_type::f64:
      return 4;
    case value_type::string:
      return spec.length;
    default:
      return 1;
  }
}

caf::expected<raw_value> decode(std::span<const std::uint16_t> regs, const value_spec& spec) {
  if (auto err = detail::check_spec(spec))
    return err;
  if (regs.size() != register_count(spec))
    return make_error(modbus_errc::bad_value, std::to_string(regs.size()) + " registers for a value of "
                                                + std::to_string(register_count(spec)));
  switch (spec.type) {
    case value_type::f32:
    case value_type::f64:
      return decode_float(regs, spec);
    case value_type::bcd16:
    case value_type::bcd32:
      return decode_bcd(regs, spec);
    case value_type::string:
      return decode_string(regs, spec);
    default:
      return decode_integer(regs, spec);
  }
}

caf::expected<double> to_number(const raw_value& value) {
  if (std::holds_alternative<std::string>(value))
    return make_error(modbus_errc::bad_value, "a string is not a number");
  return std::visit([](const auto& v) -> double {
    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(v)>>)
      return static_cast<double>(v);
    else
      return 0.0;
  }, value);
}

namespace detail {

caf::error check_spec(const value_spec& spec) {
  if (spec.type == value_type::bits
      && (spec.bit_count < 1 || spec.bit_count > 16 || spec.bit_offset > 16 - spec.bit_count))
    return make_error(modbus_errc::bad_value, "a bit field outside its register");
  if (spec.type == value_type::string && (spec.length < 1 || spec.length > max_string_registers))
    return make_error(modbus_errc::bad_value, "a string of 1 to 125 registers");
  return {};
}

} // namespace detail

} // namespace meterhub::modbus
