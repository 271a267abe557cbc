#include "meterhub/mercury/error.hpp"

namespace meterhub::mercury {

const char* to_string(mercury_errc code) noexcept {
  switch (code) {
    case mercury_errc::invalid_command:
      return "invalid_command";
    case mercury_errc::internal_error:
      return "internal_error";
    case mercury_errc::access_denied:
      return "access_denied";
    case mercury_errc::clock_already_corrected:
      return "clock_already_corrected";
    case mercury_errc::channel_not_open:
      return "channel_not_open";
    case mercury_errc::unknown_status:
      return "unknown_status";
    case mercury_errc::bad_crc:
      return "bad_crc";
    case mercury_errc::bad_length:
      return "bad_length";
    case mercury_errc::wrong_address:
      return "wrong_address";
    case mercury_errc::bad_value:
      return "bad_value";
    case mercury_errc::empty_record:
      return "empty_record";
    case mercury_errc::bad_argument:
      return "bad_argument";
  }
  return "unknown";
}

std::optional<mercury_errc> status_error(std::uint8_t status) noexcept {
  const auto code = static_cast<std::uint8_t>(status & 0x0F);
  if (code == 0)
    return std::nullopt;
  if (code <= 5)
    return static_cast<mercury_errc>(code);
  return mercury_errc::unknown_status;
}

} // namespace meterhub::mercury
