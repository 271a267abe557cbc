#include "meterhub/echonet/error.hpp"

namespace meterhub::echonet {

const char* to_string(echonet_errc code) noexcept {
  switch (code) {
    case echonet_errc::truncated:
      return "truncated";
    case echonet_errc::bad_header:
      return "bad_header";
    case echonet_errc::pdc_past_end:
      return "pdc_past_end";
    case echonet_errc::trailing_bytes:
      return "trailing_bytes";
    case echonet_errc::bad_size:
      return "bad_size";
    case echonet_errc::bad_value:
      return "bad_value";
    case echonet_errc::unknown_unit:
      return "unknown_unit";
    case echonet_errc::bad_argument:
      return "bad_argument";
  }
  return "unknown";
}

} // namespace meterhub::echonet
