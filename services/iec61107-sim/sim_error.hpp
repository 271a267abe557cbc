#pragma once

#include <cstdint>
#include <string>

#include "meterhub/core/error.hpp"

namespace meterhub::iec61107sim {

/// Why the imitator refuses something. The first three are also the codes of its error reply "(nn)" on the wire;
/// NEVA documents no code meanings (specs/iec61107-neva.md §2), these are the imitator's.
enum class sim_errc : std::uint8_t {
  unknown_register = 1,   ///< "(01)": the meter has no such register (also: a command it does not support)
  bad_value = 2,          ///< "(02)": a W1 value the register cannot take
  access_denied = 3,      ///< "(03)": a read-only register written, the write-only password read, writes disabled
                          ///< (bit 0 of 15.00.04*FF clear), or a request before the password was accepted
  bad_configuration = 16, ///< a command-line option or values-file line that does not fit (never on the wire)
};

const char* to_string(sim_errc code) noexcept;

/// The code of an error reply for `err`: its sim_errc value when it is one of the wire codes, else 1.
int wire_code(const caf::error& err) noexcept;

/// The detail of an error made by make_error ("'XYZ' is no register"), without category and code name, for nesting
/// one reason in another; describe() for other errors.
std::string reason_of(const caf::error& err);

} // namespace meterhub::iec61107sim

CAF_ERROR_CODE_ENUM(meterhub::iec61107sim::sim_errc, "iecsim")
