#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "meterhub/modbus/value.hpp"

/// How profiles write register addresses. Vendors number registers two ways: the protocol address (0-based,
/// often hex: 0x0048) and the "Modicon" register number, a table digit followed by the 1-based register (30073 is
/// input register address 72, 400001 holding address 0). Profiles accept both, with the second under its own key
/// (`register:`) so that 30001 can never be mistaken for address 30001.
namespace meterhub::profiles {

/// A protocol address: decimal ("72") or hex ("0x0048", "0X48"), 0 to 65535. Nullopt otherwise.
std::optional<std::uint16_t> parse_address(std::string_view text) noexcept;

/// A vendor register number: five digits (table digit 0/1/3/4, then 0001..9999) or six digits (table digit, then
/// 00001..65536). "30073" is (input, 72), "464513" is (holding, 64512), "00001" is (coil, 0). Nullopt for anything
/// else, including the table digit 2 and a register number 0.
std::optional<std::pair<modbus::table, std::uint16_t>> parse_vendor_register(std::string_view text) noexcept;

/// An inclusive address range "0x0060-0x0063" or "96-99" (first ≤ last). Nullopt otherwise.
std::optional<std::pair<std::uint16_t, std::uint16_t>> parse_address_range(std::string_view text) noexcept;

} // namespace meterhub::profiles
