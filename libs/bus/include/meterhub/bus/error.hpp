#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::bus {

/// Why the bus or its on-disk queues failed.
enum class bus_errc : std::uint8_t {
  io_error = 1,      ///< a file of the spool or inbox could not be read or written
  corrupt_queue,     ///< a queue file is damaged beyond the torn tail that recovery repairs
  record_too_large,  ///< a record exceeds the segment size
  bad_settings,      ///< the bus settings are inconsistent (URL, TLS files, ids)
  not_connected,     ///< a request needs the broker and the broker is unreachable
  timeout,           ///< no response within the deadline
};

const char* to_string(bus_errc code) noexcept;

} // namespace meterhub::bus

CAF_ERROR_CODE_ENUM(meterhub::bus::bus_errc, "bus")
