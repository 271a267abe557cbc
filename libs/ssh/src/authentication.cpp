#include "authentication.hpp"

#include <libssh/callbacks.h>

#include "meterhub/ssh/error.hpp"

namespace meterhub::ssh::detail {

namespace {

/// The passphrase prompt libssh would show: answered with "no", so an encrypted key fails instead of waiting.
int refuse_passphrase(const char*, char*, size_t, int, int, void*) {
  return -1;
}

/// What an auth step's answer means for open(): nothing (go on), refused (try the next method), or an error.
enum class step { accepted, refused, failed };

step outcome(int rc) {
  switch (rc) {
    case SSH_AUTH_SUCCESS:
      return step::accepted;
    case SSH_AUTH_DENIED:
    case SSH_AUTH_PARTIAL: // one more method would be needed: this library offers no second factor
      return step::refused;
    default:
      return step::failed;
  }
}

caf::error failed(ssh_session session, const endpoint& ep, const char* method) {
  return make_error(ssh_errc::connect_failed,
                    where(ep) + ": " + method + " authentication did not complete: " + last_error(session));
}

} // namespace

caf::expected<key_ptr> load_identity(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return make_error(ssh_errc::key_unreadable, "identity file " + file.string() + " does not exist");
  ssh_key key = nullptr;
  const int rc = ssh_pki_import_privkey_file(file.c_str(), nullptr, refuse_passphrase, nullptr, &key);
  if (rc == SSH_OK && key != nullptr)
    return key_ptr{key};
  if (rc == SSH_EOF)
    return make_error(ssh_errc::key_unreadable, "identity file " + file.string() + " cannot be read");
  return make_error(ssh_errc::key_unreadable,
                    "identity file " + file.string() + " is not a private key or needs a passphrase");
}

caf::error authenticate(ssh_session session, const endpoint& ep, ssh_key key) {
  std::string refused;
  if (key != nullptr) {
    switch (outcome(ssh_userauth_publickey(session, nullptr, key))) {
      case step::accepted:
        return {};
      case step::failed:
        return failed(session, ep, "public key");
      case step::refused:
        refused = "the key " + ep.identity_file.string();
    }
  }
  if (!ep.password.empty()) {
    switch (outcome(ssh_userauth_password(session, nullptr, ep.password.c_str()))) {
      case step::accepted:
        return {};
      case step::failed:
        return failed(session, ep, "password");
      case step::refused:
        refused += (refused.empty() ? "" : " and ") + std::string{"the password"};
    }
  }
  return make_error(ssh_errc::auth_refused, where(ep) + " refused " + refused);
}

} // namespace meterhub::ssh::detail
