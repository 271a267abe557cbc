#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::wire {

/// Why bytes from the bus could not be taken.
enum class wire_errc : std::uint8_t {
  malformed_payload = 1, ///< not the protobuf message the topic promises
  invalid_device,        ///< device id outside [a-z0-9][a-z0-9_.-]*
};

const char* to_string(wire_errc code) noexcept;

} // namespace meterhub::wire

CAF_ERROR_CODE_ENUM(meterhub::wire::wire_errc, "wire")
