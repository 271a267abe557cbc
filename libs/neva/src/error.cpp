#include "meterhub/neva/error.hpp"

namespace meterhub::neva {

const char* to_string(neva_errc code) noexcept {
  switch (code) {
    case neva_errc::bad_address:
      return "bad_address";
    case neva_errc::unknown_register:
      return "unknown_register";
    case neva_errc::wrong_count:
      return "wrong_count";
    case neva_errc::bad_format:
      return "bad_format";
    case neva_errc::out_of_range:
      return "out_of_range";
    case neva_errc::bad_text:
      return "bad_text";
    case neva_errc::not_neva:
      return "not_neva";
  }
  return "unknown";
}

} // namespace meterhub::neva
