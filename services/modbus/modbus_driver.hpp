#pragma once

#include <memory>

#include "device_driver.hpp"

namespace meterhub::modbus_service {

/// The driver of a Modbus device: each group's requests planned once from its profile, read through libmodbus,
/// decoded by the profile (types, word order, scale, counters that wrap).
std::unique_ptr<device_driver> make_modbus_driver(const device_settings& device);

/// A register given by address rather than by name: "holding:100", "input:0x10/f32/CDAB", "coil:3", with the
/// type (default u16, or bool for the bit tables) and word order (default ABCD) after slashes.
caf::expected<profiles::register_def> parse_raw_register(std::string_view text);

} // namespace meterhub::modbus_service
