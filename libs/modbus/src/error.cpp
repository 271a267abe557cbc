#include "meterhub/modbus/error.hpp"

#include <string>

namespace meterhub::modbus {

const char* to_string(modbus_errc code) noexcept {
  switch (code) {
    case modbus_errc::illegal_function:
      return "illegal_function";
    case modbus_errc::illegal_data_address:
      return "illegal_data_address";
    case modbus_errc::illegal_data_value:
      return "illegal_data_value";
    case modbus_errc::server_device_failure:
      return "server_device_failure";
    case modbus_errc::acknowledge:
      return "acknowledge";
    case modbus_errc::server_device_busy:
      return "server_device_busy";
    case modbus_errc::negative_acknowledge:
      return "negative_acknowledge";
    case modbus_errc::memory_parity_error:
      return "memory_parity_error";
    case modbus_errc::gateway_path_unavailable:
      return "gateway_path_unavailable";
    case modbus_errc::gateway_target_failed:
      return "gateway_target_failed";
    case modbus_errc::unknown_exception:
      return "unknown_exception";
    case modbus_errc::bad_value:
      return "bad_value";
    case modbus_errc::out_of_range:
      return "out_of_range";
    case modbus_errc::bad_frame:
      return "bad_frame";
    case modbus_errc::timeout:
      return "timeout";
    case modbus_errc::io_error:
      return "io_error";
    case modbus_errc::bad_profile:
      return "bad_profile";
  }
  return "unknown";
}

bool is_exception(modbus_errc code) noexcept {
  auto n = static_cast<unsigned>(code);
  return (n >= 1 && n <= 8) || n == 10 || n == 11 || code == modbus_errc::unknown_exception;
}

caf::error exception_error(std::uint8_t exception_code, std::string_view detail) {
  auto code = static_cast<modbus_errc>(exception_code);
  if (exception_code != 0 && is_exception(code) && code != modbus_errc::unknown_exception)
    return make_error(code, detail);
  // Code 9 and anything above 11 are not defined by the specification (V1.1b3 §7): keep the number.
  std::string text = "exception code " + std::to_string(exception_code);
  if (!detail.empty()) {
    text += ", ";
    text.append(detail);
  }
  return make_error(modbus_errc::unknown_exception, text);
}

} // namespace meterhub::modbus
