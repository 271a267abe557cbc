#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::neva {

/// Why a NEVA register address, reply text or identification was not taken. Every reply is bytes from the outside
/// world: the codec answers with one of these, never with an exception or an assert.
enum class neva_errc : std::uint8_t {
  bad_address = 1,  ///< not a register address in any accepted notation ("1F.07.00*FF", "1F0700FF")
  unknown_register, ///< an address the register table does not know, or an archive index (F) out of its range
  wrong_count,      ///< a list reply whose number of values differs from the register's fixed count
  bad_format,       ///< a value that does not have its register's format (letters, missing digits, wrong width)
  out_of_range,     ///< well-formed but impossible: month 13, power factor above 1, too many digits
  bad_text,         ///< text with bytes outside printable ASCII, or longer than the meter can store
  not_neva,         ///< an identification string that is not a NEVA meter's ("NEVAMT…")
};

/// The code's name ("wrong_count"), as the error's context starts with it.
const char* to_string(neva_errc code) noexcept;

} // namespace meterhub::neva

CAF_ERROR_CODE_ENUM(meterhub::neva::neva_errc, "neva")
