#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::vscp {

/// Why a config.ini, a GUID, a MAC, a topic template or a set of VSCP settings was refused. The text of the error
/// (see `meterhub::make_error`) names the key ("VSCP.zone", "custom[2].scale") and the reason, so the bridge can stop
/// at start with exactly that message (STYLE.md §3).
enum class vscp_errc : std::uint8_t {
  syntax = 1,        ///< text Python's configparser refuses: no section header, a line without `=`/`:`, duplicates
  missing_section,   ///< GENERAL, VSCP or MQTT is absent (the script stops with KeyError)
  bad_value,         ///< a value the key does not allow: not an integer, out of range, empty host
  bad_guid,          ///< not 16 hexadecimal bytes joined by `:`
  bad_mac,           ///< not 6 hexadecimal bytes joined by `:` or `-`
  bad_topic,         ///< a topic template with a placeholder other than {xguid}, {xclass}, {xtype} or a lone brace
  bad_interpolation, ///< a `%` that configparser's BasicInterpolation refuses, an unknown %(name)s, a loop
  bad_mapping,       ///< a custom mapping that cannot be published (duplicate quantity, class, scale)
};

/// The code's name ("bad_guid"), as the error's context starts with it.
const char* to_string(vscp_errc code) noexcept;

} // namespace meterhub::vscp

CAF_ERROR_CODE_ENUM(meterhub::vscp::vscp_errc, "vscp")
