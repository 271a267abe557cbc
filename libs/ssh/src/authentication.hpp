#pragma once

#include <filesystem>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "handles.hpp"
#include "meterhub/ssh/endpoint.hpp"

namespace meterhub::ssh::detail {

/// The private key in `file`, or `key_unreadable`. Never asks for a passphrase: a daemon has nobody to ask, and
/// OpenSSL's default would prompt on a terminal.
caf::expected<key_ptr> load_identity(const std::filesystem::path& file);

/// Logs in as `ep.user` with `key` (may be null) and then, when the key was refused or there is none, with
/// `ep.password`. `auth_refused` names the methods the server refused, never the password.
caf::error authenticate(ssh_session session, const endpoint& ep, ssh_key key);

} // namespace meterhub::ssh::detail
