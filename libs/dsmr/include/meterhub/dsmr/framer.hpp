#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

/// Cutting P1 telegrams out of a byte stream (spec §3). Pure: bytes in, frames out.
namespace meterhub::dsmr {

/// One telegram as it came off the line, from "/" through the end line.
struct raw_frame {
  std::string text;
  /// False when the frame was closed by the next header or an idle gap without an end line ("!"), which only the
  /// dialects without a CRC (DSMR 2.2/3.0) may do.
  bool has_end = true;
};

struct framer_options {
  /// Frames longer than this are dropped and the framer resynchronises (Luxembourg telegrams are ~1.5 KiB).
  std::size_t max_frame = 8 * 1024;
  /// Clear bit 7 of every byte: 7E1 data read as 8N1 carries the parity bit there (spec §1).
  bool clear_bit7 = true;
};

/// Incremental framer: `feed` any chunks, then take complete frames with `next`. A "/" starts a frame only at the
/// start of the stream or after LF; a frame ends at a line that starts with "!" followed by up to four hex digits
/// and CR LF. Bytes outside frames are dropped and counted.
class telegram_framer {
public:
  explicit telegram_framer(framer_options opts = {}) : opts_(opts) {}

  void feed(std::string_view bytes);

  /// The next complete frame, if any.
  std::optional<raw_frame> next();

  /// Called by the reader after an idle gap: closes a frame that has no end line (and ends a frame whose end line
  /// lacks the final CR LF).
  void flush_idle();

  /// Bytes dropped outside frames since construction.
  std::uint64_t dropped_bytes() const noexcept { return dropped_; }
  /// Frames dropped for exceeding `max_frame`.
  std::uint64_t oversize_frames() const noexcept { return oversize_; }

private:
  enum class state { hunting, in_frame, in_end_line };
  void consume(char c);
  void close(bool has_end);

  framer_options opts_;
  state state_ = state::hunting;
  bool at_line_start_ = true;
  std::string current_;
  std::size_t end_digits_ = 0;
  std::deque<raw_frame> ready_;
  std::uint64_t dropped_ = 0;
  std::uint64_t oversize_ = 0;
};

/// Builds a complete frame for simulators and tests: `body` runs from "/" through "!"; appends the CRC as four
/// upper-case hex digits and CR LF.
std::string finish_telegram(std::string_view body);

} // namespace meterhub::dsmr
