#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

/// The protocol's number encodings, both directions (spec §5): 3-byte auxiliary words with direction bits, 4-byte
/// energy words in two little-endian halves, BCD clock fields. "Not measured" is all bytes FF and decodes to
/// nullopt, never to a number.
namespace meterhub::mercury {

/// A BCD byte as 0…99; nullopt when a nibble is above 9.
std::optional<std::uint8_t> from_bcd(std::uint8_t byte) noexcept;

/// 0…99 as BCD (`value % 100`).
std::uint8_t to_bcd(std::uint8_t value) noexcept;

/// A 3-byte auxiliary value: the 22-bit magnitude and the two direction bits of its first byte (bit 7 active,
/// bit 6 reactive; set = negative / export). U, I, frequency and angles have the bits clear.
struct aux_word {
  std::uint32_t magnitude = 0;
  bool active_negative = false;
  bool reactive_negative = false;

  friend bool operator==(const aux_word&, const aux_word&) = default;
};

/// Largest magnitude a 3-byte word carries (22 bits).
inline constexpr std::uint32_t max_aux_magnitude = 0x3FFFFF;

/// `b0 b1 b2` → magnitude `((b0 & 0x3F) << 16) | (b2 << 8) | b1`; nullopt for FF FF FF (missing phase).
std::optional<aux_word> decode_aux_word(std::span<const std::uint8_t, 3> bytes) noexcept;

/// The inverse; nullopt writes FF FF FF. A magnitude above 22 bits is clamped, and 0x3FFFFF with both direction
/// bits set is written as 0x3FFFFE so that it cannot read back as "missing".
std::array<std::uint8_t, 3> encode_aux_word(const std::optional<aux_word>& word) noexcept;

/// `b0 b1 b2 b3` → `(b1 << 24) | (b0 << 16) | (b3 << 8) | b2`; nullopt for FF FF FF FF (quantity not measured).
std::optional<std::uint32_t> decode_energy_word(std::span<const std::uint8_t, 4> bytes) noexcept;

/// The inverse; nullopt (and 0xFFFFFFFF, which cannot be told from it) writes FF FF FF FF.
std::array<std::uint8_t, 4> encode_energy_word(const std::optional<std::uint32_t>& value) noexcept;

/// A 2-byte little-endian count (KU, profile channels); nullopt for FF FF.
std::optional<std::uint16_t> decode_u16_le(std::span<const std::uint8_t, 2> bytes) noexcept;

/// A 2-byte big-endian number (temperature, transformer ratios, profile addresses).
std::uint16_t decode_u16_be(std::span<const std::uint8_t, 2> bytes) noexcept;

} // namespace meterhub::mercury
