#include "meterhub/ssh/known_hosts.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "handles.hpp"
#include "meterhub/ssh/error.hpp"

namespace meterhub::ssh {

namespace {

/// The key `line` lists for `name`, described; "" when the line is about another host or not a key line.
std::string key_on_line(const std::string& name, const std::string& line) {
  if (line.empty() || line[0] == '#')
    return {};
  ssh_knownhosts_entry* entry = nullptr;
  std::string out;
  if (ssh_known_hosts_parse_line(name.c_str(), line.c_str(), &entry) == SSH_OK && entry != nullptr &&
      entry->publickey != nullptr)
    out = detail::describe_key(entry->publickey);
  if (entry != nullptr)
    ssh_knownhosts_entry_free(entry);
  return out;
}

} // namespace

caf::expected<std::vector<std::string>> listed_keys(const std::filesystem::path& file, const std::string& name) {
  std::vector<std::string> keys;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return keys;
  if (std::filesystem::is_directory(file, ec))
    return make_error(ssh_errc::known_hosts_error, file.string() + " is a directory");
  std::ifstream in(file);
  if (!in)
    return make_error(ssh_errc::known_hosts_error, "cannot read " + file.string() + ": " + std::strerror(errno));
  for (std::string line; std::getline(in, line);)
    if (auto key = key_on_line(name, line); !key.empty())
      keys.push_back(std::move(key));
  return keys;
}

} // namespace meterhub::ssh
