#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack {

const char* to_string(skstack_errc code) noexcept {
  switch (code) {
    case skstack_errc::unknown_line:
      return "unknown_line";
    case skstack_errc::bad_field:
      return "bad_field";
    case skstack_errc::bad_address:
      return "bad_address";
    case skstack_errc::bad_length:
      return "bad_length";
    case skstack_errc::incomplete_block:
      return "incomplete_block";
    case skstack_errc::bad_argument:
      return "bad_argument";
    case skstack_errc::command_failed:
      return "command_failed";
    case skstack_errc::timeout:
      return "timeout";
    case skstack_errc::join_failed:
      return "join_failed";
    case skstack_errc::no_pan_found:
      return "no_pan_found";
    case skstack_errc::queue_full:
      return "queue_full";
    case skstack_errc::send_failed:
      return "send_failed";
    case skstack_errc::session_lost:
      return "session_lost";
  }
  return "unknown";
}

} // namespace meterhub::skstack
