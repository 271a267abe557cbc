#include "meterhub/mercury/values.hpp"

#include <algorithm>

namespace meterhub::mercury {

namespace {

bool all_ff(std::span<const std::uint8_t> bytes) noexcept {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0xFF; });
}

std::uint8_t byte_of(std::uint32_t value, int shift) noexcept {
  return static_cast<std::uint8_t>((value >> shift) & 0xFF);
}

} // namespace

std::optional<std::uint8_t> from_bcd(std::uint8_t byte) noexcept {
  const int high = byte >> 4;
  const int low = byte & 0x0F;
  if (high > 9 || low > 9)
    return std::nullopt;
  return static_cast<std::uint8_t>(high * 10 + low);
}

std::uint8_t to_bcd(std::uint8_t value) noexcept {
  const int v = value % 100;
  return static_cast<std::uint8_t>(((v / 10) << 4) | (v % 10));
}

std::optional<aux_word> decode_aux_word(std::span<const std::uint8_t, 3> bytes) noexcept {
  if (all_ff(bytes))
    return std::nullopt;
  aux_word w;
  // Spec §5 / WB ReadParam: high part first, then the low byte, then the middle byte.
  w.magnitude = (std::uint32_t{bytes[0] & 0x3Fu} << 16) | (std::uint32_t{bytes[2]} << 8) | bytes[1];
  w.active_negative = (bytes[0] & 0x80) != 0;
  w.reactive_negative = (bytes[0] & 0x40) != 0;
  return w;
}

std::array<std::uint8_t, 3> encode_aux_word(const std::optional<aux_word>& word) noexcept {
  if (!word)
    return {0xFF, 0xFF, 0xFF};
  auto magnitude = std::min(word->magnitude, max_aux_magnitude);
  if (magnitude == max_aux_magnitude && word->active_negative && word->reactive_negative)
    magnitude -= 1;
  auto b0 = byte_of(magnitude, 16);
  if (word->active_negative)
    b0 |= 0x80;
  if (word->reactive_negative)
    b0 |= 0x40;
  return {b0, byte_of(magnitude, 0), byte_of(magnitude, 8)};
}

std::optional<std::uint32_t> decode_energy_word(std::span<const std::uint8_t, 4> bytes) noexcept {
  if (all_ff(bytes))
    return std::nullopt;
  return (std::uint32_t{bytes[1]} << 24) | (std::uint32_t{bytes[0]} << 16) | (std::uint32_t{bytes[3]} << 8) |
         bytes[2];
}

std::array<std::uint8_t, 4> encode_energy_word(const std::optional<std::uint32_t>& value) noexcept {
  if (!value)
    return {0xFF, 0xFF, 0xFF, 0xFF};
  const auto v = *value;
  return {byte_of(v, 16), byte_of(v, 24), byte_of(v, 0), byte_of(v, 8)};
}

std::optional<std::uint16_t> decode_u16_le(std::span<const std::uint8_t, 2> bytes) noexcept {
  if (all_ff(bytes))
    return std::nullopt;
  return static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
}

std::uint16_t decode_u16_be(std::span<const std::uint8_t, 2> bytes) noexcept {
  return static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
}

} // namespace meterhub::mercury
