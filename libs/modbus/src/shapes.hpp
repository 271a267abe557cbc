#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "meterhub/modbus/splitter.hpp"

/// Where a frame in a captured stream ends, from its first bytes.
namespace meterhub::modbus::detail {

/// A length a PDU can have and who would send a PDU of that length.
struct pdu_shape {
  std::size_t length = 0;
  modbus::direction direction = direction::unknown;
};

/// Every shape a PDU starting with given bytes can have.
struct pdu_shapes {
  std::array<pdu_shape, 2> items{};
  std::size_t count = 0;
  bool incomplete = false; ///< one more shape is possible but needs more of the PDU's bytes to tell its length
  bool known = true;       ///< false: a function code whose PDU length this codec cannot tell
};

/// The shapes of a PDU whose first bytes (function code first, at least one byte) are `head`: a request and a
/// response where they differ, one shape of direction `unknown` where they coincide.
pdu_shapes shapes_of(std::span<const std::uint8_t> head) noexcept;

/// What lies at the start of a buffer.
struct scan_result {
  enum kind_t : std::uint8_t { frame, need_more, none } kind = none;
  std::size_t length = 0;                           ///< frame: bytes
  modbus::direction direction = direction::unknown; ///< frame: its sender as far as its shape tells
  std::string_view why;                             ///< none: why no frame starts here
};

/// Looks for an RTU frame at the start of `s`, the shortest of its possible lengths that passes the CRC;
/// `finished`: no more bytes will come.
scan_result scan_rtu(std::span<const std::uint8_t> s, bool finished) noexcept;

/// Looks for a TCP frame (MBAP header and PDU) at the start of `s`.
scan_result scan_tcp(std::span<const std::uint8_t> s, bool finished) noexcept;

} // namespace meterhub::modbus::detail
