#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <caf/expected.hpp>

/// Identification replies of `08 <P>` (spec §4, protocol.hpp notes 2 and 3), both directions.
namespace meterhub::mercury {

/// A binary calendar date as the meter writes it: day, month, year (2000 + year).
struct meter_date {
  std::uint8_t day = 1;
  std::uint8_t month = 1;
  std::uint8_t year = 0;

  friend bool operator==(const meter_date&, const meter_date&) = default;
};

/// 08 00: serial number and manufacture date (LP: readable without opening the channel).
struct serial_info {
  std::array<std::uint8_t, 4> serial{}; ///< each byte 0…99, printed as two decimal digits (BRK, PZ)
  meter_date made;

  /// "41906467" for 29 5A 40 43.
  std::string serial_text() const;

  friend bool operator==(const serial_info&, const serial_info&) = default;
};

/// 08 01: the passport block; the serial and date as in 08 00, then the firmware version and the rest raw.
struct passport_info {
  serial_info serial;
  std::array<std::uint8_t, 3> version{};
  std::vector<std::uint8_t> variant; ///< the remaining 6 (or 14) bytes, execution variant, undecoded

  friend bool operator==(const passport_info&, const passport_info&) = default;
};

/// 08 02: transformer ratios, voltage Kn and current Kt.
struct transformer_ratios {
  std::uint16_t voltage = 1;
  std::uint16_t current = 1;
  std::vector<std::uint8_t> extra; ///< the 6 further bytes some meters send (D1), undecoded

  friend bool operator==(const transformer_ratios&, const transformer_ratios&) = default;
};

/// 7 bytes; `bad_value` for a serial byte above 99 or an impossible date.
caf::expected<serial_info> decode_serial(std::span<const std::uint8_t> data);
/// The 7 bytes of `s`.
std::array<std::uint8_t, 7> encode_serial(const serial_info& s) noexcept;

/// 16 or 24 bytes.
caf::expected<passport_info> decode_passport(std::span<const std::uint8_t> data);
/// 10 + variant bytes (the caller gives 6 or 14 variant bytes).
std::vector<std::uint8_t> encode_passport(const passport_info& p);

/// 3 bytes, binary (BRK "%d.%02d.%02d").
caf::expected<std::array<std::uint8_t, 3>> decode_version(std::span<const std::uint8_t> data);
/// "2.1.0" style text of a version.
std::string version_text(const std::array<std::uint8_t, 3>& v);

/// 4 or 10 bytes; Kn and Kt big-endian (D2 get_koeffs). Zero ratios are `bad_value`.
caf::expected<transformer_ratios> decode_ratios(std::span<const std::uint8_t> data);
/// 4 bytes, plus `extra`.
std::vector<std::uint8_t> encode_ratios(const transformer_ratios& r);

/// 2 bytes, the address second (BRK readBuff[2], LP "first byte = 0").
caf::expected<std::uint8_t> decode_network_address(std::span<const std::uint8_t> data);
/// 00 <address>.
std::array<std::uint8_t, 2> encode_network_address(std::uint8_t address) noexcept;

} // namespace meterhub::mercury
