#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <caf/expected.hpp>

namespace meterhub::ssh {

/// The keys a known_hosts file lists for the server `name` (as `known_hosts_name()` spells it), each as
/// "ssh-ed25519 SHA256:…", in file order; hashed entries match too. libssh only says *that* a key changed, so this
/// is how the `host_key_changed` message can show the old key next to the one the server offers. Lines libssh
/// cannot parse (comments, markers, damaged keys) are skipped. A missing file lists nothing; a file that exists
/// but cannot be read is a `known_hosts_error`.
caf::expected<std::vector<std::string>> listed_keys(const std::filesystem::path& file, const std::string& name);

} // namespace meterhub::ssh
