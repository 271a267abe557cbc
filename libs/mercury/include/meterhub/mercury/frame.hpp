#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <caf/expected.hpp>

/// The frame layer shared by both directions (spec §2): `[addr] [body …] [crc lo] [crc hi]`. A request's body is
/// the command and its parameters; a reply's body is data (no command echo) or one status byte.
namespace meterhub::mercury {

/// Bytes on the wire.
using bytes = std::vector<std::uint8_t>;

/// Shortest frame of either direction: address, one body byte, CRC.
inline constexpr std::size_t min_frame_size = 4;

/// A frame whose CRC checked: its address and the body between address and CRC (a view into the frame).
struct frame_parts {
  std::uint8_t address = 0;
  std::span<const std::uint8_t> body;
};

/// `address`, `body`, then CRC-16/MODBUS low byte first.
bytes seal(std::uint8_t address, std::span<const std::uint8_t> body);

/// Splits a frame of at least 4 bytes whose CRC checks (`bad_length` for fewer, `bad_crc` otherwise).
caf::expected<frame_parts> open_frame(std::span<const std::uint8_t> frame);

/// The 4-byte status reply `[addr] [status] [crc]` a meter answers test, open, close and writes with, or an error
/// with (status 1…5, spec §3).
bytes status_reply(std::uint8_t address, std::uint8_t status);

} // namespace meterhub::mercury
