#include "meterhub/modbus_export/error.hpp"

namespace meterhub::modbus_export {

const char* to_string(export_errc code) noexcept {
  switch (code) {
    case export_errc::bad_map:
      return "bad_map";
    case export_errc::bad_settings:
      return "bad_settings";
    case export_errc::io_error:
      return "io_error";
  }
  return "unknown";
}

} // namespace meterhub::modbus_export
