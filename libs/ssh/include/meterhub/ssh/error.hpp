#pragma once

#include <cstdint>

#include "meterhub/core/error.hpp"

namespace meterhub::ssh {

/// Why an SSH connection or a remote command failed. The detail text says where (user@host:port), what libssh
/// reported and, for host keys, the key type, its SHA256 fingerprint and the known_hosts file; never a password.
enum class ssh_errc : std::uint8_t {
  connect_failed = 1, ///< the TCP connection or the SSH handshake failed or timed out
  host_key_unknown,   ///< the server is not in known_hosts and the policy does not accept new hosts
  host_key_changed,   ///< known_hosts lists another key for this host: a reinstalled box or an attack
  known_hosts_error,  ///< the known_hosts file could not be read or written
  auth_refused,       ///< the server refused the key and/or the password
  key_unreadable,     ///< the identity file is missing, unreadable, not a key, or protected by a passphrase
  channel_failed,     ///< the server refused a session channel or the exec request
  dropped,            ///< the connection or the channel ended before the command reported an exit status
  timeout,            ///< the command did not finish within its timeout
  bad_settings,       ///< settings that cannot work: empty host or user, port out of range, no key nor password
};

/// The code's name ("auth_refused"), as the error's context starts with it.
const char* to_string(ssh_errc code) noexcept;

} // namespace meterhub::ssh

CAF_ERROR_CODE_ENUM(meterhub::ssh::ssh_errc, "ssh")
