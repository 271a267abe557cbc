#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

const char* to_string(um40_errc code) noexcept {
  switch (code) {
    case um40_errc::unknown_type:
      return "unknown_type";
    case um40_errc::unknown_tag:
      return "unknown_tag";
    case um40_errc::bad_value:
      return "bad_value";
    case um40_errc::bad_text:
      return "bad_text";
    case um40_errc::bad_output:
      return "bad_output";
    case um40_errc::bad_ini:
      return "bad_ini";
    case um40_errc::missing_setting:
      return "missing_setting";
    case um40_errc::unknown_meter:
      return "unknown_meter";
    case um40_errc::database:
      return "database";
  }
  return "unknown";
}

} // namespace meterhub::um40
