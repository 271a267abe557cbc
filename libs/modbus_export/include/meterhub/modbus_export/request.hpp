#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "meterhub/modbus/frame.hpp"
#include "meterhub/modbus_export/layout.hpp"

/// What the export does with one Modbus TCP request, decided from its bytes and the layout alone: no socket, no
/// image, no lock, so every rule is unit-tested and fuzzed. The server carries the decision out (reads from the
/// image, writes through the write handler) and lets libmodbus build and send the answer.
///
/// The rules, in the order they are applied:
/// - A stream whose MBAP header is not Modbus (protocol id not 0, length outside 2..254) cannot be resynchronised:
///   the connection is closed (counted as malformed).
/// - A unit id the map does not have: exception 0x0B (gateway target device failed to respond), as a gateway
///   answers for a device that is not on its line, so a SCADA scan of unit ids sees "nobody there", not an error of
///   the server. Checked before anything else in the PDU.
/// - A function code other than 3, 4, 5, 6, 15, 16: 0x01. Bit reads (1, 2) are 0x01 too: the export has no bit
///   tables (coil commands are write-only).
/// - A PDU whose length does not fit its function, or a quantity outside the function's limits: 0x03 (malformed
///   PDUs are counted).
/// - Reads (3 holding, 4 input): served when every register lies in one block of the unit (mapped registers and
///   the gaps of at most max_gap between them, which read as 0); otherwise 0x02.
/// - Writes (6 and 16 to holding registers, 5 and 15 to coils): 0x01 when the unit has no command in that table,
///   0x02 unless the write starts at a command and covers exactly its registers (one coil), 0x03 when the written
///   registers are not a number of the command's type (a NaN float). Otherwise the write handler decides.
namespace meterhub::modbus_export {

/// The bytes of the first ADU in a buffered TCP stream: 0 while the buffer holds less than a whole ADU, -1 when
/// the stream is not Modbus TCP (see the rules above). Never reads past `buffered`.
std::ptrdiff_t mbap_frame_size(std::span<const std::uint8_t> buffered) noexcept;

/// A write that reached a command, as the write handler receives it.
struct write_request {
  std::uint8_t unit_id = 0;
  std::string device;                           ///< the unit's device
  std::string target;                           ///< the command's target
  modbus::table table = modbus::table::holding; ///< holding or coil
  std::uint16_t address = 0;
  std::vector<std::uint16_t> words; ///< the registers written (a coil: one word, 0 or 1)
  double value = 0.0;               ///< the words read with the command's encoding and scaling; a coil 0 or 1

  bool operator==(const write_request&) const = default;
};

/// What to do with a request.
enum class request_action : std::uint8_t {
  read,      ///< copy `count` registers of `table` from `address` out of the image
  write,     ///< hand `write` to the write handler; acknowledge when it accepts
  exception, ///< answer `exception` (a Modbus exception code)
};

/// The decision for one ADU.
struct classified_request {
  request_action action = request_action::exception;
  std::uint8_t exception = 0; ///< for request_action::exception
  bool malformed = false;     ///< the PDU was malformed (answered 0x03): counted apart from refusals
  std::uint8_t unit_id = 0;
  modbus::function_code function = modbus::function_code::read_holding_registers;
  modbus::table table = modbus::table::holding;
  std::uint16_t address = 0;
  std::uint16_t count = 0;
  write_request write; ///< for request_action::write
};

/// Decides what to do with `adu`, one whole Modbus TCP ADU as mbap_frame_size delimits it (MBAP header, unit id,
/// PDU). An `adu` that is not one (which the server never passes) is an illegal_data_value exception, malformed.
classified_request classify(std::span<const std::uint8_t> adu, const export_layout& layout);

} // namespace meterhub::modbus_export
