// Configuration as the services see it at start: misspelt keys in any section stop them with the exact key, and the
// commented sample configs under deploy/config/ load as shipped.
#include <fstream>
#include <memory>

#include <catch2/catch.hpp>
#include <httplib.h>

#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path sample_dir = std::filesystem::path{MH_TEST_DATA_DIR}.parent_path().parent_path() /
                                         "deploy" / "config";

/// Starts `program run ARGS` with `env` ("NAME=value") added to the environment.
std::unique_ptr<testing::process> start(const testing::temp_dir& dir, const std::string& program,
                                        std::vector<std::string> env, std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/env"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(testing::program(program).string());
  argv.push_back("run");
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<testing::process>(argv, dir.path(), program);
}

/// Runs `program run --config FILE` with `yaml` in FILE; returns its stderr after it exited with status 2.
std::string refused_config(const testing::temp_dir& dir, const std::string& program, const std::string& yaml,
                           std::vector<std::string> args = {}) {
  const auto file = dir / (program + ".yaml");
  std::ofstream(file) << yaml;
  args.insert(args.begin(), {"--config", file.string()});
  auto p = start(dir, program, {}, args);
  REQUIRE(p->wait_exit(10s));
  CHECK(p->exit_code() == 2);
  return p->stderr_text();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// True once 127.0.0.1:`port`/healthz answers: the service got past its configuration and is serving.
bool serving(int port, testing::process& p, std::chrono::milliseconds timeout) {
  return testing::eventually(
    [&] {
      if (!p.alive())
        return true; // exited: the caller's alive() check reports it with its stderr
      httplib::Client client{"127.0.0.1", port};
      return static_cast<bool>(client.Get("/healthz"));
    },
    timeout);
}

/// Starts `program` on the sample config with ports and folders overridden; checks it serves and is still running.
void check_sample_loads(const std::string& program, const std::string& sample, std::vector<std::string> env) {
  testing::temp_dir dir{"meterhub-config"};
  testing::mosquitto_broker broker{dir.path()};
  const int http_port = testing::free_port();
  env.push_back("METERHUB_BUS__URL=" + broker.url());
  env.push_back("METERHUB_BUS__STATE_DIR=" + (dir / "bus").string());
  env.push_back("METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http_port));
  for (auto& e : env) // a placeholder for the test folder
    if (auto at = e.find("{dir}"); at != std::string::npos)
      e.replace(at, 5, dir.path().string());
  auto p = start(dir, program, env, {"--config", (sample_dir / sample).string()});
  INFO(program << " with " << sample);
  CHECK(serving(http_port, *p, 20s));
  INFO("stderr: " << p->stderr_text());
  REQUIRE(p->alive());
  CHECK_FALSE(contains(p->stderr_text(), "configuration"));
  p->stop();
}

} // namespace

TEST_CASE("meterhub-p1 names a misspelt key in any section") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-p1",
                                  "meters:\n  - {port: /dev/ttyUSB0, publish: {energie: true}}\n"
                                  "bus: {url: 'tcp://127.0.0.1:1883', pasword: x, tls: {verfy: false}}\n"
                                  "http: {listn: '127.0.0.1:0'}\nlog: {levl: debug}\n");
  CHECK(contains(err, "meters[0].publish.energie: unknown key (known keys: energy, active_power, "));
  CHECK(contains(err, "bus.pasword: unknown key (known keys: url, instance, client_id, username, password, "
                      "password_file, password_env, prefix, state_dir, spool_max, inbox_max, session_expiry, "
                      "keepalive, tls)"));
  CHECK(contains(err, "bus.tls.verfy: unknown key (known keys: ca_file, cert_file, key_file, verify)"));
  CHECK(contains(err, "http.listn: unknown key (known keys: listen, token, token_file, token_env, tls_cert, "
                      "tls_key)"));
  CHECK(contains(err, "log.levl: unknown key (known keys: level, format)"));
  CHECK(contains(err, "5 problem(s)"));
}

TEST_CASE("meterhub-p1 reads meter_defaults from the file for the meter given by --port") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-p1", "meter_defaults: {serial: 9600 7E1, watchdg: 5s}\n",
                                  {"--port", "tcp://127.0.0.1:1"});
  CHECK(contains(err, "meter_defaults.watchdg: unknown key (known keys: id, port, serial, "));
  CHECK_FALSE(contains(err, "meter_defaults: unknown key"));
  const auto port = refused_config(dir, "meterhub-p1", "meter_defaults: {port: /dev/ttyUSB0}\n",
                                   {"--port", "tcp://127.0.0.1:1"});
  CHECK(contains(port, "meter_defaults.port: never used: the meter of meter_defaults takes its port from --port"));
  const auto bad_value = refused_config(dir, "meterhub-p1", "meter_defaults: {serial: 9600 7X1}\n",
                                        {"--port", "tcp://127.0.0.1:1"});
  CHECK(contains(bad_value, "meter_defaults.serial: expected settings such as \"115200 8N1\" or \"9600 7E1\", got "
                            "\"9600 7X1\""));

  const auto file = dir / "defaults.yaml";
  std::ofstream(file) << "meter_defaults: {id: p1-garage, serial: 9600 7E1, watchdog: 5s}\n";
  const int http_port = testing::free_port();
  auto p1 = start(dir, "meterhub-p1",
                  {"METERHUB_BUS__URL=tcp://127.0.0.1:" + std::to_string(testing::free_port()),
                   "METERHUB_BUS__STATE_DIR=" + (dir / "bus").string(),
                   "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http_port)},
                  {"--config", file.string(), "--port", "tcp://127.0.0.1:1"});
  CHECK(serving(http_port, *p1, 20s));
  INFO("stderr: " << p1->stderr_text());
  CHECK(p1->alive());
}

TEST_CASE("meterhub-storage names a misspelt key in any section") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-storage",
                                  "storage: {flush_intervall: 1s}\nquery: {max_row: 5}\n"
                                  "bus: {groupe: x, tls: {cafile: /ca.pem}}\n");
  CHECK(contains(err, "storage.flush_intervall: unknown key (known keys: backend, path, batch_readings, "
                      "flush_interval)"));
  CHECK(contains(err, "query.max_row: unknown key (known keys: listen, tls_cert, tls_key, token, token_file, "
                      "token_env, max_rows)"));
  CHECK(contains(err, "bus.groupe: unknown key (known keys: url, "));
  CHECK(contains(err, "keepalive, tls, group)"));
  CHECK(contains(err, "bus.tls.cafile: unknown key"));
}

TEST_CASE("meterhub-iec61107 names a misspelt key and a bad value with its path") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-iec61107",
                                  "lines:\n  - port: 'nowhere'\n    serail: 9600 7E1\n    meters:\n"
                                  "      - {address: '00000201', timezone: Moscow, intervall: 5s}\n"
                                  "      - {model: mt324, archives: {interval: 10s, dayz: 3, months: 13}}\n");
  CHECK(contains(err, "lines[0].serail: unknown key"));
  CHECK(contains(err, "lines[0].meters[1].archives.dayz: unknown key"));
  CHECK(contains(err, "lines[0].meters[1].archives.interval: must be 0s (never) or at least 1m"));
  CHECK(contains(err, "lines[0].meters[1].archives.months"));
  CHECK(contains(err, "lines[0].port: expected /dev/ttyUSB0, host:port, :port or listen://host:port"));
  CHECK(contains(err, "lines[0].meters[0].timezone: expected a UTC offset such as +03:00"));
  CHECK(contains(err, "lines[0].meters[0].intervall: unknown key"));
  CHECK(contains(err, "lines[0].meters[1].model"));
  CHECK(contains(err, "lines[0].meters: every meter of a line with several meters needs its address"));
}

TEST_CASE("meterhub-modbus names the key of a bad line, device or profile") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-modbus",
                                  "lines:\n  - port: 'tcp://127.0.0.1:1'\n    serail: 9600 8N1\n    devices:\n"
                                  "      - {profile: sdm630, unit: 300}\n"
                                  "      - {profile: sdm631, unit: 2}\n"
                                  "      - {profile: mercury234, address: 17}\n"
                                  "      - {profile: sdm120, unit: 4, poll: {fast: 1s}}\n");
  CHECK(contains(err, "lines[0].serail: unknown key"));
  CHECK(contains(err, "lines[0].devices[0].unit: expected an integer from 0 to 255"));
  CHECK(contains(err, "lines[0].devices[1].profile:"));
  CHECK(contains(err, "sdm631.yaml"));
  CHECK(contains(err, "lines[0].devices[2].profile: Mercury 23x meters need a serial line or rtu+tcp://"));
  CHECK(contains(err, "lines[0].devices[3].poll.fast: unknown key"));
}

TEST_CASE("meterhub-echonet names the key of a bad module and never the secret") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-echonet",
                                  "modules:\n  - port: /dev/ttyUSB0\n    route_b_id: SECRETSECRET\n"
                                  "    password: 0123456789AB\n    modle: bp35a1\n"
                                  "    poll:\n      - {name: instant, epcs: [E7, Q1]}\n");
  CHECK(contains(err, "modules[0].route_b_id: the Route-B ID from the utility has exactly 32 characters (got 12)"));
  CHECK(contains(err, "modules[0].modle: unknown key"));
  CHECK(contains(err, "modules[0].poll[0].epcs: expected EPCs as hex bytes such as E7, got \"Q1\""));
  CHECK_FALSE(contains(err, "SECRETSECRET"));
}

TEST_CASE("meterhub-bridge names the key and reason of every bad setting and never the secret") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-bridge",
                                  "vscp: {enabled: true, mac: '02:00:00:00:00', zone: 300}\n"
                                  "mirror: {prefix: meters, publsh: {plain: true}}\n"
                                  "output: {url: 'tcp://broker', password: SECRETSECRET}\n"
                                  "modbus_export:\n  enabled: true\n  units:\n    - unit: 1\n      device: p1-x\n"
                                  "      values:\n        - {quantity: '1-0:1.7.0', address: 10, type: f33}\n");
  CHECK(contains(err, "vscp.mac:"));
  CHECK(contains(err, "vscp.zone: expected an integer from 0 to 255"));
  CHECK(contains(err, "mirror.publsh: unknown key"));
  CHECK(contains(err, "output.url: missing port"));
  CHECK(contains(err, "modbus_export.units[0].values[0].type:"));
  CHECK_FALSE(contains(err, "SECRETSECRET"));
}

TEST_CASE("meterhub-gateway names a misspelt key in any section") {
  testing::temp_dir dir{"meterhub-config"};
  const auto err = refused_config(dir, "meterhub-gateway",
                                  "grpc: {tokn_file: /run/secrets/t}\nstorage: {ca: /ca.pem}\n"
                                  "bus: {url: 'tcp://127.0.0.1:1883', tls: {cert: /c.pem}}\n"
                                  "http: {token_fil: /t}\nlog: {colour: true}\n");
  CHECK(contains(err, "grpc.tokn_file: unknown key (known keys: listen, tls_cert, tls_key, token, token_file, "
                      "token_env, query_timeout)"));
  CHECK(contains(err, "storage.ca: unknown key (known keys: target, tls, ca_file, token, token_file, token_env)"));
  CHECK(contains(err, "bus.tls.cert: unknown key"));
  CHECK(contains(err, "http.token_fil: unknown key"));
  CHECK(contains(err, "log.colour: unknown key (known keys: level, format)"));
}

TEST_CASE("a broker URL without a supported scheme or a port stops every service with the key") {
  testing::temp_dir dir{"meterhub-config"};
  const auto p1 = refused_config(dir, "meterhub-p1", "bus: {url: 'http://broker:1883'}\n",
                                 {"--port", "tcp://127.0.0.1:1"});
  CHECK(contains(p1, "bus.url: unsupported scheme \"http\", got \"http://broker:1883\" (schemes: tcp, mqtt, ws, "
                     "ssl, mqtts, wss)"));
  const auto storage = refused_config(dir, "meterhub-storage", "bus: {url: 'mqtt://broker'}\n");
  CHECK(contains(storage, "bus.url: missing port (as in mqtt://broker:1883), got \"mqtt://broker\""));
  const auto gateway = refused_config(dir, "meterhub-gateway", "bus: {url: 'ssl://broker:88830'}\n");
  CHECK(contains(gateway, "bus.url: expected a port from 1 to 65535, got \"ssl://broker:88830\""));
}

TEST_CASE("the sample configs in deploy/config load as shipped") {
  SECTION("p1.yaml") {
    check_sample_loads("meterhub-p1", "p1.yaml",
                       {"METERHUB_METERS__0__PORT=tcp://127.0.0.1:" + std::to_string(testing::free_port())});
  }
  SECTION("storage.yaml") {
    check_sample_loads("meterhub-storage", "storage.yaml",
                       {"METERHUB_STORAGE__PATH={dir}/db/meterhub.db",
                        "METERHUB_QUERY__LISTEN=127.0.0.1:" + std::to_string(testing::free_port())});
  }
  SECTION("iec61107.yaml") {
    check_sample_loads("meterhub-iec61107", "iec61107.yaml",
                       {"METERHUB_LINES__0__PORT=127.0.0.1:" + std::to_string(testing::free_port())});
  }
  SECTION("modbus.yaml") {
    // Both lines moved to loopback ports nobody serves: the sample's addresses are a site's, not this machine's.
    check_sample_loads("meterhub-modbus", "modbus.yaml",
                       {"METERHUB_LINES__0__PORT=rtu+tcp://127.0.0.1:" + std::to_string(testing::free_port()),
                        "METERHUB_LINES__1__PORT=tcp://127.0.0.1:" + std::to_string(testing::free_port())});
  }
  SECTION("modbus-demo.yaml") {
    // The demo's pty becomes a loopback RTU-over-TCP port nobody serves, as the demo's environment would move it.
    check_sample_loads("meterhub-modbus", "modbus-demo.yaml",
                       {"METERHUB_LINES__0__PORT=rtu+tcp://127.0.0.1:" + std::to_string(testing::free_port()),
                        "METERHUB_LINES__1__PORT=tcp://127.0.0.1:" + std::to_string(testing::free_port())});
  }
  SECTION("echonet.yaml") {
    // The module's port becomes a loopback TCP port nobody serves; the credentials come from the environment as
    // the sample says.
    check_sample_loads("meterhub-echonet", "echonet.yaml",
                       {"METERHUB_MODULES__0__PORT=tcp://127.0.0.1:" + std::to_string(testing::free_port()),
                        "METERHUB_ROUTE_B_ID=00112233445566778899AABBCCDDEEFF",
                        "METERHUB_ROUTE_B_PASSWORD=0123456789AB", "METERHUB_STATE_DIR={dir}/echonet"});
  }
  SECTION("echonet-demo.yaml") {
    check_sample_loads("meterhub-echonet", "echonet-demo.yaml",
                       {"METERHUB_MODULES__0__PORT=tcp://127.0.0.1:" + std::to_string(testing::free_port()),
                        "METERHUB_STATE_DIR={dir}/echonet"});
  }
  SECTION("bridge.yaml") {
    check_sample_loads("meterhub-bridge", "bridge.yaml", {"METERHUB_BRIDGE__STATE_DIR={dir}/bridge"});
  }
  SECTION("bridge-demo.yaml") {
    check_sample_loads("meterhub-bridge", "bridge-demo.yaml",
                       {"METERHUB_BRIDGE__STATE_DIR={dir}/bridge",
                        "METERHUB_MODBUS_EXPORT__PORT=" + std::to_string(testing::free_port())});
  }
  SECTION("um40.yaml") {
    check_sample_loads("meterhub-um40", "um40.yaml", {"METERHUB_UM40__TARGET=local:{dir}/meter.db"});
  }
  SECTION("gateway.yaml") {
    check_sample_loads("meterhub-gateway", "gateway.yaml",
                       {"METERHUB_GRPC__LISTEN=127.0.0.1:" + std::to_string(testing::free_port()),
                        "METERHUB_STORAGE__TARGET=127.0.0.1:" + std::to_string(testing::free_port())});
  }
}

TEST_CASE("a misspelt environment override stops a service with the variable and the key it does not name") {
  testing::temp_dir dir;
  for (const std::string program : {"meterhub-p1", "meterhub-storage", "meterhub-gateway"}) {
    auto p = start(dir, program,
                   {"METERHUB_BUS__PASWORD=secret", "METERHUB_GATEWAY=gw:50051", "METERHUB_HTTP__LISTEN=127.0.0.1:0",
                    "METERHUB_BUS__STATE_DIR=" + (dir / program).string()},
                   program == "meterhub-p1" ? std::vector<std::string>{"--port", "tcp://127.0.0.1:1"}
                                            : std::vector<std::string>{});
    REQUIRE(p->wait_exit(10s));
    CHECK(p->exit_code() == 2);
    const auto err = p->stderr_text();
    CHECK(contains(err, "METERHUB_BUS__PASWORD: overrides no key (bus.pasword is unknown; known keys: url, "));
    CHECK_FALSE(contains(err, "METERHUB_GATEWAY")); // meterhubctl's variable, not an override
    CHECK(contains(err, "1 problem(s)"));
  }
}

TEST_CASE("unreadable TLS files stop storage and the gateway at start with the key, instead of hanging") {
  testing::temp_dir dir;
  std::ofstream(dir / "not-a-cert.pem") << "hello\n";
  const std::vector<std::string> common{"METERHUB_HTTP__LISTEN=127.0.0.1:0", "METERHUB_BUS__URL=tcp://127.0.0.1:1"};
  auto with = [&](std::vector<std::string> env, const std::string& state) {
    env.insert(env.end(), common.begin(), common.end());
    env.push_back("METERHUB_BUS__STATE_DIR=" + (dir / state).string());
    return env;
  };
  auto storage = start(dir, "meterhub-storage",
                       with({"METERHUB_QUERY__TLS_CERT=" + (dir / "missing.pem").string(),
                             "METERHUB_QUERY__TLS_KEY=" + (dir / "missing.key").string()},
                            "storage"),
                       {"--db", (dir / "db.sqlite").string(), "--listen", "127.0.0.1:0"});
  auto gateway = start(dir, "meterhub-gateway",
                       with({"METERHUB_STORAGE__TLS=true",
                             "METERHUB_STORAGE__CA_FILE=" + (dir / "not-a-cert.pem").string()},
                            "gateway"),
                       {"--listen", "127.0.0.1:0"});
  REQUIRE(storage->wait_exit(10s));
  CHECK(storage->exit_code() == 2);
  CHECK(contains(storage->stderr_text(), "query.tls: rpc: bad_tls: cannot read"));
  REQUIRE(gateway->wait_exit(10s));
  CHECK(gateway->exit_code() == 2);
  CHECK(contains(gateway->stderr_text(), "storage.ca_file: rpc: bad_tls: no PEM certificate in"));
}
