#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus/value.hpp"
#include "meterhub/profiles/profile.hpp"

/// Writes by name: the `write` command and the CLI say "network_timeout = 30", the profile knows that this is
/// holding register 48, a u16, that the device accepts 0..600 and only function 16.
namespace meterhub::profiles {

/// One write to carry out.
struct write_request {
  modbus::table table = modbus::table::holding;
  std::uint16_t address = 0;
  /// The Modbus function to use: 0x06 (one register), 0x10 (several, or any when the device takes no single
  /// writes), 0x05 (one coil), 0x0F (coil, device takes no single writes).
  std::uint8_t function = 0x06;
  std::vector<std::uint16_t> registers; ///< holding: the encoded value, lowest address first
  bool coil = false;                    ///< coil: the state to write
};

/// Encodes `value` (in the register's published unit, e.g. seconds, watts) for register `name` of `p`: the
/// register must exist and be writable, the value must lie within its min/max and, unscaled (`scale_exponent` is
/// the current 10^sf of its scale register, if any), fit its type exactly. Bit fields are refused (writing one
/// would overwrite the other bits of the register). Errors: `modbus_errc::bad_profile` (no such register, not
/// writable, a bit field), `modbus_errc::out_of_range` (outside min/max, not a whole number of steps, not 0/1 for a
/// coil, does not fit the type).
caf::expected<write_request> encode_write(const profile& p, std::string_view name, double value,
                                          int scale_exponent = 0);

} // namespace meterhub::profiles
