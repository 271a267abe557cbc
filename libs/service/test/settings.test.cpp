// The sections every service shares (bus, http, log): values, unknown keys, broker URLs.
#include <catch2/catch.hpp>

#include "meterhub/service/service.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

config::document load(const std::string& yaml) {
  auto doc = config::document::load_string(yaml, "METERHUB_TEST_UNUSED", [](const std::string&) {
    return std::optional<std::string>{};
  });
  REQUIRE(doc);
  return *doc;
}

/// The problems reading `yaml`'s bus section records.
std::vector<std::string> bus_problems(const std::string& yaml, std::initializer_list<std::string_view> extra = {}) {
  auto doc = load(yaml);
  service::read_bus(doc.root().section("bus"), "p1", "0", "var/bus", extra);
  return doc.problems();
}

std::string url_problem(const std::string& url) {
  return service::bus_url_problem(url).value_or("");
}

} // namespace

TEST_CASE("the bus section reads every documented key") {
  auto doc = load("bus:\n  url: ssl://broker:8883\n  instance: box1\n  username: u\n  password: p\n  prefix: mh\n"
                  "  spool_max: 1MiB\n  inbox_max: 2MiB\n  session_expiry: 1h\n  keepalive: 30s\n"
                  "  tls: {ca_file: /ca.pem, cert_file: /c.pem, key_file: /k.pem, verify: false}\n");
  auto s = service::read_bus(doc.root().section("bus"), "p1", "1.0", "var/bus");
  CHECK(doc.problems().empty());
  CHECK(s.url == "ssl://broker:8883");
  CHECK(s.client_id == "p1-box1");
  CHECK(s.password == "p");
  CHECK(s.spool_limits.max_bytes == 1ull << 20);
  CHECK(s.inbox_limits.max_bytes == 2ull << 20);
  CHECK(s.session_expiry == 1h);
  CHECK(s.keepalive == 30s);
  CHECK(s.tls.cert_file == "/c.pem");
  CHECK_FALSE(s.tls.verify);
}

TEST_CASE("a misspelt key in bus, bus.tls, http or log is named with its full path") {
  auto doc = load("bus:\n  url: tcp://b:1883\n  pasword: x\n  tls: {ca_fil: /ca.pem}\n"
                  "http: {listen: '127.0.0.1:0', tokn: x}\nlog: {levle: debug}\n");
  auto root = doc.root();
  service::read_bus(root.section("bus"), "p1", "0", "var/bus");
  service::read_http(root.section("http"), "127.0.0.1:0");
  service::read_log(root.section("log"));
  const auto problems = doc.problems();
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "bus.pasword: unknown key (known keys: url, instance, client_id, username, password, "
                       "password_file, password_env, prefix, state_dir, spool_max, inbox_max, session_expiry, "
                       "keepalive, tls)");
  CHECK(problems[1] == "bus.tls.ca_fil: unknown key (known keys: ca_file, cert_file, key_file, verify)");
  CHECK(problems[2] ==
        "http.tokn: unknown key (known keys: listen, token, token_file, token_env, tls_cert, tls_key)");
  CHECK(problems[3] == "log.levle: unknown key (known keys: level, format)");
}

TEST_CASE("a service's own bus keys are allowed only where it says so") {
  CHECK(bus_problems("bus: {group: storage}\n", {"group"}).empty());
  const auto problems = bus_problems("bus: {group: storage}\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("bus.group: unknown key (known keys: url, ", 0) == 0);
}

TEST_CASE("the broker URL takes every scheme Paho accepts, with a port") {
  for (const auto* url : {"tcp://127.0.0.1:1883", "mqtt://broker.lan:1883", "ssl://broker:8883",
                          "mqtts://broker:8883", "ws://broker:8080", "ws://broker:8080/mqtt", "wss://b:443/mqtt",
                          "tcp://[::1]:1883"}) {
    INFO(url);
    CHECK(url_problem(url).empty());
  }
  for (auto scheme : service::bus_url_schemes) // uses_tls agrees with the list on which schemes mean TLS
    CHECK(bus::uses_tls(std::string{scheme} + "://b:1") == (scheme == "ssl" || scheme == "mqtts" || scheme == "wss"));
}

TEST_CASE("a bad broker URL is rejected with the reason and the accepted schemes") {
  CHECK(url_problem("localhost") ==
        "expected tcp://host:port or ssl://host:port, got \"localhost\" (schemes: tcp, mqtt, ws, ssl, mqtts, wss)");
  CHECK(url_problem("http://b:1883") ==
        "unsupported scheme \"http\", got \"http://b:1883\" (schemes: tcp, mqtt, ws, ssl, mqtts, wss)");
  CHECK(url_problem("TCP://b:1883").rfind("unsupported scheme \"TCP\"", 0) == 0); // Paho compares exactly
  CHECK(url_problem("tcp://b") == "missing port (as in tcp://b:1883), got \"tcp://b\"");
  CHECK(url_problem("ssl://b") == "missing port (as in ssl://b:8883), got \"ssl://b\"");
  CHECK(url_problem("tcp://b:") == "expected a port from 1 to 65535, got \"tcp://b:\"");
  CHECK(url_problem("tcp://b:99999") == "expected a port from 1 to 65535, got \"tcp://b:99999\"");
  CHECK(url_problem("tcp://b:0") == "expected a port from 1 to 65535, got \"tcp://b:0\"");
  CHECK(url_problem("tcp://b:18x3") == "expected a port from 1 to 65535, got \"tcp://b:18x3\"");
  CHECK(url_problem("tcp://:1883") == "missing host, got \"tcp://:1883\"");
  CHECK(url_problem("tcp://b:1883/x") == "a path is only allowed with ws:// and wss://, got \"tcp://b:1883/x\"");
  CHECK(url_problem("tcp://::1:1883") ==
        "an IPv6 host goes in brackets (as in tcp://[::1]:1883), got \"tcp://::1:1883\"");
  CHECK(url_problem("tcp://[::1]") == "missing port (as in tcp://[::1]:1883), got \"tcp://[::1]\"");
}

TEST_CASE("a password in the broker URL is refused and never echoed") {
  const auto problem = url_problem("mqtt://user:s3cret@b:1883");
  CHECK(problem == "the user name and password belong in bus.username and bus.password, got "
                   "\"mqtt://user:***@b:1883\"");
  CHECK(problem.find("s3cret") == std::string::npos);
}

TEST_CASE("bus problems name the key: url, client certificate halves") {
  const auto problems = bus_problems("bus: {url: 'tcp://b', tls: {cert_file: /c.pem}}\n");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "bus.url: missing port (as in tcp://b:1883), got \"tcp://b\"");
  CHECK(problems[1] == "bus.tls.key_file: cert_file and key_file go together");
}

TEST_CASE("an empty instance or client id means the default, as the sample configs say") {
  auto doc = load("bus: {instance: '', client_id: ''}\n");
  auto s = service::read_bus(doc.root().section("bus"), "storage", "0", "var/bus");
  CHECK(doc.problems().empty());
  CHECK(s.instance == service::host_name());
  CHECK(s.client_id == "storage-" + service::host_name());
  CHECK(bus_problems("bus: {instance: 'a/b'}\n") ==
        std::vector<std::string>{"bus.instance: expected a name without /, + or # (it is part of a topic), got "
                                 "\"a/b\""});
}
