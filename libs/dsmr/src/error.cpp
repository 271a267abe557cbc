#include "meterhub/dsmr/error.hpp"

namespace meterhub::dsmr {

const char* to_string(dsmr_errc code) noexcept {
  switch (code) {
    case dsmr_errc::no_header:
      return "no_header";
    case dsmr_errc::bad_crc:
      return "bad_crc";
    case dsmr_errc::missing_crc:
      return "missing_crc";
    case dsmr_errc::malformed_line:
      return "malformed_line";
    case dsmr_errc::not_encrypted:
      return "not_encrypted";
    case dsmr_errc::bad_envelope:
      return "bad_envelope";
    case dsmr_errc::decryption_failed:
      return "decryption_failed";
  }
  return "unknown";
}

} // namespace meterhub::dsmr
