#include "host_key_check.hpp"

#include "handles.hpp"
#include "meterhub/ssh/error.hpp"
#include "meterhub/ssh/known_hosts.hpp"

namespace meterhub::ssh::detail {

namespace {

/// The server's host key as messages show it.
std::string offered_key(ssh_session session) {
  ssh_key key = nullptr;
  if (ssh_get_server_publickey(session, &key) != SSH_OK || key == nullptr)
    return "an unreadable key";
  key_ptr owned{key};
  return describe_key(key);
}

std::string listed_keys_text(const endpoint& ep, const std::filesystem::path& file) {
  auto keys = listed_keys(file, known_hosts_name(ep.host, ep.port));
  if (!keys || keys->empty())
    return "another key";
  std::string out;
  for (const auto& key : *keys)
    out += (out.empty() ? "" : ", ") + key;
  return out;
}

caf::error changed(ssh_session session, const endpoint& ep, const std::filesystem::path& file) {
  return make_error(ssh_errc::host_key_changed,
                    where(ep) + " offers " + offered_key(session) + " but " + file.string() + " lists " +
                      listed_keys_text(ep, file) + " for " + known_hosts_name(ep.host, ep.port) +
                      ": the box was reinstalled or someone is in between; replace the line only if you know which");
}

caf::error unknown(ssh_session session, const endpoint& ep, const std::filesystem::path& file) {
  const auto offered = offered_key(session);
  if (ep.host_keys == host_key_policy::strict)
    return make_error(ssh_errc::host_key_unknown, where(ep) + " offers " + offered + ", which " + file.string() +
                                                    " does not list for " + known_hosts_name(ep.host, ep.port));
  if (ssh_session_update_known_hosts(session) != SSH_OK)
    return make_error(ssh_errc::known_hosts_error,
                      "cannot add " + offered + " of " + where(ep) + " to " + file.string() + ": " +
                        last_error(session));
  return {};
}

/// libssh counts a known_hosts file it cannot read as "host unknown"; reading it first tells the two apart.
caf::error readable(const std::filesystem::path& file) {
  auto keys = listed_keys(file, {});
  return keys ? caf::error{} : std::move(keys.error());
}

} // namespace

caf::error check_host_key(ssh_session session, const endpoint& ep) {
  if (ep.host_keys == host_key_policy::accept_any)
    return {};
  const auto file = known_hosts_path(ep);
  if (auto err = readable(file))
    return err;
  switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
      return {};
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: // a key of another type only: OpenSSH refuses that as well
      return changed(session, ep, file);
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      return unknown(session, ep, file);
    case SSH_KNOWN_HOSTS_ERROR:
      break;
  }
  return make_error(ssh_errc::known_hosts_error,
                    "cannot check the host key of " + where(ep) + " against " + file.string() + ": " +
                      last_error(session));
}

} // namespace meterhub::ssh::detail
