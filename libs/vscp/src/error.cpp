#include "meterhub/vscp/error.hpp"

namespace meterhub::vscp {

const char* to_string(vscp_errc code) noexcept {
  switch (code) {
    case vscp_errc::syntax:
      return "syntax";
    case vscp_errc::missing_section:
      return "missing_section";
    case vscp_errc::bad_value:
      return "bad_value";
    case vscp_errc::bad_guid:
      return "bad_guid";
    case vscp_errc::bad_mac:
      return "bad_mac";
    case vscp_errc::bad_topic:
      return "bad_topic";
    case vscp_errc::bad_interpolation:
      return "bad_interpolation";
    case vscp_errc::bad_mapping:
      return "bad_mapping";
  }
  return "unknown";
}

} // namespace meterhub::vscp
