#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

/// Cuts the requests on a shared RTU line (a pty, or raw RTU frames through a TCP converter) into frames, where
/// Modbus devices and Mercury 23x meters listen side by side. The first byte of a frame is the address, and the
/// simulator knows which addresses are Mercury meters: their frames are recognised by the Mercury request codec,
/// all others by the Modbus splitter (length from the function code and byte count, confirmed by the CRC).
/// Bytes that start no frame are dropped one at a time until a frame starts, and the line's silence (t3.5 on a
/// real bus) ends whatever incomplete frame remains. Pure: the caller reports the silence.
namespace meterhub::modbus_sim {

/// One frame cut from the line.
struct rtu_frame {
  std::vector<std::uint8_t> bytes;
  bool mercury = false; ///< addressed to a Mercury meter
};

class rtu_reader {
public:
  /// Longest request frame a master sends: a Modbus write of 123 registers, 255 bytes with its CRC.
  static constexpr std::size_t max_buffer = 512;

  explicit rtu_reader(std::bitset<256> mercury_addresses = {}) : mercury_(mercury_addresses) {}

  /// Appends received bytes (beyond `max_buffer` the oldest are dropped: nothing valid is that long).
  void feed(std::span<const std::uint8_t> bytes);

  /// The next complete frame; nullopt while the buffer holds no complete frame at its start.
  std::optional<rtu_frame> next();

  /// The line fell silent: the bytes still buffered never became a frame. Returns how many were dropped.
  std::size_t silence() noexcept;

  std::size_t buffered() const noexcept { return buffer_.size(); }
  /// Bytes dropped so far as starting no frame.
  std::size_t dropped() const noexcept { return dropped_; }

private:
  /// The length of a frame at the start of the buffer: 0 while it may still complete, -1 when none starts here.
  long modbus_frame_length() const;
  long mercury_frame_length() const;

  std::bitset<256> mercury_;
  std::vector<std::uint8_t> buffer_;
  std::size_t dropped_ = 0;
};

} // namespace meterhub::modbus_sim
