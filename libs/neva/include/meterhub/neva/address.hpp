#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/core/obis.hpp"

/// NEVA register addresses: OBIS value groups C, D, E, F written in hexadecimal (spec §4). A and B are never sent;
/// the platform adds them when it maps an address to the standard OBIS vocabulary.
namespace meterhub::neva {

/// One register as the meter numbers it: C.D.E*F, each group one byte. F = 0xFF is the current value; other F
/// values select an archive entry (a month, a day, a profile day).
struct register_address {
  std::uint8_t c = 0;
  std::uint8_t d = 0;
  std::uint8_t e = 0;
  std::uint8_t f = 0xFF;

  /// Builds an address from its groups, F = 0xFF unless given.
  static constexpr register_address of(std::uint8_t c, std::uint8_t d, std::uint8_t e,
                                       std::uint8_t f = 0xFF) noexcept {
    return register_address{c, d, e, f};
  }

  /// The same register with another F (an archive index).
  constexpr register_address with_f(std::uint8_t index) const noexcept { return {c, d, e, index}; }

  friend constexpr bool operator==(const register_address&, const register_address&) = default;
  friend constexpr auto operator<=>(const register_address&, const register_address&) = default;
};

/// Parses the notations users and documentation write: "1F.07.00*FF", "1f.07.00*ff", "1F.07.00" (F = FF) and the
/// wire form "1F0700FF". Each group is exactly two hex digits. Error `bad_address` for anything else.
caf::expected<register_address> parse_address(std::string_view text);

/// The 8 upper-case hex digits a read or write request carries ("1F0700FF").
std::string to_wire(register_address reg);

/// The dotted notation of the spec and the manual ("1F.07.00*FF"), for messages and logs.
std::string to_string(register_address reg);

/// True when the register measures an electrical quantity (A-B = 1-0); false for abstract data (A-B = 0-0: clock,
/// identifiers, status, temperature), which the spec's table marks by C = 0x00 or C = 0x60.
bool is_electrical(register_address reg) noexcept;

/// The standard OBIS code: each hex group converted to its value, A-B prepended by `is_electrical`
/// (1F.07.00*FF → 1-0:31.7.0, 60.09.00*FF → 0-0:96.9.0, 63.01.00*05 → 1-0:99.1.0*5).
obis_code to_obis(register_address reg) noexcept;

/// The canonical text of `to_obis` ("1-0:31.7.0", "1-0:99.1.0*5").
std::string to_obis_text(register_address reg);

} // namespace meterhub::neva
