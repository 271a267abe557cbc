#pragma once

#include <cstdint>
#include <string_view>

#include "meterhub/core/error.hpp"

namespace meterhub::modbus {

/// Why a Modbus exchange or a register block was not taken. Values 1..11 are the Modbus exception codes as a device
/// returns them (Modbus Application Protocol V1.1b3 §7), so `static_cast<modbus_errc>(code)` names the exception;
/// the rest are the codec's own.
enum class modbus_errc : std::uint8_t {
  illegal_function = 1,
  illegal_data_address = 2,
  illegal_data_value = 3,
  server_device_failure = 4,
  acknowledge = 5,
  server_device_busy = 6,
  negative_acknowledge = 7,
  memory_parity_error = 8,
  gateway_path_unavailable = 10,
  gateway_target_failed = 11,
  unknown_exception = 32, ///< an exception code the specification does not define (the detail gives the number)
  bad_value,              ///< registers that do not hold a value of their type (BCD digit > 9, NaN, too few)
  out_of_range,           ///< a value that does not fit its type on encode
  bad_frame,              ///< a captured RTU/TCP frame that is malformed (length, CRC, MBAP)
  timeout,                ///< no answer within the response timeout
  io_error,               ///< the line or connection failed (libmodbus's errno text in the detail)
  bad_profile,            ///< a device profile that cannot be used (file, key and reason in the detail)
};

/// The code's name: "illegal_data_address", "bad_value", ...
const char* to_string(modbus_errc code) noexcept;

/// The error for a Modbus exception code received from a device: codes 1..11 map onto their own names, anything
/// else is `unknown_exception` with the number in the detail.
caf::error exception_error(std::uint8_t exception_code, std::string_view detail = {});

/// True when `code` is a Modbus exception returned by the device (as opposed to a timeout or a line failure): the
/// device is alive and answering.
bool is_exception(modbus_errc code) noexcept;

} // namespace meterhub::modbus

CAF_ERROR_CODE_ENUM(meterhub::modbus::modbus_errc, "modbus")
