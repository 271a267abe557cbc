#pragma once

#include <memory>
#include <string>

#include <libssh/libssh.h>

/// Owning handles for the libssh objects this library keeps, and the small reads of libssh state every part needs.
namespace meterhub::ssh::detail {

struct key_free {
  void operator()(ssh_key key) const noexcept { ssh_key_free(key); }
};
using key_ptr = std::unique_ptr<ssh_key_struct, key_free>;

/// Ends the connection without waiting for the server (the session is nonblocking by then or already dead).
struct session_free {
  void operator()(ssh_session session) const noexcept {
    ssh_set_blocking(session, 0);
    ssh_disconnect(session);
    ssh_free(session);
  }
};
using session_ptr = std::unique_ptr<ssh_session_struct, session_free>;

/// libssh's last error text for the session, "" when it has none.
std::string last_error(ssh_session session);

/// True once the socket failed, the server disconnected, or libssh gave up on the session.
bool session_broken(ssh_session session);

/// "ssh-ed25519 SHA256:…" for a public key, as OpenSSH prints it; "unknown key" when libssh cannot hash it.
std::string describe_key(ssh_key key);

} // namespace meterhub::ssh::detail
