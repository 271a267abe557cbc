#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

/// Registers whose value is a bit word or text: the status word (60.05.00), the configuration word (15.00.04) and
/// the identifiers (serial number 60.01.00, firmware id 60.01.04, metering-point text 60.01.0A).
namespace meterhub::neva {

/// Four hex digits (either case) as a 16-bit word ("0A1F" → 0x0A1F). The status word's bits are model-specific
/// (spec §5), so the platform publishes the whole word and leaves its reading to whoever knows the model.
caf::expected<std::uint16_t> decode_status_word(std::string_view field);

/// The configuration word of register 15.00.04*FF, with the bits the spec names.
struct configuration_word {
  std::uint16_t bits = 0;

  /// Bit 0: writes are allowed over the interface without pressing the programming button.
  constexpr bool remote_programming() const noexcept { return (bits & 0x0001) != 0; }
  /// Bit 1: registers can be read without a password.
  constexpr bool read_without_password() const noexcept { return (bits & 0x0002) != 0; }
  /// Bit 7: the meter changes its clock for summer time, so its wall time is not the zone's standard time.
  constexpr bool seasonal_clock_change() const noexcept { return (bits & 0x0080) != 0; }

  friend bool operator==(const configuration_word&, const configuration_word&) = default;
};

/// Four hex digits as a configuration word.
caf::expected<configuration_word> decode_configuration_word(std::string_view field);

/// Longest text a NEVA register stores (the metering-point text, 16 characters).
inline constexpr std::size_t max_text_size = 16;

/// An identifier or text register: printable ASCII, at most 16 characters, trailing spaces (the meter's padding)
/// removed; the result may be empty. Anything else is `bad_text`.
caf::expected<std::string> decode_text(std::string_view field);

} // namespace meterhub::neva
