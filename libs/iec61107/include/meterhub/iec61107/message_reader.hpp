#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/iec61107/identification.hpp"

/// Cutting the meter's answers out of a byte stream. Pure: bytes in, messages out.
namespace meterhub::iec61107 {

enum class message_kind : std::uint8_t {
  identification, ///< "/XXXZident" CR LF
  ack,            ///< 0x06 alone
  nak,            ///< 0x15 alone
  data,           ///< STX data ETX BCC: a read reply, an error reply "(nn)" or a readout data block
  command,        ///< SOH command [STX data] ETX BCC: "P0" password request (or anything a meter may send)
  stray,          ///< one byte outside any message (noise, or a meter's non-ACK answer such as 0x07)
  sign_on,        ///< role meter: "/?" [address] "!" CR LF
  option_select,  ///< role meter: ACK protocol Z mode CR LF
};

/// One message from the meter.
struct message {
  message_kind kind = message_kind::stray;
  identification ident; ///< kind identification
  std::string command;  ///< kind command: the two command characters ("P0")
  std::string data;     ///< kind data and command: the bytes between STX and ETX
  bool partial = false; ///< a block ended by EOT instead of ETX: more blocks follow after the reader's ACK
  char byte = 0;        ///< kind stray: the byte
  std::string address;  ///< kind sign_on: the address, empty when none was given
  char baud_char = 0;   ///< kind option_select: the rate to continue at
  char mode = 0;        ///< kind option_select: '0' readout, '1' programming (see session_mode)
};

/// Which side of the line the reader is on.
enum class reader_role : std::uint8_t {
  reading_meter, ///< the reading side: takes identifications, replies, P0, ACK/NAK
  meter,         ///< a meter (the imitator): takes sign-ons, option selects, commands, ACK/NAK
  capture,       ///< a recording of both directions: everything either side sends
};

struct reader_options {
  /// Longer messages are dropped as malformed (a readout data block of a large meter is a few KiB).
  std::size_t max_message = 16 * 1024;
  /// Clear bit 7 of every byte: 7E1 data read as 8N1 (a TCP converter set up so) carries the parity bit there.
  bool clear_bit7 = true;
  reader_role role = reader_role::reading_meter;
};

/// Incremental reader: `feed` any chunks, take messages with `next`. A message whose block check character does not
/// match, or that cannot be a message of the protocol, comes out as an error in its place, so the session can answer
/// it (repeat the request once) while the stream stays in step.
class message_reader {
public:
  explicit message_reader(reader_options opts = {}) : opts_(opts) {}

  void feed(std::string_view bytes);

  /// The next complete message or error, nullopt while more bytes are needed.
  std::optional<caf::expected<message>> next();

  /// Forgets a partly received message and everything not yet taken: after a timeout, before a new request.
  void reset();

  /// True while a message has started and not ended (the session may extend its wait for the rest).
  bool in_message() const noexcept { return state_ != state::idle; }

private:
  enum class state { idle, ident_line, block, block_check, after_ack, option_line };
  void consume(char c);
  void start(char c);
  void finish_block(char bcc);
  void finish_line();
  void finish_option_select();
  void emit(caf::expected<message> m);

  reader_options opts_;
  state state_ = state::idle;
  std::string current_;
  char opener_ = 0;
  bool saw_eot_ = false;
  std::deque<caf::expected<message>> ready_;
};

} // namespace meterhub::iec61107
