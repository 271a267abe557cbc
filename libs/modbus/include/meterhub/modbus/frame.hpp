#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus/crc.hpp"

/// Modbus requests and responses as bytes: the PDU of the function codes meterhub uses (Modbus Application Protocol
/// V1.1b3 §6) in an RTU frame (address, PDU, CRC-16 low byte first; Modbus over Serial Line V1.02 §2.5.1) or a TCP
/// frame (MBAP header: transaction id, protocol id 0, length, unit id; Messaging Implementation Guide V1.0b §3.1.3).
/// Pure: for decoding captured traffic and for the simulators; the live client goes through libmodbus.
namespace meterhub::modbus {

/// The function codes of the four tables' reads and writes. The enum holds any byte, so a frame's unknown code
/// survives parsing far enough to be answered with an `illegal_function` exception.
enum class function_code : std::uint8_t {
  read_coils = 0x01,
  read_discrete_inputs = 0x02,
  read_holding_registers = 0x03,
  read_input_registers = 0x04,
  write_single_coil = 0x05,
  write_single_register = 0x06,
  write_multiple_coils = 0x0F,
  write_multiple_registers = 0x10,
};

/// "read_holding_registers", ...; "unknown" for other codes.
std::string_view to_string(function_code f) noexcept;
/// True for the eight codes above.
bool is_supported(function_code f) noexcept;
/// True for the codes that read or write coils and discrete inputs (values are bits).
bool is_bit_function(function_code f) noexcept;

/// How a PDU travels.
enum class framing : std::uint8_t {
  rtu, ///< unit id + PDU + CRC-16/MODBUS; at most 256 bytes
  tcp, ///< MBAP header (7 bytes, unit id last) + PDU; at most 260 bytes
};

/// Largest PDU (Modbus Application Protocol §4.1): 253 bytes.
inline constexpr std::size_t max_pdu_size = 253;

/// What a client asks. Limits per function (§6): reads of registers 1..125, of bits 1..2000, writes of registers
/// 1..123, of coils 1..1968, and address + count within 65536.
struct request {
  std::uint16_t transaction_id = 0; ///< TCP only (RTU frames have none)
  std::uint8_t unit_id = 1;         ///< RTU: the slave address, 0 = broadcast (no response)
  function_code function = function_code::read_holding_registers;
  std::uint16_t address = 0;
  std::uint16_t count = 1;           ///< registers or bits to read or write; 1 for the single writes
  std::vector<std::uint16_t> values; ///< writes: the registers, or the coils as 0/1; empty for reads

  /// Field by field, for tests and for pairing a capture's responses with their requests.
  bool operator==(const request&) const = default;
};

/// What a server answers: data, an echo of a write, or an exception.
struct response {
  std::uint16_t transaction_id = 0; ///< TCP only
  std::uint8_t unit_id = 1;
  function_code function = function_code::read_holding_registers; ///< without the exception bit 0x80
  std::uint8_t exception_code = 0;                                 ///< non-zero: an exception response (§7)
  std::uint16_t address = 0;                                       ///< writes: the echoed address
  std::uint16_t count = 0;           ///< multiple writes: the echoed quantity; reads: values.size()
  std::vector<std::uint16_t> values; ///< reads: registers or bits (0/1); single writes: the echoed value

  /// True for an exception response (the device is alive but refused the request).
  bool is_exception() const noexcept { return exception_code != 0; }
  /// Field by field.
  bool operator==(const response&) const = default;
};

/// The frame of `r`. Errors (`out_of_range`): a count outside its function's limits, values that do not match the
/// count, a coil value other than 0 or 1, a function code this codec does not know.
caf::expected<std::vector<std::uint8_t>> encode_request(const request& r, framing f);

/// The frame of `r`: an exception (function | 0x80, code) when `r.exception_code` is set, otherwise data for reads
/// (the byte count follows from `values`) and the echo for writes. Errors (`out_of_range`) as for requests.
caf::expected<std::vector<std::uint8_t>> encode_response(const response& r, framing f);

/// Server side: the request in exactly one frame. Errors: `bad_frame` when the bytes are not one frame (length,
/// CRC, MBAP protocol id or length, a PDU whose length does not match its function); then, for a well-formed frame
/// that a server answers with an exception (its unit id and function code are bytes 0 and 1 of an RTU frame,
/// bytes 6 and 7 of a TCP one): `illegal_function` for an unsupported function code, `illegal_data_value` for a
/// quantity outside the limits, a byte count that disagrees with it, a coil value other than FF00/0000.
caf::expected<request> parse_request(std::span<const std::uint8_t> frame, framing f);

/// Client side: the response to `sent` in exactly one frame, exceptions included (`exception_code` set). Errors
/// (`bad_frame`): not one frame, a transaction id, unit id or function that is not `sent`'s, a byte count that does
/// not match `sent.count`, a write echo that differs from the write.
caf::expected<response> parse_response(std::span<const std::uint8_t> frame, const request& sent, framing f);

/// A response on its own, as in a capture whose request is missing: as above without the checks against the
/// request; bit reads give every bit of their data bytes (the count is in the request only).
caf::expected<response> parse_response(std::span<const std::uint8_t> frame, framing f);

/// Bytes of the frame that answers `r` when it succeeds (an exception is `exception_response_size`); 0 for an RTU
/// broadcast (unit 0), which gets no answer, and for an unsupported function.
std::size_t expected_response_size(const request& r, framing f) noexcept;

/// Bytes of `r`'s frame as `encode_request` makes it (from its function and count; 0 for an unsupported function).
std::size_t request_size(const request& r, framing f) noexcept;

/// Bytes of an exception frame: 5 in RTU, 9 in TCP.
constexpr std::size_t exception_response_size(framing f) noexcept { return f == framing::rtu ? 5 : 9; }

} // namespace meterhub::modbus
