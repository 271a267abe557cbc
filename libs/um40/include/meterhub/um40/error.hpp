#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::um40 {

/// Why a UM-40 `meter.db` operation was refused. Type names, tags and values come from users and from the bus, and
/// the sqlite3 shell's output and `settings.ini` come from outside: each mistake is one of these, never an exception.
enum class um40_errc : std::uint8_t {
  unknown_type = 1, ///< not an ArchTypes name (nor MeterTable), or not one this operation takes
  unknown_tag,      ///< a tag the record type does not have ("A+5", "UD")
  bad_value,        ///< a value of the wrong kind for its tag (text for a number, 2 for a flag, NaN)
  bad_text,         ///< text that cannot be written as an SQL literal (a NUL byte)
  bad_output,       ///< the sqlite3 shell printed something that is not the rows it was asked for
  bad_ini,          ///< a settings.ini line that is neither a section, a key, a comment nor blank
  missing_setting,  ///< a settings.ini section or key that is needed and absent
  unknown_meter,    ///< no MeterTable row with that MeterId
  database,         ///< the database refused a statement (its own message follows)
};

/// The code's name ("unknown_tag"), as the error's context starts with it.
const char* to_string(um40_errc code) noexcept;

} // namespace meterhub::um40

CAF_ERROR_CODE_ENUM(meterhub::um40::um40_errc, "um40")
