#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::modbus_export {

/// Why the Modbus export cannot start. Requests from SCADA clients never produce these: a bad request is answered
/// with a Modbus exception and counted (server_stats), because bytes from the network are handled, not fatal.
enum class export_errc : std::uint8_t {
  bad_map = 1,  ///< a register map that cannot be served: every problem with its key and reason in the detail
  bad_settings, ///< server settings that cannot be used (an allowlist entry, a limit, an empty bind address)
  io_error,     ///< the listening socket could not be opened or the server thread not started (errno text)
};

/// The code's name ("bad_map"), as the error's context starts with it.
const char* to_string(export_errc code) noexcept;

} // namespace meterhub::modbus_export

CAF_ERROR_CODE_ENUM(meterhub::modbus_export::export_errc, "mb_export") // atoms hold 10 characters
