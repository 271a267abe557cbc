#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <caf/error.hpp>

#include "meterhub/modbus/frame.hpp"

/// Cutting a captured byte stream (requests and responses of one line or connection, interleaved as they passed)
/// into frames, for the `decode` CLI and the simulators' logs. RTU frames carry no length: it follows from the
/// function code and a byte count, and the CRC confirms it (Modbus over Serial Line §2.5.1.1; without the line's
/// timing a capture has nothing else). TCP frames are cut by their MBAP length.
namespace meterhub::modbus {

/// Which side sent a frame.
enum class direction : std::uint8_t { request, response, unknown };

/// "request", "response", "unknown".
std::string_view to_string(direction d) noexcept;

/// A frame, or a run of bytes that starts no frame.
struct stream_item {
  std::vector<std::uint8_t> bytes; ///< the whole frame (RTU: address … CRC; TCP: MBAP … PDU), or the skipped bytes
  /// Who sent the frame. Where a request and a response of the function look alike (single writes echo the
  /// request, a bit read answering 3 bytes is as long as a read request) the previous frame decides: after a
  /// request of the same unit and function (and TCP transaction) comes its response. `unknown` for skipped bytes
  /// and for TCP frames of functions this codec does not know.
  modbus::direction direction = direction::unknown;
  /// Empty for a frame; for skipped bytes `bad_frame` saying how many and why ("CRC mismatch", "no frame starts
  /// here", "truncated frame").
  caf::error error;

  /// True for a frame, false for skipped bytes.
  bool is_frame() const noexcept { return !error; }
};

/// An incremental splitter: feed bytes as they come, take items until it needs more. After garbage or a corrupt
/// frame it moves on one byte at a time and is back in step at the next valid frame (a corrupt frame costs its own
/// bytes, not the next one). Skipped bytes come out as items of their own when the frame after them is found, at
/// `finish`, or every `max_skipped_run` bytes, so the items are the same however the capture was cut into pieces.
class frame_splitter {
public:
  /// Longest run of skipped bytes reported as one item.
  static constexpr std::size_t max_skipped_run = 256;

  /// A splitter for a capture of `f` frames.
  explicit frame_splitter(modbus::framing f) noexcept : framing_(f) {}

  /// Appends captured bytes.
  void feed(std::span<const std::uint8_t> bytes);

  /// The next frame or run of skipped bytes; nullopt when more bytes are needed to tell (the buffer ends inside
  /// a possible frame or a run of skipped bytes) or nothing is buffered.
  std::optional<stream_item> next();

  /// The capture has ended: a frame still incomplete can never complete, so `next` reports its bytes as skipped.
  void finish() noexcept { finished_ = true; }

  /// Bytes fed but not yet returned in an item.
  std::size_t buffered() const noexcept { return buffer_.size() - start_; }

  /// The framing it splits.
  modbus::framing framing() const noexcept { return framing_; }

private:
  /// The sender of the last frame and the fields that pair a response with it.
  struct last_frame {
    modbus::direction direction = direction::unknown;
    std::uint8_t unit_id = 0;
    std::uint8_t function = 0; ///< without the exception bit
    std::uint16_t transaction_id = 0;
  };

  stream_item take_skipped();
  stream_item take_frame(std::size_t length, modbus::direction d);
  modbus::direction preferred() const noexcept;
  void compact();

  modbus::framing framing_;
  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;   ///< first byte not returned yet
  std::size_t skipped_ = 0; ///< bytes from start_ known to start no frame
  std::string_view skip_reason_;
  bool finished_ = false;
  last_frame last_;
};

} // namespace meterhub::modbus
