// Modbus devices end to end against a server nobody here wrote: a pymodbus 3.0 server (Debian python3-pymodbus)
// serving an SDM630's input registers, read once by `meterhub-modbus read` and polled by the daemon into storage
// and the gateway. A unit id nobody answers is offline with its timeouts counted, and its neighbour keeps being
// polled; a write through the gateway reaches the server and reads back.
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "meterhub/v1/command.pb.h"
#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

/// The pymodbus server on a free port; its port.
int start_pymodbus(const testing::temp_dir& dir, std::unique_ptr<testing::process>& server) {
  const auto port_file = dir / "pymodbus.port";
  server = std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/python3", std::string{MH_TEST_DATA_DIR} + "/../integration/tools/pymodbus_sdm630.py",
                             port_file.string()},
    dir.path(), "pymodbus");
  REQUIRE(testing::eventually([&] { return std::filesystem::exists(port_file) &&
                                           std::filesystem::file_size(port_file) > 0; }, 20s));
  int port = 0;
  std::ifstream(port_file) >> port;
  REQUIRE(testing::wait_for_port(port, 20s));
  return port;
}

/// Readings of `meterhub-modbus read --json`, by quantity.
std::map<std::string, nlohmann::json> read_once(const testing::temp_dir& dir, int port) {
  testing::process read{{testing::program("meterhub-modbus").string(), "read", "--port",
                         "tcp://127.0.0.1:" + std::to_string(port), "--profile", "sdm630", "--unit", "1", "--json"},
                        dir.path(), "read"};
  REQUIRE(read.wait_exit(30s));
  INFO("stderr: " << read.stderr_text());
  CHECK(read.exit_code() == 0);
  std::map<std::string, nlohmann::json> out;
  std::istringstream lines{read.stdout_text()};
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) {
      auto j = nlohmann::json::parse(line);
      out[j["quantity"]] = j;
    }
  return out;
}

std::unique_ptr<testing::process> start_adapter(platform& p, int port) {
  const auto file = p.dir() / "modbus.yaml";
  std::ofstream(file) << "lines:\n  - port: tcp://127.0.0.1:" << port
                      << "\n    response_timeout: 300ms\n    devices:\n"
                         "      - {profile: sdm630, unit: 1, id: sdm-1, poll: {instant: 500ms, energy: 1s}}\n"
                         "      - {profile: sdm630, unit: 9, id: sdm-9, poll: {instant: 500ms, energy: 1s},"
                         " max_backoff: 2s}\n";
  return std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/env", "METERHUB_BUS__URL=" + p.broker().url(),
                             "METERHUB_BUS__STATE_DIR=" + (p.dir() / "modbus-bus").string(),
                             "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(testing::free_port()),
                             "METERHUB_LOG__LEVEL=debug", testing::program("meterhub-modbus").string(), "run",
                             "--config", file.string()},
    p.dir().path(), "modbus");
}

v1::CommandResult command(platform& p, v1::CommandKind kind, const std::string& address, const std::string& value) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 20s);
  v1::Command cmd;
  cmd.set_id("it-modbus");
  cmd.set_device("sdm-1");
  cmd.set_kind(kind);
  cmd.set_address(address);
  cmd.set_value(value);
  cmd.set_timeout_ms(15000);
  v1::CommandResult result;
  auto status = p.gateway().SendCommand(&ctx, cmd, &result);
  INFO("gRPC: " << status.error_message());
  REQUIRE(status.ok());
  return result;
}

} // namespace

TEST_CASE("meterhub-modbus read decodes a pymodbus server's SDM630 registers") {
  testing::temp_dir dir{"meterhub-modbus-read"};
  std::unique_ptr<testing::process> server;
  const int port = start_pymodbus(dir, server);
  auto values = read_once(dir, port);
  REQUIRE(values.count("1-0:32.7.0"));
  CHECK(values["1-0:32.7.0"]["value"].get<double>() == 231.5);
  CHECK(values["1-0:32.7.0"]["unit"] == "V");
  CHECK(values["1-0:51.7.0"]["value"].get<double>() == 3.25);
  CHECK(values["1-0:1.7.0"]["value"].get<double>() == 1585.0);
  // L3 exports: its negative power goes out as export power, positive.
  CHECK(values["1-0:62.7.0"]["value"].get<double>() == 115.0);
  CHECK_FALSE(values.count("1-0:61.7.0"));
  CHECK(values["1-0:14.7.0"]["value"].get<double>() == Approx(49.98).epsilon(1e-6));
  // kWh on the meter, Wh on the bus (float32 resolution).
  CHECK(values["1-0:1.8.0"]["value"].get<double>() == Approx(12345678.0).margin(1.0));
  CHECK(values["1-0:1.8.0"]["unit"] == "Wh");
}

TEST_CASE("the daemon polls pymodbus into storage, a silent unit is offline, a write reads back") {
  platform p;
  p.start_storage();
  p.start_gateway();
  std::unique_ptr<testing::process> server;
  const int port = start_pymodbus(p.dir(), server);
  auto adapter = start_adapter(p, port);
  const bool arrived = testing::eventually([&] { return p.latest("sdm-1", "1-0:32.7.0").has_value(); }, 30s);
  INFO("adapter stderr: " << adapter->stderr_text());
  REQUIRE(arrived);
  CHECK(p.latest("sdm-1", "1-0:32.7.0")->value() == 231.5);
  REQUIRE(testing::eventually([&] { return p.latest("sdm-1", "1-0:1.8.0").has_value(); }, 10s));

  REQUIRE(testing::eventually([&] {
    auto s = p.device_state("sdm-9");
    return s && s->health() == v1::HEALTH_OFFLINE && s->counters().count("timeouts") && s->counters().at("timeouts") >= 2;
  }, 20s));
  CHECK(p.device_state("sdm-9")->reason().find("timeout") != std::string::npos);
  CHECK(p.device_state("sdm-1")->health() == v1::HEALTH_ONLINE);
  CHECK(p.device_state("sdm-1")->model() == "Eastron SDM630 Modbus V2");

  auto written = command(p, v1::COMMAND_KIND_WRITE, "holding:10", "4242");
  INFO(written.message());
  CHECK(written.status() == v1::COMMAND_STATUS_OK);
  auto read = command(p, v1::COMMAND_KIND_READ, "holding:10", "");
  INFO(read.message());
  REQUIRE(read.status() == v1::COMMAND_STATUS_OK);
  REQUIRE(read.readings_size() == 1);
  CHECK(read.readings(0).value() == 4242);
  auto refused = command(p, v1::COMMAND_KIND_WRITE, "voltage_l1", "230");
  CHECK(refused.status() == v1::COMMAND_STATUS_REJECTED);

  // The same as a user types it: meterhubctl write, then read, of one register.
  auto ctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {testing::program("meterhubctl").string(), "-g", p.gateway_address(), "--timeout", "20"});
    testing::process run{args, p.dir().path(), "meterhubctl"};
    REQUIRE(run.wait_exit(30s));
    INFO("meterhubctl: " << run.stdout_text() << run.stderr_text());
    return std::make_pair(run.exit_code(), run.stdout_text());
  };
  auto [wrote, write_out] = ctl({"write", "sdm-1", "holding:11", "1717"});
  INFO(write_out);
  CHECK(wrote == 0);
  auto [read_back, read_out] = ctl({"--json", "read", "sdm-1", "holding:11"});
  REQUIRE(read_back == 0);
  auto answer = nlohmann::json::parse(read_out);
  CHECK(answer["status"] == "OK");
  REQUIRE(answer["readings"].size() == 1);
  CHECK(answer["readings"][0]["value"].get<double>() == 1717);
  // An SDM630 keeps no profile: the adapter says so instead of inventing readings.
  auto [kept, kept_out] = ctl({"profile", "sdm-1", "--from", "-2h"});
  CHECK(kept != 0);
  CHECK_FALSE(kept_out.empty());
}

TEST_CASE("meterhub-modbus read refuses a Mercury time zone that is not a UTC offset, naming the option") {
  testing::temp_dir dir;
  testing::process read{{testing::program("meterhub-modbus").string(), "read", "--port", "tcp://127.0.0.1:1",
                         "--profile", "mercury234", "--address", "17", "--timezone", "Europe/Moscow"},
                        dir.path(), "read"};
  REQUIRE(read.wait_exit(10s));
  CHECK(read.exit_code() != 0);
  const auto err = read.stderr_text();
  INFO(err);
  CHECK(err.find("--timezone") != std::string::npos);
  CHECK(err.find("expected a UTC offset such as +03:00, got \"Europe/Moscow\"") != std::string::npos);
}
