#include "targets.hpp"

#include <fstream>
#include <sstream>

#include "meterhub/config/config.hpp"
#include "meterhub/um40/error.hpp"
#include "meterhub/um40/ini.hpp"

namespace meterhub::um40_service {

namespace {

caf::error bad_target(const std::string& spec, const std::string& why) {
  return make_error(um40::um40_errc::missing_setting, "--target " + spec + ": " + why);
}

caf::expected<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error(um40::um40_errc::missing_setting, "cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Host, port, user and password from a testers' settings.ini section (the maker's test suite keeps them there).
caf::error take_ini(ssh::endpoint& ep, const std::filesystem::path& file, const std::string& section) {
  auto text = read_file(file);
  if (!text)
    return text.error();
  auto ini = um40::parse_ini(*text);
  if (!ini)
    return ini.error();
  auto c = um40::connection_from_ini(*ini, section);
  if (!c)
    return c.error();
  ep.host = c->host;
  ep.port = c->port;
  ep.user = c->user;
  if (!c->password.empty())
    ep.password = c->password;
  return {};
}

um40::ssh_target_settings read_ssh_target(const config::reader& r) {
  r.allow_only({"name", "host", "port", "user", "identity_file", "password", "password_file", "password_env",
                "known_hosts", "host_keys", "connect_timeout", "settings_ini", "settings_section", "database",
                "sqlite3", "sudo", "timeout", "attempts"});
  um40::ssh_target_settings s;
  auto& ep = s.endpoint;
  ep.host = r.get<std::string>("host", "");
  ep.port = static_cast<int>(r.integer("port", 22, 1, 65535));
  ep.user = r.get<std::string>("user", "");
  ep.identity_file = r.path("identity_file");
  ep.password = r.secret("password");
  ep.known_hosts = r.path("known_hosts");
  if (auto policy = host_key_policy_of(r.choice("host_keys", "strict", {"strict", "accept_new", "accept_any"})))
    ep.host_keys = *policy;
  ep.connect_timeout = r.duration("connect_timeout", ep.connect_timeout);
  s.database = r.get<std::string>("database", s.database);
  s.sqlite3 = r.get<std::string>("sqlite3", s.sqlite3);
  s.sudo = r.get<bool>("sudo", false);
  s.timeout = r.duration("timeout", s.timeout);
  s.attempts = static_cast<int>(r.integer("attempts", s.attempts, 1, 100));
  if (auto ini = r.path("settings_ini"); !ini.empty()) {
    const auto section = r.get<std::string>("settings_section", "");
    if (section.empty())
      r.fail("settings_section", "names the section of settings_ini that describes this concentrator");
    else if (auto err = take_ini(ep, ini, section))
      r.fail("settings_ini", describe(err));
  }
  if (auto err = um40::shell_command(s); !err)
    r.fail("database", describe(err.error()));
  if (auto err = ssh::validate(ep))
    r.fail(ep.host.empty() ? "host" : "user", describe(err));
  return s;
}

} // namespace

caf::expected<ssh::host_key_policy> host_key_policy_of(const std::string& text) {
  if (text == "strict" || text == "yes")
    return ssh::host_key_policy::strict;
  if (text == "accept_new" || text == "accept-new")
    return ssh::host_key_policy::accept_new;
  if (text == "accept_any" || text == "no")
    return ssh::host_key_policy::accept_any;
  return make_error(um40::um40_errc::bad_value, "host keys: expected strict, accept_new or accept_any, got \"" +
                                                    text + "\"");
}

caf::expected<um40::ssh_target_settings> ssh_target_from_config(const std::filesystem::path& file,
                                                                const std::string& name) {
  auto doc = config::document::load_file(file);
  if (!doc)
    return doc.error();
  for (const auto& item : doc->root().items("targets")) {
    if (item.get<std::string>("name", "") != name)
      continue;
    auto s = read_ssh_target(item);
    if (auto err = doc->check())
      return err;
    return s;
  }
  return make_error(um40::um40_errc::missing_setting, file.string() + " has no target named \"" + name + "\"");
}

caf::expected<std::unique_ptr<um40::target>> open_target(const target_choice& choice) {
  const auto& spec = choice.spec;
  if (spec.rfind("local:", 0) == 0) {
    if (spec.size() == 6)
      return bad_target(spec, "expected local:PATH");
    return um40::open_local(spec.substr(6), true);
  }
  if (spec.rfind("ssh:", 0) != 0 || spec.size() == 4)
    return bad_target(spec, "expected local:PATH or ssh:NAME");
  const auto name = spec.substr(4);
  if (!choice.ini.empty()) {
    um40::ssh_target_settings s;
    if (auto err = take_ini(s.endpoint, choice.ini, name))
      return err;
    s.endpoint.identity_file = choice.identity_file;
    s.endpoint.known_hosts = choice.known_hosts;
    auto policy = host_key_policy_of(choice.host_keys);
    if (!policy)
      return policy.error();
    s.endpoint.host_keys = *policy;
    return um40::open_ssh(s);
  }
  if (choice.config.empty())
    return bad_target(spec, "an ssh target needs --config FILE (targets:) or --ini settings.ini");
  auto s = ssh_target_from_config(choice.config, name);
  if (!s)
    return s.error();
  return um40::open_ssh(*s);
}

} // namespace meterhub::um40_service
