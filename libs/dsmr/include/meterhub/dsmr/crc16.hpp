#pragma once

#include <cstdint>
#include <string_view>

namespace meterhub::dsmr {

/// CRC-16/ARC (poly 0x8005 reflected, init 0, no final XOR) as DSMR 4+ telegrams carry it after the "!":
/// computed over every byte from the leading "/" through the "!" inclusive. crc16_arc("123456789") == 0xBB3D.
std::uint16_t crc16_arc(std::string_view bytes) noexcept;

/// Continues a CRC over more bytes, for telegrams that arrive in pieces.
std::uint16_t crc16_arc_update(std::uint16_t crc, std::string_view bytes) noexcept;

} // namespace meterhub::dsmr
