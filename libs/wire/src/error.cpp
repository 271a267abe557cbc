#include "meterhub/wire/error.hpp"

namespace meterhub::wire {

const char* to_string(wire_errc code) noexcept {
  switch (code) {
    case wire_errc::malformed_payload:
      return "malformed_payload";
    case wire_errc::invalid_device:
      return "invalid_device";
  }
  return "unknown";
}


} // namespace meterhub::wire
