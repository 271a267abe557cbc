#include "error.hpp"

namespace meterhub::echonet_service {

const char* to_string(routeb_errc code) noexcept {
  switch (code) {
    case routeb_errc::no_answer:
      return "no_answer";
    case routeb_errc::not_joined:
      return "not_joined";
    case routeb_errc::refused:
      return "refused";
    case routeb_errc::no_module:
      return "no_module";
    case routeb_errc::bad_state:
      return "bad_state";
  }
  return "unknown";
}

} // namespace meterhub::echonet_service
