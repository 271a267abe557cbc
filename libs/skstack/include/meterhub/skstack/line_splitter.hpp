#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/skstack/model.hpp"

namespace meterhub::skstack {

/// One line as the module wrote it, without its terminator. A binary-mode ERXUDP (WOPT 00) keeps its header tokens
/// up to and including DATALEN in `text` and its raw bytes in `payload`, because those bytes may contain CR LF.
struct raw_line {
  std::string text;
  std::vector<std::uint8_t> payload;
  bool binary = false; ///< `payload` holds a binary ERXUDP payload
};

/// Cuts the module's byte stream into lines, incrementally: bytes may arrive split at any boundary.
///
/// Lines end with CR LF, or with CR alone (the ROPT / WOPT answers, spec §1), or LF alone; empty lines are skipped.
/// An ERXUDP line is not cut on CR LF blindly: after the header tokens of the model (7 after the command word on
/// BP35A1, 9 on BP35C2) the splitter reads DATALEN and, when the byte DATALEN positions further is CR followed by LF,
/// takes the DATALEN raw bytes as a binary payload (spec §3). In hex mode that byte is a hex digit, so both data
/// formats are told apart without configuration, which also survives a WOPT change behind the reader's back.
class line_splitter {
public:
  /// Lines longer than `max_line` (no terminator in sight) are dropped with `bad_length`.
  explicit line_splitter(module_model model, std::size_t max_line = 8192);

  /// Appends bytes read from the UART.
  void feed(std::span<const std::uint8_t> bytes);

  /// The next complete line, an error for a line that could not be taken (it is consumed), or nullopt when more
  /// bytes are needed.
  std::optional<caf::expected<raw_line>> next();

  /// Bytes held for an incomplete line.
  std::size_t buffered() const noexcept {
    return buffer_.size();
  }

private:
  enum class binary_check { not_binary, binary, need_more, broken };

  /// Finds DATALEN of an ERXUDP header: `binary` once it is complete (the payload is not checked yet).
  binary_check find_header(std::size_t& header_end, std::size_t& length) const;
  binary_check check_binary(std::size_t& header_end, std::size_t& length) const;
  caf::expected<raw_line> take_binary(std::size_t header_end, std::size_t length, bool broken);
  std::optional<caf::expected<raw_line>> take_line();

  module_model model_;
  std::size_t max_line_;
  std::vector<std::uint8_t> buffer_;
  bool skip_lf_ = false;    ///< the last line ended with CR at the end of the input: drop a leading LF
  bool discarding_ = false; ///< inside an over-long line: drop bytes up to its terminator
};

} // namespace meterhub::skstack
