#include "meterhub/iec61107/error.hpp"

namespace meterhub::iec61107 {

const char* to_string(iec61107_errc code) noexcept {
  switch (code) {
    case iec61107_errc::bad_bcc:
      return "bad_bcc";
    case iec61107_errc::malformed_message:
      return "malformed_message";
    case iec61107_errc::unexpected_message:
      return "unexpected_message";
    case iec61107_errc::no_answer:
      return "no_answer";
    case iec61107_errc::password_rejected:
      return "password_rejected";
    case iec61107_errc::register_error:
      return "register_error";
    case iec61107_errc::write_rejected:
      return "write_rejected";
    case iec61107_errc::bad_configuration:
      return "bad_configuration";
  }
  return "unknown";
}

} // namespace meterhub::iec61107
