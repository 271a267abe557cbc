#pragma once

#include <cstdint>
#include <span>
#include <vector>

/// CRC-16/MODBUS (poly 0x8005 reflected, init 0xFFFF, no final xor; check value 0x4B37 for "123456789"), the
/// checksum of Modbus RTU frames (Modbus over Serial Line V1.02 §2.5.1.2 and appendix B) and of other serial meter
/// protocols that borrowed it (Mercury 23x). It is sent low byte first.
namespace meterhub::modbus {

/// The CRC of `bytes`.
std::uint16_t crc16_modbus(std::span<const std::uint8_t> bytes) noexcept;

/// Appends the CRC of everything in `frame` to it, low byte first, as it goes on the wire.
void append_crc16_modbus(std::vector<std::uint8_t>& frame);

/// True when `frame` ends in the CRC of the bytes before it (low byte first); false for frames under 3 bytes.
bool has_valid_crc16_modbus(std::span<const std::uint8_t> frame) noexcept;

} // namespace meterhub::modbus
