#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include <caf/expected.hpp>

#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/request.hpp"

/// The main power profile ("массив средних мощностей", protocol.hpp notes 6–9), both directions: the last-record
/// pointer of 08 13 and the 15-byte records read from memory 3 with 06.
namespace meterhub::mercury {

/// Bits of the status byte of the pointer and of each record (D2 GetStatusName).
namespace profile_status {
inline constexpr std::uint8_t overflow = 0x01;    ///< the array has wrapped ("ПР")
inline constexpr std::uint8_t incomplete = 0x02;  ///< the period is incomplete ("НС")
inline constexpr std::uint8_t initialised = 0x04; ///< the array was (re)initialised in this period ("ИН")
inline constexpr std::uint8_t winter = 0x08;      ///< set: winter time, clear: summer time ("СЗ")
} // namespace profile_status

/// 08 13: where the last record is, its status, time stamp and period.
struct profile_pointer {
  std::uint16_t address = 0; ///< byte address, or record index on Mercury 234 firmware ≥ 9 (note 6)
  std::uint8_t status = profile_status::winter;
  profile_stamp stamp;
  std::uint8_t period_minutes = 30;

  friend bool operator==(const profile_pointer&, const profile_pointer&) = default;
};

/// One record: status, time stamp, period and the counts of A+, A−, R+, R− (nullopt for FFFF).
struct profile_record {
  std::uint8_t status = profile_status::winter;
  profile_stamp stamp;
  std::uint8_t period_minutes = 30;
  std::array<std::optional<std::uint16_t>, 4> counts{};

  friend bool operator==(const profile_record&, const profile_record&) = default;
};

/// 9 bytes: address (big-endian), status, h, m, D, M, Y (BCD), period. `bad_length`, or `bad_value` for a bad
/// stamp or a period of 0.
caf::expected<profile_pointer> decode_profile_pointer(std::span<const std::uint8_t> data);

/// The 9 bytes of `p`.
std::array<std::uint8_t, 9> encode_profile_pointer(const profile_pointer& p) noexcept;

/// 15 bytes: status, h, m, D, M, Y (BCD), period, then four little-endian counts. `empty_record` for a cell that
/// holds no record (all FF, or a zero time stamp), `bad_value` for a bad stamp or a period of 0.
caf::expected<profile_record> decode_profile_record(std::span<const std::uint8_t> data);

/// The 15 bytes of `r` (a count of nullopt written as FFFF).
std::array<std::uint8_t, 15> encode_profile_record(const profile_record& r) noexcept;

/// The 17-bit memory address a read_memory request names: bit 7 of the memory byte is address bit 16.
constexpr std::uint32_t memory_address_of(const read_memory& r) noexcept {
  return (std::uint32_t{r.memory & 0x80u} << 9) | r.address;
}

} // namespace meterhub::mercury
