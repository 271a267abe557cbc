#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus/frame.hpp"

/// The PDU (function code and data, Modbus Application Protocol §6) without its RTU or TCP envelope.
namespace meterhub::modbus::detail {

using bytes = std::vector<std::uint8_t>;

inline std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) noexcept {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

inline void put16(bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

/// The most values one request of `f` may carry (2000 bits, 125 registers, 1968 coils, 123 registers, 1 for the
/// single writes), 0 for an unsupported function.
std::uint16_t max_quantity(function_code f) noexcept;

/// `values` (each 0 or 1) packed eight to a byte, the lowest address in bit 0 of the first byte (§6.11).
bytes pack_bits(std::span<const std::uint16_t> values);
/// The first `count` bits of `data` as 0/1 values.
std::vector<std::uint16_t> unpack_bits(std::span<const std::uint8_t> data, std::size_t count);
/// True when `address + count` stays inside the 65536 addresses.
inline bool fits_address_space(std::uint16_t address, std::size_t count) noexcept {
  return address + count <= 0x10000;
}

/// The request's PDU; `out_of_range` when it breaks its function's limits.
caf::expected<bytes> request_pdu(const request& r);
/// The request in `pdu` (unit and transaction id left at their defaults).
caf::expected<request> parse_request_pdu(std::span<const std::uint8_t> pdu);
/// The response's PDU; `out_of_range` when it breaks its function's limits.
caf::expected<bytes> response_pdu(const response& r);
/// The response in `pdu`, checked against `sent` when given.
caf::expected<response> parse_response_pdu(std::span<const std::uint8_t> pdu, const request* sent);
/// Bytes of `r`'s PDU; 0 for an unsupported function.
std::size_t request_pdu_size(const request& r) noexcept;
/// Bytes of the PDU that answers `r` successfully; 0 for an unsupported function.
std::size_t response_pdu_size(const request& r) noexcept;

} // namespace meterhub::modbus::detail
