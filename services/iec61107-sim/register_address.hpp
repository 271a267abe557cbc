#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// NEVA register addresses: OBIS value groups C, D, E, F written in hexadecimal (specs/iec61107-neva.md §4).
namespace meterhub::iec61107sim {

/// One register as the 32-bit number 0xCCDDEEFF, as wb-mqtt-serial configures it.
using register_address = std::uint32_t;

/// Parses "1F.07.00*FF" (the spec's notation) or "1F0700FF" (the wire's), case-insensitively; nullopt otherwise.
std::optional<register_address> parse_register_address(std::string_view text);

/// "1F0700FF": the 8 upper-case hex digits a request carries.
std::string wire_address(register_address address);

/// "1F.07.00*FF": the notation of the spec and of log lines.
std::string dotted_address(register_address address);

/// Registers that differ only in the F group: "0F.80.80*[00..7F]" is every start-of-day archive. A single address
/// is a range of one.
struct register_range {
  register_address first = 0;
  register_address last = 0;
};

/// Parses a single address or one with a range "[LO..HI]" (hex, LO ≤ HI) in place of the F group.
std::optional<register_range> parse_register_range(std::string_view text);

} // namespace meterhub::iec61107sim
