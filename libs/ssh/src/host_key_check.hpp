#pragma once

#include <caf/error.hpp>
#include <libssh/libssh.h>

#include "meterhub/ssh/endpoint.hpp"

namespace meterhub::ssh::detail {

/// Checks the key the server presented in the handshake against known_hosts under `ep.host_keys`, and under
/// `accept_new` appends an unknown server's key. No error means the connection may go on to authenticate.
caf::error check_host_key(ssh_session session, const endpoint& ep);

} // namespace meterhub::ssh::detail
