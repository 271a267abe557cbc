#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <caf/error.hpp>

namespace meterhub::ssh {

/// What to do with a server's host key, as OpenSSH's StrictHostKeyChecking: a concentrator in the field must not
/// talk to a box that merely claims its address, but a first contact may be trusted on purpose.
enum class host_key_policy {
  strict,     ///< "yes": only hosts already in known_hosts
  accept_new, ///< "accept-new": unknown hosts are appended to known_hosts; a changed key is still refused
  accept_any, ///< "no": no check at all (tests, throw-away boxes)
};

/// Where to connect and how to prove who we are. The password is the caller's: it read it from a file or the
/// environment, and this library never logs it nor puts it into an error.
struct endpoint {
  std::string host;                    ///< name or address of the remote box
  int port = 22;                       ///< the server's SSH port
  std::string user;                    ///< the account the command runs as
  std::filesystem::path identity_file; ///< private key (no passphrase); used when set
  std::string password;                ///< used when set, also after a refused key when both are set
  std::filesystem::path known_hosts;   ///< empty: $HOME/.ssh/known_hosts
  host_key_policy host_keys = host_key_policy::strict;
  std::chrono::milliseconds connect_timeout{10'000}; ///< bounds the TCP connect, the handshake and each auth step
};

/// A `bad_settings` error naming the first setting that cannot work (empty host or user, a port outside 1..65535,
/// neither identity file nor password, a timeout that is not positive); no error when all can.
caf::error validate(const endpoint& ep);

/// The known_hosts file `ep` uses: its own, or $HOME/.ssh/known_hosts (the passwd entry's home without $HOME).
std::filesystem::path known_hosts_path(const endpoint& ep);

/// How known_hosts names a server: "host" on port 22, "[host]:port" otherwise (as OpenSSH and libssh write it).
std::string known_hosts_name(const std::string& host, int port);

/// "user@host:port", the form every message about a connection uses.
std::string where(const endpoint& ep);

} // namespace meterhub::ssh
