#include "meterhub/ssh/endpoint.hpp"

#include <cstdlib>

#include <pwd.h>
#include <unistd.h>

#include "meterhub/ssh/error.hpp"

namespace meterhub::ssh {

namespace {

/// True when `text` holds a space or a control character: no host or user name does, and libssh would pass such
/// text on to the server or the resolver.
bool has_blank(const std::string& text) {
  for (unsigned char c : text)
    if (c <= ' ' || c == 0x7f)
      return true;
  return false;
}

std::filesystem::path home_dir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return home;
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_dir != nullptr)
    return pw->pw_dir;
  return "/";
}

} // namespace

caf::error validate(const endpoint& ep) {
  if (ep.host.empty())
    return make_error(ssh_errc::bad_settings, "host is empty");
  if (has_blank(ep.host))
    return make_error(ssh_errc::bad_settings, "host '" + ep.host + "' contains blanks or control characters");
  if (ep.host.find('@') != std::string::npos) // libssh would take the part before '@' as the user
    return make_error(ssh_errc::bad_settings, "host '" + ep.host + "' contains '@': set the user on its own");
  if (ep.user.empty())
    return make_error(ssh_errc::bad_settings, "user is empty");
  if (has_blank(ep.user))
    return make_error(ssh_errc::bad_settings, "user '" + ep.user + "' contains blanks or control characters");
  if (ep.port < 1 || ep.port > 65535)
    return make_error(ssh_errc::bad_settings, "port " + std::to_string(ep.port) + " is not in 1..65535");
  if (ep.identity_file.empty() && ep.password.empty())
    return make_error(ssh_errc::bad_settings, "neither an identity file nor a password is set for " + where(ep));
  if (ep.connect_timeout.count() <= 0)
    return make_error(ssh_errc::bad_settings, "connect timeout must be positive");
  return {};
}

std::filesystem::path known_hosts_path(const endpoint& ep) {
  if (!ep.known_hosts.empty())
    return ep.known_hosts;
  return home_dir() / ".ssh" / "known_hosts";
}

std::string known_hosts_name(const std::string& host, int port) {
  if (port == 22)
    return host;
  return "[" + host + "]:" + std::to_string(port);
}

std::string where(const endpoint& ep) {
  return ep.user + "@" + ep.host + ":" + std::to_string(ep.port);
}

} // namespace meterhub::ssh
