#pragma once

#include <cstdint>

#include <caf/error.hpp>

#include "meterhub/core/error.hpp"

/// What the Route-B service reports beyond the codecs' own errors.
namespace meterhub::echonet_service {

enum class routeb_errc : std::uint8_t {
  no_answer = 1,  ///< the meter did not answer a request in time, on every transmission
  not_joined,     ///< the module has no PANA session to the meter (scanning, joining, lost)
  refused,        ///< the meter answered "not possible" (0x5x) for a property
  no_module,      ///< the port does not answer like a SKSTACK-IP module (SKINFO)
  bad_state,      ///< the state file could not be read or written
};

const char* to_string(routeb_errc code) noexcept;

} // namespace meterhub::echonet_service

CAF_ERROR_CODE_ENUM(meterhub::echonet_service::routeb_errc, "routeb")
