#include "meterhub/ssh/endpoint.hpp"

#include <cstdlib>

#include <catch2/catch.hpp>

#include "meterhub/ssh/error.hpp"

using namespace meterhub;
using namespace meterhub::ssh;

namespace {

endpoint usable() {
  endpoint ep;
  ep.host = "10.0.0.7";
  ep.user = "uspd";
  ep.identity_file = "/etc/meterhub/um40_ed25519";
  return ep;
}

/// The text of the bad_settings error `ep` gives ("" when it is valid; the test fails on another code).
std::string refusal(const endpoint& ep) {
  auto err = validate(ep);
  if (!err)
    return {};
  const auto text = describe(err);
  INFO(text);
  REQUIRE(text.rfind("ssh: bad_settings: ", 0) == 0);
  return text;
}

} // namespace

TEST_CASE("an endpoint with host, user and a key or a password is valid") {
  CHECK(refusal(usable()).empty());
  auto with_password = usable();
  with_password.identity_file.clear();
  with_password.password = "secret";
  CHECK(refusal(with_password).empty());
}

TEST_CASE("settings that cannot work name the setting") {
  auto ep = usable();
  ep.host.clear();
  CHECK(refusal(ep) == "ssh: bad_settings: host is empty");
  ep = usable();
  ep.host = "10.0.0.7 -oProxyCommand=x";
  CHECK(refusal(ep).find("host '10.0.0.7 -oProxyCommand=x' contains blanks") != std::string::npos);
  ep = usable();
  ep.host = "root@10.0.0.7";
  CHECK(refusal(ep) == "ssh: bad_settings: host 'root@10.0.0.7' contains '@': set the user on its own");
  ep = usable();
  ep.user.clear();
  CHECK(refusal(ep) == "ssh: bad_settings: user is empty");
  ep = usable();
  ep.port = 0;
  CHECK(refusal(ep) == "ssh: bad_settings: port 0 is not in 1..65535");
  ep.port = 65536;
  CHECK(refusal(ep) == "ssh: bad_settings: port 65536 is not in 1..65535");
  ep = usable();
  ep.identity_file.clear();
  CHECK(refusal(ep) == "ssh: bad_settings: neither an identity file nor a password is set for uspd@10.0.0.7:22");
  ep = usable();
  ep.connect_timeout = std::chrono::milliseconds{0};
  CHECK(refusal(ep) == "ssh: bad_settings: connect timeout must be positive");
}

TEST_CASE("known_hosts names a server by host alone on port 22, in brackets with any other port") {
  CHECK(known_hosts_name("10.0.0.7", 22) == "10.0.0.7");
  CHECK(known_hosts_name("127.0.0.1", 2222) == "[127.0.0.1]:2222");
  auto ep = usable();
  ep.port = 2222;
  CHECK(where(ep) == "uspd@10.0.0.7:2222");
}

TEST_CASE("the known_hosts file is the endpoint's own, or the one under HOME") {
  auto ep = usable();
  ep.known_hosts = "/var/lib/meterhub/known_hosts";
  CHECK(known_hosts_path(ep) == "/var/lib/meterhub/known_hosts");
  ep.known_hosts.clear();
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    CHECK(known_hosts_path(ep) == std::filesystem::path{home} / ".ssh" / "known_hosts");
  else
    CHECK(known_hosts_path(ep).filename() == "known_hosts");
}

TEST_CASE("ssh errors describe themselves with category and code name") {
  CHECK(describe(make_error(ssh_errc::auth_refused, "uspd@10.0.0.7:22 refused the password")) ==
        "ssh: auth_refused: uspd@10.0.0.7:22 refused the password");
  CHECK(std::string{to_string(ssh_errc::host_key_changed)} == "host_key_changed");
  CHECK(std::string{to_string(ssh_errc::bad_settings)} == "bad_settings");
}
