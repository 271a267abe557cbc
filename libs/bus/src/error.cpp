#include "meterhub/bus/error.hpp"

namespace meterhub::bus {

const char* to_string(bus_errc code) noexcept {
  switch (code) {
    case bus_errc::io_error:
      return "io_error";
    case bus_errc::corrupt_queue:
      return "corrupt_queue";
    case bus_errc::record_too_large:
      return "record_too_large";
    case bus_errc::bad_settings:
      return "bad_settings";
    case bus_errc::not_connected:
      return "not_connected";
    case bus_errc::timeout:
      return "timeout";
  }
  return "unknown";
}

} // namespace meterhub::bus
