#include "handles.hpp"

namespace meterhub::ssh::detail {

std::string last_error(ssh_session session) {
  const char* text = ssh_get_error(session);
  return text != nullptr ? text : "";
}

bool session_broken(ssh_session session) {
  return ssh_is_connected(session) == 0 || (ssh_get_status(session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
}

std::string describe_key(ssh_key key) {
  const char* type = ssh_key_type_to_char(ssh_key_type(key));
  std::string out = type != nullptr ? type : "unknown-type";
  unsigned char* hash = nullptr;
  size_t hash_len = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hash_len) != SSH_OK)
    return out + " (no fingerprint)";
  char* fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hash_len);
  ssh_clean_pubkey_hash(&hash);
  if (fingerprint == nullptr)
    return out + " (no fingerprint)";
  out += ' ';
  out += fingerprint;
  ssh_string_free_char(fingerprint);
  return out;
}

} // namespace meterhub::ssh::detail
