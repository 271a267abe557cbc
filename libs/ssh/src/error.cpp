#include "meterhub/ssh/error.hpp"

namespace meterhub::ssh {

const char* to_string(ssh_errc code) noexcept {
  switch (code) {
    case ssh_errc::connect_failed:
      return "connect_failed";
    case ssh_errc::host_key_unknown:
      return "host_key_unknown";
    case ssh_errc::host_key_changed:
      return "host_key_changed";
    case ssh_errc::known_hosts_error:
      return "known_hosts_error";
    case ssh_errc::auth_refused:
      return "auth_refused";
    case ssh_errc::key_unreadable:
      return "key_unreadable";
    case ssh_errc::channel_failed:
      return "channel_failed";
    case ssh_errc::dropped:
      return "dropped";
    case ssh_errc::timeout:
      return "timeout";
    case ssh_errc::bad_settings:
      return "bad_settings";
  }
  return "unknown";
}

} // namespace meterhub::ssh
