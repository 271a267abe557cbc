// NEVA meters end to end: meterhub-iec61107-sim as the meter on TCP, meterhub-iec61107 polling it, Mosquitto,
// storage and the gateway. Values arrive in storage and through the gateway; a wrong password shows in the device
// state with no readings; a write through the gateway changes the imitator's value.
#include <algorithm>
#include <fstream>

#include <catch2/catch.hpp>

#include "meterhub/v1/command.pb.h"
#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

const std::string device = "iec61107-00000201";

/// The imitator on a free TCP port; its port.
int start_imitator(platform& p, std::unique_ptr<testing::process>& sim) {
  sim = std::make_unique<testing::process>(
    std::vector<std::string>{testing::program("meterhub-iec61107-sim").string(), "--listen", "127.0.0.1:0",
                             "--meter", "00000201:12345678", "--meter", "00000202:87654321"},
    p.dir().path(), "neva-sim");
  REQUIRE(testing::eventually([&] { return sim->stdout_text().find("tcp: ") != std::string::npos; }, 10s));
  const auto out = sim->stdout_text();
  return std::stoi(out.substr(out.rfind(':') + 1));
}

/// meterhub-iec61107 with one line of two meters: 00000201 with its password, 00000202 with a wrong one.
std::unique_ptr<testing::process> start_adapter(platform& p, int meter_port, int http_port) {
  const auto file = p.dir() / "iec61107.yaml";
  std::ofstream(file) << "lines:\n  - port: 127.0.0.1:" << meter_port
                      << "\n    reply_timeout: 1s\n    after_break: 100ms\n    meters:\n"
                         "      - {address: '00000201', password_env: NEVA_PW, interval: 1s, timezone: '+03:00'}\n"
                         "      - {address: '00000202', password: '00000000', interval: 1s}\n";
  return std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/env", "METERHUB_BUS__URL=" + p.broker().url(),
                             "METERHUB_BUS__STATE_DIR=" + (p.dir() / "iec-bus").string(),
                             "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http_port), "NEVA_PW=12345678",
                             testing::program("meterhub-iec61107").string(), "run", "--config", file.string()},
    p.dir().path(), "iec61107");
}

std::optional<v1::Reading> latest(platform& p, const std::string& quantity) {
  return p.latest(device, quantity);
}

v1::CommandResult command(platform& p, v1::CommandKind kind, const std::string& address, const std::string& value,
                          std::int64_t time_ms = 0) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 20s);
  v1::Command cmd;
  cmd.set_id("it-1");
  cmd.set_device(device);
  cmd.set_kind(kind);
  cmd.set_address(address);
  cmd.set_value(value);
  cmd.set_timeout_ms(15000);
  cmd.set_time_unix_ms(time_ms);
  v1::CommandResult result;
  auto status = p.gateway().SendCommand(&ctx, cmd, &result);
  INFO("gRPC: " << status.error_message());
  REQUIRE(status.ok());
  return result;
}

/// Storage, the gateway, the imitator and the adapter, running, with the first meter's voltage stored.
struct neva_site {
  platform p;
  std::unique_ptr<testing::process> sim;
  std::unique_ptr<testing::process> adapter;

  neva_site() {
    p.start_storage();
    p.start_gateway();
    adapter = start_adapter(p, start_imitator(p, sim), testing::free_port());
    const bool arrived = testing::eventually([&] { return latest(p, "1-0:32.7.0").has_value(); }, 30s);
    INFO("adapter stderr: " << adapter->stderr_text() << "\nimitator stderr: " << sim->stderr_text());
    REQUIRE(arrived);
  }
};

} // namespace

TEST_CASE("NEVA values arrive in storage and through the gateway, a wrong password is a device state") {
  neva_site site;
  auto& p = site.p;
  const auto voltage = *latest(p, "1-0:32.7.0");
  CHECK(voltage.value() > 200);
  CHECK(voltage.value() < 260);
  REQUIRE(testing::eventually([&] { return latest(p, "1-0:1.8.0").has_value(); }, 10s));
  CHECK(latest(p, "1-0:1.8.0")->value() > 0);
  CHECK(latest(p, "x:clock_drift").has_value());

  v1::ListDevicesResponse listed;
  REQUIRE(testing::eventually(
    [&] {
      grpc::ClientContext ctx;
      listed.Clear();
      if (!p.gateway().ListDevices(&ctx, {}, &listed).ok())
        return false;
      for (const auto& d : listed.devices())
        if (d.device() == "iec61107-00000202" && d.state().health() == v1::HEALTH_OFFLINE)
          return true;
      return false;
    },
    20s));
  for (const auto& d : listed.devices()) {
    if (d.device() == "iec61107-00000202") {
      CHECK(d.state().reason().find("password_rejected") != std::string::npos);
      CHECK(d.reading_count() == 0);
    }
    if (d.device() == device) {
      CHECK(d.state().health() == v1::HEALTH_ONLINE);
      CHECK(d.state().model() == "NEVA MT324.23");
    }
  }
}

TEST_CASE("a write through the gateway or meterhubctl changes the imitator's value, a read returns it") {
  neva_site site;
  auto& p = site.p;

  auto written = command(p, v1::COMMAND_KIND_WRITE, "60.01.0A*FF", "PLANT-7 FEEDER");
  INFO(written.message());
  CHECK(written.status() == v1::COMMAND_STATUS_OK);
  auto read = command(p, v1::COMMAND_KIND_READ, "60.01.0A*FF", "");
  INFO(read.message());
  CHECK(read.status() == v1::COMMAND_STATUS_OK);
  REQUIRE(read.readings_size() == 1);
  CHECK(read.readings(0).text() == "PLANT-7 FEEDER");
  // The same through meterhubctl, as a user types it.
  testing::process ctl{{testing::program("meterhubctl").string(), "-g", p.gateway_address(), "command", device,
                        "write", "--address", "60.01.0A*FF", "--value", "FROM-CTL"},
                       p.dir().path(), "ctl-write"};
  REQUIRE(ctl.wait_exit(30s));
  INFO("meterhubctl: " << ctl.stdout_text() << ctl.stderr_text());
  CHECK(ctl.exit_code() == 0);
  CHECK(ctl.stdout_text().rfind("OK", 0) == 0);
  auto reread = command(p, v1::COMMAND_KIND_READ, "60.01.0A*FF", "");
  REQUIRE(reread.readings_size() == 1);
  CHECK(reread.readings(0).text() == "FROM-CTL");
  // 07:00:00 UTC is 10:00:00 on the meter's +03:00 wall clock.
  auto clock = command(p, v1::COMMAND_KIND_SET_CLOCK, "", "", 1'713'078'000'000);
  INFO(clock.message());
  CHECK(clock.status() == v1::COMMAND_STATUS_OK);
  auto date = command(p, v1::COMMAND_KIND_READ, "00.09.02*FF", "");
  CHECK(date.message() == "000902FF(240414)");
  auto time = command(p, v1::COMMAND_KIND_READ, "00.09.01*FF", "");
  CHECK(time.message().rfind("000901FF(1000", 0) == 0);
  auto refused = command(p, v1::COMMAND_KIND_READ, "99.99.99*FF", "");
  CHECK(refused.status() == v1::COMMAND_STATUS_DEVICE_ERROR);
  CHECK(refused.message().find("(01)") != std::string::npos);
}

TEST_CASE("half-hours rebuilt from the imitator's registers and profile match its next-day registers exactly") {
  platform p;
  std::unique_ptr<testing::process> sim;
  const int meter_port = start_imitator(p, sim);
  testing::process run{{testing::program("meterhub-iec61107").string(), "half-hours", "--port",
                        "127.0.0.1:" + std::to_string(meter_port), "--address", "00000201", "--password", "12345678",
                        "--days", "5", "--timezone", "+00:00"},
                       p.dir().path(), "half-hours"};
  REQUIRE(run.wait_exit(60s));
  INFO(run.stderr_text());
  CHECK(run.exit_code() == 0);
  const auto out = run.stdout_text();
  int drift_lines = 0;
  for (std::size_t at = out.find("drift"); at != std::string::npos; at = out.find("drift", at + 1)) {
    ++drift_lines;
    const auto line = out.substr(at, out.find('\n', at) - at);
    CHECK(line.find("Wh: 0.000 0.000 0.000 0.000 0.000") != std::string::npos);
  }
  CHECK(drift_lines == 5);
  CHECK(std::count(out.begin(), out.end(), '\n') >= 5 * 49);
}

TEST_CASE("archives arrive as backfilled readings on the meter's days, READ_ARCHIVE answers one day") {
  neva_site site;
  auto& p = site.p;
  // The first archive pass follows the first poll: yesterday's half hours, its drift and the day starts.
  const bool archived = testing::eventually([&] { return latest(p, "x:profile_drift").has_value(); }, 30s);
  INFO("adapter stderr: " << site.adapter->stderr_text());
  REQUIRE(archived);
  const auto drift = *latest(p, "x:profile_drift");
  CHECK(drift.value() == 0.0);
  const auto midnight = drift.time_unix_ms(); // the end of the meter's yesterday

  grpc::ClientContext ctx;
  v1::RangeRequest req;
  req.set_device(device);
  req.set_quantity("1-0:1.8.0");
  req.set_from_unix_ms(midnight - 86'400'000 + 1);
  req.set_to_unix_ms(midnight + 1);
  v1::RangeResponse res;
  REQUIRE(p.gateway().Range(&ctx, req, &res).ok());
  REQUIRE(res.readings_size() == 48); // 47 half hours and today's start register at 24:00
  for (int i = 0; i < res.readings_size(); ++i) {
    const auto& r = res.readings(i);
    CHECK(r.time_unix_ms() == midnight - 86'400'000 + (i + 1) * 1'800'000LL);
    CHECK(std::find(r.flags().begin(), r.flags().end(), v1::FLAG_BACKFILLED) != r.flags().end());
    if (i > 0)
      CHECK(r.value() >= res.readings(i - 1).value());
  }

  auto day = command(p, v1::COMMAND_KIND_READ_ARCHIVE, "", "", midnight - 43'200'000);
  INFO(day.message());
  CHECK(day.status() == v1::COMMAND_STATUS_OK);
  CHECK(day.readings_size() == 5 + 48 * 5); // the day's start registers and every interval
  CHECK(day.message().find(" 0.000 Wh off") != std::string::npos);
  auto too_old = command(p, v1::COMMAND_KIND_READ_ARCHIVE, "", "", midnight - 200LL * 86'400'000);
  CHECK(too_old.status() == v1::COMMAND_STATUS_REJECTED);
}
