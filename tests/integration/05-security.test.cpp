// TLS and authentication on every network surface, against real servers: the bus over TLS with a user name and
// password (and a client certificate), the gateway's and storage's gRPC with TLS and bearer tokens, and the metrics
// endpoint over HTTPS with a token. Each option is shown to work, and to fail clearly when it is wrong: a log line,
// a health reason, an exit status, never a crash. Keys and certificates are made in the test's temporary folder.
#include <fstream>
#include <memory>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <sys/stat.h>

#include "meterhub/testing/process.hpp"
#include "platform.hpp"
#include "security_broker.hpp"
#include "security_pki.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

// Distinctive values, so that finding one in a log cannot be a coincidence.
const std::string bus_user = "meter-bus";
const std::string bus_password = "bus-pw-7f3a9c2e";
const std::string gateway_token = "gw-token-51e0d2b4";
const std::string storage_token = "st-token-a94c17f0";
const std::string http_token = "http-token-c3b8e6d1";

/// The simulator's default meter, as meterhub-p1 names it.
const std::string device = "p1-e0043007123456719";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Writes `value` to `{dir}/{name}`, readable by its owner only, as a secret is handed to a service.
std::filesystem::path secret_file(const testing::temp_dir& dir, const std::string& name, const std::string& value) {
  const auto path = dir / name;
  std::ofstream(path) << value << "\n";
  ::chmod(path.c_str(), 0600);
  return path;
}

/// `program run ARGS` with `env` ("NAME=value") added; debug logging, so a secret a service printed at any level
/// would be in its stderr.
std::unique_ptr<testing::process> start(const testing::temp_dir& dir, const std::string& program,
                                        const std::string& name, std::vector<std::string> env,
                                        std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/env", "METERHUB_LOG__LEVEL=debug"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(testing::program(program).string());
  argv.push_back("run");
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<testing::process>(argv, dir.path(), name);
}

/// How a service reaches the broker: the `bus` keys as environment overrides.
struct bus_access {
  explicit bus_access(std::string url_, std::filesystem::path ca = {}, std::filesystem::path password = {},
                      std::string verify_ = {})
    : url(std::move(url_)), ca_file(std::move(ca)), password_file(std::move(password)), verify(std::move(verify_)) {
  }

  std::string url;
  std::filesystem::path ca_file;
  std::filesystem::path password_file;
  std::string verify; ///< bus.tls.verify when not empty
  cert_files client;  ///< bus.tls.cert_file / key_file when not empty

  std::vector<std::string> env(const testing::temp_dir& dir, const std::string& name, int http_port) const {
    std::vector<std::string> out{"METERHUB_BUS__URL=" + url, "METERHUB_BUS__STATE_DIR=" + (dir / name).string(),
                                 "METERHUB_BUS__INSTANCE=" + name,
                                 "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http_port)};
    if (!ca_file.empty())
      out.push_back("METERHUB_BUS__TLS__CA_FILE=" + ca_file.string());
    if (!password_file.empty()) {
      out.push_back("METERHUB_BUS__USERNAME=" + bus_user);
      out.push_back("METERHUB_BUS__PASSWORD_FILE=" + password_file.string());
    }
    if (!verify.empty())
      out.push_back("METERHUB_BUS__TLS__VERIFY=" + verify);
    if (!client.cert.empty()) {
      out.push_back("METERHUB_BUS__TLS__CERT_FILE=" + client.cert.string());
      out.push_back("METERHUB_BUS__TLS__KEY_FILE=" + client.key.string());
    }
    return out;
  }
};

/// meterhub-storage on `bus` with its own database; `extra` adds query/http keys. Its metrics port is `http_port`.
std::unique_ptr<testing::process> start_storage(const testing::temp_dir& dir, const std::string& name,
                                                const bus_access& bus, int http_port, int query_port,
                                                std::vector<std::string> extra = {}) {
  auto env = bus.env(dir, name, http_port);
  env.insert(env.end(), extra.begin(), extra.end());
  return start(dir, "meterhub-storage", name, env,
               {"--db", (dir / (name + "-db") / "meterhub.db").string(), "--listen",
                "127.0.0.1:" + std::to_string(query_port)});
}

/// The body of GET http://127.0.0.1:`port``path` ("" when nothing answers).
std::string http_get(int port, const std::string& path) {
  httplib::Client client{"127.0.0.1", port};
  client.set_connection_timeout(2);
  auto res = client.Get(path.c_str());
  return res ? res->body : std::string{};
}

/// The exact sample line of `meterhub_bus_connected` in a service's /metrics, as a scraper reads it.
bool bus_connected_is(int http_port, int value) {
  return contains(metrics_of(http_port), "\nmeterhub_bus_connected " + std::to_string(value) + "\n");
}

/// What `processes` (name, process) wrote to stderr, for the message of a failed check.
std::string logs(std::initializer_list<std::pair<const char*, testing::process*>> processes) {
  std::string out;
  for (const auto& [name, p] : processes)
    out += std::string{"--- "} + name + " stderr:\n" + p->stderr_text();
  return out;
}

/// Number of (non-overlapping) occurrences of `part` in `text`.
std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size()))
    ++n;
  return n;
}

/// Checks that no secret appears in what `p` wrote.
void check_no_secrets(testing::process& p, const std::string& what) {
  const auto output = p.stderr_text() + p.stdout_text();
  INFO(what << " wrote:\n" << output);
  for (const auto& secret : {bus_password, gateway_token, storage_token, http_token})
    CHECK_FALSE(contains(output, secret));
}

/// How a meterhubctl run ended.
struct ctl_result {
  int exit_code;
  std::string out, err;
};

std::ostream& operator<<(std::ostream& out, const ctl_result& r) {
  return out << "meterhubctl exited with " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err;
}

/// meterhubctl with `args`, to the end. METERHUB_TOKEN and METERHUB_GATEWAY are cleared, so only the arguments
/// say where to go and with which token.
ctl_result run_ctl(const testing::temp_dir& dir, std::vector<std::string> args) {
  static int runs = 0;
  std::vector<std::string> argv{"/usr/bin/env", "-u", "METERHUB_TOKEN", "-u", "METERHUB_GATEWAY",
                                testing::program("meterhubctl").string(), "--timeout", "5"};
  argv.insert(argv.end(), args.begin(), args.end());
  testing::process p{argv, dir.path(), "ctl-" + std::to_string(runs++)};
  if (!p.wait_exit(20s)) {
    p.kill_hard();
    return {-1, p.stdout_text(), "meterhubctl did not finish: " + p.stderr_text()};
  }
  return {p.exit_code(), p.stdout_text(), p.stderr_text()};
}

/// The meter simulator on a free TCP port; returns its port.
int start_sim(const testing::temp_dir& dir, std::unique_ptr<testing::process>& sim) {
  sim = std::make_unique<testing::process>(
    std::vector<std::string>{testing::program("meterhub-p1-sim").string(), "--tcp-listen", "127.0.0.1:0",
                             "--interval", "250ms", "--start", "2024-06-03T10:00:00Z"},
    dir.path(), "sim");
  if (!testing::eventually([&] { return contains(sim->stdout_text(), "tcp: "); }, 10s))
    throw std::runtime_error("simulator did not start: " + sim->stderr_text());
  const auto out = sim->stdout_text();
  return std::stoi(out.substr(out.rfind(':') + 1));
}

} // namespace

TEST_CASE("security: readings travel over a TLS bus with a password, and through TLS gRPC with tokens") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "platform"};
  const auto broker_cert = ca.issue("broker");
  const auto storage_cert = ca.issue("storage");
  const auto gateway_cert = ca.issue("gateway");
  tls_broker broker{dir.path(), ca, broker_cert, {bus_user, bus_password}};
  const bus_access bus{broker.url(), ca.cert(), secret_file(dir, "bus-password", bus_password)};
  const auto storage_token_file = secret_file(dir, "storage-token", storage_token);
  const auto gateway_token_file = secret_file(dir, "gateway-token", gateway_token);

  std::unique_ptr<testing::process> sim;
  const int sim_port = start_sim(dir, sim);
  const int p1_http = testing::free_port(), storage_http = testing::free_port(), gateway_http = testing::free_port();
  const int query_port = testing::free_port(), grpc_port = testing::free_port();
  auto storage = start_storage(dir, "storage", bus, storage_http, query_port,
                               {"METERHUB_QUERY__TLS_CERT=" + storage_cert.cert.string(),
                                "METERHUB_QUERY__TLS_KEY=" + storage_cert.key.string(),
                                "METERHUB_QUERY__TOKEN_FILE=" + storage_token_file.string()});
  auto p1 = start(dir, "meterhub-p1", "p1", bus.env(dir, "p1", p1_http),
                  {"--port", "tcp://127.0.0.1:" + std::to_string(sim_port)});
  auto gateway_env = bus.env(dir, "gateway", gateway_http);
  for (std::string e : {"METERHUB_GRPC__TLS_CERT=" + gateway_cert.cert.string(),
                        "METERHUB_GRPC__TLS_KEY=" + gateway_cert.key.string(),
                        "METERHUB_GRPC__TOKEN_FILE=" + gateway_token_file.string(),
                        std::string{"METERHUB_STORAGE__TLS=true"}, "METERHUB_STORAGE__CA_FILE=" + ca.cert().string(),
                        "METERHUB_STORAGE__TOKEN_FILE=" + storage_token_file.string()})
    gateway_env.push_back(e);
  auto gateway = start(dir, "meterhub-gateway", "gateway", gateway_env,
                       {"--listen", "127.0.0.1:" + std::to_string(grpc_port), "--storage",
                        "127.0.0.1:" + std::to_string(query_port)});

  // Readings reach the database only if meterhub-p1 and meterhub-storage both got through TLS and the password.
  const bool written = testing::eventually(
    [&] { return metric_value(metrics_of(storage_http), "meterhub_storage_readings_written_total") > 0; }, 30s);
  // /metrics follows the bus twice a second.
  const bool all_connected = testing::eventually(
    [&] {
      return bus_connected_is(p1_http, 1) && bus_connected_is(storage_http, 1) && bus_connected_is(gateway_http, 1);
    },
    10s);
  INFO("broker log:\n" << broker.log() << logs({{"p1", p1.get()}, {"storage", storage.get()},
                                                 {"gateway", gateway.get()}}));
  CHECK(written);
  CHECK(all_connected);
  CHECK(count(broker.log(), "u'" + bus_user + "'") >= 3); // the broker saw all three log in with the user name

  // The device as a user sees it: meterhubctl → TLS + token → gateway → TLS + token → storage.
  const auto gw = "127.0.0.1:" + std::to_string(grpc_port);
  ctl_result devices;
  testing::eventually(
    [&] {
      devices = run_ctl(dir, {"-g", gw, "--tls", "--ca", ca.cert().string(), "--token-file",
                              gateway_token_file.string(), "devices"});
      return devices.exit_code == 0 && contains(devices.out, device);
    },
    20s);
  {
    INFO("meterhubctl: " << devices.exit_code << "\n" << devices.out << devices.err);
    CHECK(devices.exit_code == 0);
    CHECK(contains(devices.out, device));
  }

  for (auto* p : {p1.get(), storage.get(), gateway.get()})
    REQUIRE(p->alive());
  p1->stop();
  gateway->stop();
  storage->stop();
  CHECK(p1->exit_code() == 0);
  CHECK(gateway->exit_code() == 0);
  CHECK(storage->exit_code() == 0);
  check_no_secrets(*p1, "meterhub-p1");
  check_no_secrets(*storage, "meterhub-storage");
  check_no_secrets(*gateway, "meterhub-gateway");
}

TEST_CASE("security: a wrong bus password is refused, the service retries, says why and never logs it") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "bus"};
  tls_broker broker{dir.path(), ca, ca.issue("broker"), {bus_user, bus_password}};
  const std::string wrong_password = "wrong-pw-0b1d99e4";
  const bus_access bus{broker.url(), ca.cert(), secret_file(dir, "wrong-password", wrong_password)};
  const int http_port = testing::free_port();
  auto storage = start_storage(dir, "storage", bus, http_port, testing::free_port());

  // Refused again and again: the bus keeps retrying with backoff (250 ms, 500 ms, 1 s, ...), never giving up.
  const bool retried = testing::eventually([&] { return count(broker.log(), "not authorised") >= 3; }, 45s);
  const auto health = http_get(http_port, "/healthz");
  INFO("broker log:\n" << broker.log() << logs({{"storage", storage.get()}}) << "\n/healthz: " << health);
  CHECK(retried);
  REQUIRE(storage->alive());
  CHECK(contains(health, "\"bus\":{\"status\":\"degraded\",\"reason\":\"broker unreachable: "));
  CHECK(contains(health, "Not authorized")); // the reason names the refusal, not a bare number
  CHECK(bus_connected_is(http_port, 0));
  CHECK(contains(storage->stderr_text(), "Not authorized"));
  CHECK_FALSE(contains(health, wrong_password));

  storage->stop();
  CHECK(storage->exit_code() == 0);
  const auto log = storage->stderr_text() + storage->stdout_text();
  CHECK_FALSE(contains(log, wrong_password));
  CHECK_FALSE(contains(log, bus_password));
}

TEST_CASE("security: a broker certificate the CA did not sign is refused, unless bus.tls.verify is false") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "bus"};
  test_ca stranger{dir.path(), "stranger"};
  tls_broker broker{dir.path(), ca, ca.issue("broker"), {bus_user, bus_password}};
  const auto password = secret_file(dir, "bus-password", bus_password);
  const int checked_http = testing::free_port(), unchecked_http = testing::free_port();
  auto checked = start_storage(dir, "checked", bus_access{broker.url(), stranger.cert(), password}, checked_http,
                               testing::free_port());
  auto unchecked = start_storage(dir, "unchecked", bus_access{broker.url(), stranger.cert(), password, "false"},
                                 unchecked_http, testing::free_port());

  // Without verification the connection is made (the password still counts) ...
  const bool unchecked_connected = testing::eventually([&] { return bus_connected_is(unchecked_http, 1); }, 15s);
  // ... with it, the handshake fails on the client's side and the broker hears of an unknown CA, again and again.
  // Generous: on a loaded machine one refused attempt can last until Paho's 10 s connect timeout.
  const bool refused = testing::eventually([&] { return count(broker.log(), "unknown ca") >= 3; }, 45s);
  const auto health = http_get(checked_http, "/healthz");
  INFO("broker log:\n" << broker.log() << logs({{"checked", checked.get()}, {"unchecked", unchecked.get()}})
                       << "\n/healthz: " << health);
  CHECK(unchecked_connected);
  CHECK(refused);
  REQUIRE(checked->alive());
  CHECK(contains(health, "\"bus\":{\"status\":\"degraded\",\"reason\":\"broker unreachable: "));
  CHECK(contains(health, "TLS: certificate verify failed"));
  CHECK(contains(checked->stderr_text(), "TLS: certificate verify failed")); // logged, not only in /healthz
  CHECK(bus_connected_is(checked_http, 0));
  checked->stop();
  unchecked->stop();
  CHECK(checked->exit_code() == 0);
  CHECK(unchecked->exit_code() == 0);
  check_no_secrets(*checked, "checked storage");
  check_no_secrets(*unchecked, "unchecked storage");
}

TEST_CASE("security: a broker certificate for another address is refused") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "bus"};
  // Signed by the trusted CA, but for 127.0.0.2: verification covers the host, not only the signature.
  tls_broker broker{dir.path(), ca, ca.issue("elsewhere", "IP:127.0.0.2"), {bus_user, bus_password}};
  const auto password = secret_file(dir, "bus-password", bus_password);
  const int checked_http = testing::free_port(), unchecked_http = testing::free_port();
  auto checked = start_storage(dir, "checked", bus_access{broker.url(), ca.cert(), password}, checked_http,
                               testing::free_port());
  auto unchecked = start_storage(dir, "unchecked", bus_access{broker.url(), ca.cert(), password, "false"},
                                 unchecked_http, testing::free_port());

  const bool unchecked_connected = testing::eventually([&] { return bus_connected_is(unchecked_http, 1); }, 15s);
  std::this_thread::sleep_for(2s); // several attempts of the checked one: none may get through
  const auto health = http_get(checked_http, "/healthz");
  INFO("broker log:\n" << broker.log() << logs({{"checked", checked.get()}, {"unchecked", unchecked.get()}})
                       << "\n/healthz: " << health);
  CHECK(unchecked_connected);
  CHECK(contains(health, "\"bus\":{\"status\":\"degraded\",\"reason\":\"broker unreachable: "));
  CHECK(bus_connected_is(checked_http, 0));
  CHECK(count(broker.log(), "u'" + bus_user + "'") == 1); // only the unchecked one logged in
  REQUIRE(checked->alive());
  checked->stop();
  unchecked->stop();
  CHECK(checked->exit_code() == 0);
}

TEST_CASE("security: a broker that requires client certificates takes bus.tls.cert_file and key_file") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "bus"};
  tls_broker broker{dir.path(), ca, ca.issue("broker"), {bus_user, bus_password, true}};
  const auto password = secret_file(dir, "bus-password", bus_password);
  const int with_http = testing::free_port(), without_http = testing::free_port();
  bus_access with_cert{broker.url(), ca.cert(), password};
  with_cert.client = ca.issue("storage-client");
  auto with = start_storage(dir, "with-cert", with_cert, with_http, testing::free_port());
  auto without = start_storage(dir, "without-cert", bus_access{broker.url(), ca.cert(), password}, without_http,
                               testing::free_port());

  const bool with_connected = testing::eventually([&] { return bus_connected_is(with_http, 1); }, 15s);
  const bool refused =
    testing::eventually([&] { return count(broker.log(), "peer did not return a certificate") >= 2; }, 15s);
  const auto health = http_get(without_http, "/healthz");
  INFO("broker log:\n" << broker.log() << logs({{"with", with.get()}, {"without", without.get()}})
                       << "\n/healthz: " << health);
  CHECK(with_connected);
  CHECK(refused);
  CHECK(contains(health, "\"bus\":{\"status\":\"degraded\",\"reason\":\"broker unreachable: "));
  CHECK(bus_connected_is(without_http, 0));
  REQUIRE(without->alive());
  with->stop();
  without->stop();
  CHECK(without->exit_code() == 0);
}

TEST_CASE("security: meterhubctl needs the gateway's CA and token, and the gateway needs storage's") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "grpc"};
  test_ca stranger{dir.path(), "stranger"};
  const auto storage_cert = ca.issue("storage");
  const auto gateway_cert = ca.issue("gateway");
  const auto storage_token_file = secret_file(dir, "storage-token", storage_token);
  const auto gateway_token_file = secret_file(dir, "gateway-token", gateway_token);
  const auto wrong_token_file = secret_file(dir, "wrong-token", "wrong-token-7d21");
  // No broker is needed here: the services serve gRPC while their bus retries.
  const bus_access no_broker{"tcp://127.0.0.1:" + std::to_string(testing::free_port())};
  const int query_port = testing::free_port();
  auto storage = start_storage(dir, "storage", no_broker, testing::free_port(), query_port,
                               {"METERHUB_QUERY__TLS_CERT=" + storage_cert.cert.string(),
                                "METERHUB_QUERY__TLS_KEY=" + storage_cert.key.string(),
                                "METERHUB_QUERY__TOKEN_FILE=" + storage_token_file.string()});

  // Gateways in front of that storage, each with its own grpc and storage keys.
  std::vector<std::unique_ptr<testing::process>> gateways;
  std::vector<int> gateway_ports;
  auto start_gateway = [&](const std::string& name, std::vector<std::string> env) {
    gateway_ports.push_back(testing::free_port());
    auto all = no_broker.env(dir, name, testing::free_port());
    all.insert(all.end(), env.begin(), env.end());
    gateways.push_back(start(dir, "meterhub-gateway", name, all,
                             {"--listen", "127.0.0.1:" + std::to_string(gateway_ports.back()), "--storage",
                              "127.0.0.1:" + std::to_string(query_port)}));
    return "127.0.0.1:" + std::to_string(gateway_ports.back());
  };
  const auto secure = start_gateway(
    "gateway", {"METERHUB_GRPC__TLS_CERT=" + gateway_cert.cert.string(),
                "METERHUB_GRPC__TLS_KEY=" + gateway_cert.key.string(),
                "METERHUB_GRPC__TOKEN_FILE=" + gateway_token_file.string(), "METERHUB_STORAGE__TLS=true",
                "METERHUB_STORAGE__CA_FILE=" + ca.cert().string(),
                "METERHUB_STORAGE__TOKEN_FILE=" + storage_token_file.string()});
  const auto no_storage_token = start_gateway(
    "gateway-no-storage-token", {"METERHUB_STORAGE__TLS=true", "METERHUB_STORAGE__CA_FILE=" + ca.cert().string()});
  const auto stranger_ca = start_gateway(
    "gateway-stranger-ca", {"METERHUB_STORAGE__TLS=true", "METERHUB_STORAGE__CA_FILE=" + stranger.cert().string(),
                            "METERHUB_STORAGE__TOKEN_FILE=" + storage_token_file.string()});
  const auto plain = start_gateway("gateway-plain", {"METERHUB_STORAGE__TOKEN_FILE=" + storage_token_file.string()});
  REQUIRE(testing::wait_for_port(query_port, 20s));
  for (int port : gateway_ports)
    REQUIRE(testing::wait_for_port(port, 20s));

  const auto ctl = [&](std::vector<std::string> args) { return run_ctl(dir, std::move(args)); };
  { // the CA and the token
    auto r = ctl({"-g", secure, "--tls", "--ca", ca.cert().string(), "--token-file", gateway_token_file.string(),
                  "devices"});
    INFO(r);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
  }
  { // no token: refused by the gateway
    auto r = ctl({"-g", secure, "--tls", "--ca", ca.cert().string(), "devices"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "UNAUTHENTICATED"));
    CHECK(contains(r.err, "bearer token"));
  }
  { // a wrong token
    auto r = ctl({"-g", secure, "--tls", "--ca", ca.cert().string(), "--token-file", wrong_token_file.string(),
                  "devices"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "UNAUTHENTICATED"));
  }
  { // a CA that did not sign the gateway's certificate: the handshake fails
    auto r = ctl({"-g", secure, "--tls", "--ca", stranger.cert().string(), "--token-file",
                  gateway_token_file.string(), "devices"});
    INFO(r);
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, "certificate verify failed"));
  }
  { // plain gRPC to a TLS gateway
    auto r = ctl({"-g", secure, "--token-file", gateway_token_file.string(), "devices"});
    INFO(r);
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, "UNAVAILABLE"));
  }
  { // the gateway lacks storage's token: storage refuses the gateway, and the message says which hop
    auto r = ctl({"-g", no_storage_token, "devices"});
    INFO(r);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "meterhub-storage refused the gateway"));
    CHECK(contains(r.err, "bearer token"));
    CHECK(contains(r.err, "storage.token"));
    CHECK_FALSE(contains(r.err, "UNAUTHENTICATED")); // the caller's credentials are fine
  }
  { // the gateway does not trust storage's certificate
    auto r = ctl({"-g", stranger_ca, "devices"});
    INFO(r);
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "meterhub-storage"));
    CHECK(contains(r.err, "certificate verify failed"));
  }
  { // the gateway talks plain gRPC to a TLS storage
    auto r = ctl({"-g", plain, "devices"});
    INFO(r);
    CHECK(r.exit_code != 0);
    CHECK(contains(r.err, "meterhub-storage"));
  }

  for (auto& g : gateways) {
    INFO(g->stderr_text());
    REQUIRE(g->alive()); // a refusing storage is an error for the caller, not a crash
    g->stop();
    CHECK(g->exit_code() == 0);
    check_no_secrets(*g, "meterhub-gateway");
  }
  REQUIRE(storage->alive());
  storage->stop();
  CHECK(storage->exit_code() == 0);
  check_no_secrets(*storage, "meterhub-storage");
}

TEST_CASE("security: the metrics endpoint serves HTTPS and wants the bearer token on every path") {
  testing::temp_dir dir{"meterhub-sec"};
  test_ca ca{dir.path(), "http"};
  test_ca stranger{dir.path(), "stranger"};
  const auto cert = ca.issue("metrics");
  const int http_port = testing::free_port();
  const bus_access no_broker{"tcp://127.0.0.1:" + std::to_string(testing::free_port())};
  auto storage = start_storage(dir, "storage", no_broker, http_port, testing::free_port(),
                               {"METERHUB_HTTP__TLS_CERT=" + cert.cert.string(),
                                "METERHUB_HTTP__TLS_KEY=" + cert.key.string(),
                                "METERHUB_HTTP__TOKEN_FILE=" + secret_file(dir, "http-token", http_token).string()});
  const bool listening = testing::wait_for_port(http_port, 20s);
  INFO(logs({{"storage", storage.get()}}));
  REQUIRE(listening);

  const auto https_get = [&](const test_ca& trusted, const std::string& path, const std::string& token) {
    httplib::SSLClient client{"127.0.0.1", http_port};
    client.set_ca_cert_path(trusted.cert().c_str());
    client.enable_server_certificate_verification(true);
    client.set_connection_timeout(5);
    httplib::Headers headers;
    if (!token.empty())
      headers.emplace("Authorization", "Bearer " + token);
    return client.Get(path.c_str(), headers);
  };

  for (const auto* path : {"/metrics", "/healthz"}) {
    INFO(path);
    auto anonymous = https_get(ca, path, "");
    REQUIRE(static_cast<bool>(anonymous));
    CHECK(anonymous->status == 401);
    CHECK(anonymous->get_header_value("WWW-Authenticate") == "Bearer");
    CHECK_FALSE(contains(anonymous->body, "meterhub_"));
    auto wrong = https_get(ca, path, "wrong-token-7d21");
    REQUIRE(static_cast<bool>(wrong));
    CHECK(wrong->status == 401);
  }
  auto metrics = https_get(ca, "/metrics", http_token);
  REQUIRE(static_cast<bool>(metrics));
  CHECK(metrics->status == 200);
  CHECK(contains(metrics->body, "\nmeterhub_bus_connected 0\n"));
  auto health = https_get(ca, "/healthz", http_token);
  REQUIRE(static_cast<bool>(health));
  CHECK(health->status == 200);
  CHECK(contains(health->body, "\"bus\":{\"status\":\"degraded\""));

  // A client that does not trust the CA stops at the handshake; plain HTTP gets no metrics.
  auto untrusted = https_get(stranger, "/metrics", http_token);
  CHECK_FALSE(static_cast<bool>(untrusted));
  CHECK(untrusted.error() == httplib::Error::SSLServerVerification);
  httplib::Client plain{"127.0.0.1", http_port};
  plain.set_connection_timeout(2);
  plain.set_read_timeout(2);
  auto plain_res = plain.Get("/metrics", {{"Authorization", "Bearer " + http_token}});
  CHECK((!plain_res || plain_res->status != 200));

  REQUIRE(storage->alive());
  storage->stop();
  CHECK(storage->exit_code() == 0);
  check_no_secrets(*storage, "meterhub-storage");
}
