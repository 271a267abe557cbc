#include "meterhub/mirror/error.hpp"

namespace meterhub::mirror {

const char* to_string(mirror_errc code) noexcept {
  switch (code) {
    case mirror_errc::bad_settings:
      return "bad_settings";
    case mirror_errc::invalid_device:
      return "invalid_device";
    case mirror_errc::malformed_state:
      return "malformed_state";
    case mirror_errc::malformed_alert:
      return "malformed_alert";
    case mirror_errc::malformed_result:
      return "malformed_result";
    case mirror_errc::not_a_command_topic:
      return "not_a_command_topic";
    case mirror_errc::commands_disabled:
      return "commands_disabled";
    case mirror_errc::device_not_allowed:
      return "device_not_allowed";
    case mirror_errc::target_not_allowed:
      return "target_not_allowed";
    case mirror_errc::kind_not_allowed:
      return "kind_not_allowed";
    case mirror_errc::malformed_command:
      return "malformed_command";
    case mirror_errc::unknown_command:
      return "unknown_command";
    case mirror_errc::bad_registry:
      return "bad_registry";
  }
  return "unknown";
}

} // namespace meterhub::mirror
