#pragma once

#include <array>
#include <cstdint>
#include <span>

#include <caf/expected.hpp>

#include "meterhub/modbus_export/map.hpp"

/// Numbers into export registers through libs/modbus's register codec (its word orders and scaling), with what an
/// exporter needs on top: a value that does not fit is saturated to the type's limit and says so (a wrapped number
/// would look plausible to SCADA), and a value that is not a number becomes NaN in float registers and 0 in integer
/// ones (the quality register marks both).
namespace meterhub::modbus_export {

/// The registers of one value, the lowest address first.
struct encoded_value {
  std::array<std::uint16_t, 4> words{};
  std::uint8_t count = 0; ///< 1, 2 or 4 (0 for a type the export cannot write)
  bool clamped = false;   ///< the value was beyond the type (after scaling and rounding) and shows its limit

  /// The used words.
  std::span<const std::uint16_t> registers() const noexcept { return {words.data(), count}; }
};

/// `value` as `e` lays it out: scaled ((value - offset) / scale), rounded half away from zero for integer types,
/// saturated to the type's range (f32: ±FLT_MAX), word-ordered. NaN and infinities give a quiet NaN in f32/f64 and
/// 0 in integer types, not clamped (the value is invalid, not too large).
encoded_value encode_value(double value, const value_encoding& e) noexcept;

/// A count (an age in seconds) as u16 or u32 in `order`, saturating at the type's maximum.
encoded_value encode_count(std::uint64_t n, modbus::value_type type, modbus::word_order order) noexcept;

/// What SCADA wrote into a command's registers, as a number: decoded with the encoding's type and order, then
/// scaled (raw × scale + offset), the inverse of encode_value. Errors (`modbus` `bad_value`): not exactly the
/// type's register count, a NaN or infinite float.
caf::expected<double> decode_value(std::span<const std::uint16_t> words, const value_encoding& e);

} // namespace meterhub::modbus_export
