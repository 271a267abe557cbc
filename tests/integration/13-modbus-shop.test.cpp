// meterhub-modbus over meterhub-modbus-sim, with the whole platform (Mosquitto, storage, the gateway): a Mercury 234
// and an OWEN MV110 sharing one RTU line on the simulator's pty, two SDM630s over Modbus TCP. Readings arrive in
// storage and through the gateway; a silenced unit goes offline with its timeouts counted while its neighbour on the
// same line keeps being polled; storage holds one row per (quantity, time); a Mercury outage is backfilled from the
// meter's power profile with the meter's time stamps.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <catch2/catch.hpp>

#include "modbus_sim_process.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

using simulator = modbus_simulator;

std::unique_ptr<testing::process> start_adapter(platform& p, const std::string& tty, int tcp_port) {
  const auto file = p.dir() / "modbus-shop.yaml";
  std::ofstream(file)
    << "lines:\n  - port: " << tty << "\n    serial: 9600 8N1\n    response_timeout: 300ms\n    devices:\n"
    << "      - {profile: mercury234, address: 17, id: merc-17, timezone: '+00:00', max_backoff: 2s}\n"
    << "      - {profile: owen-mv110-224-16dn, unit: 16, id: mv-16, poll: {inputs: 1s, counters: 1s},"
       " max_backoff: 2s}\n"
    << "  - port: tcp://127.0.0.1:" << tcp_port << "\n    response_timeout: 300ms\n    devices:\n"
    << "      - {profile: sdm630, unit: 1, id: sdm-1, poll: {instant: 1s, energy: 1s}, max_backoff: 2s}\n"
    << "      - {profile: sdm630, unit: 2, id: sdm-2, poll: {instant: 1s, energy: 1s}, max_backoff: 2s}\n";
  return std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/env", "METERHUB_BUS__URL=" + p.broker().url(),
                             "METERHUB_BUS__STATE_DIR=" + (p.dir() / "modbus-bus").string(),
                             "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(testing::free_port()),
                             "METERHUB_LOG__LEVEL=debug", testing::program("meterhub-modbus").string(), "run",
                             "--config", file.string()},
    p.dir().path(), "modbus");
}

std::uint64_t counter(const v1::DeviceState& s, const std::string& name) {
  return s.counters().count(name) ? s.counters().at(name) : 0;
}

} // namespace

TEST_CASE("a shop on the simulator: Mercury and MV110 on one pty, SDM630s on TCP, a silenced unit offline") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const auto tty = (p.dir() / "ttyRS485").string();
  simulator sim{p.dir(), {"--tcp", "127.0.0.1:0", "--pty-link", tty, "--utc-offset", "+00:00", "--device",
                          "1-2:sdm630@tcp1", "--device", "17:mercury234@pty1", "--device",
                          "16:owen-mv110-224-16dn@pty1"}, 2};
  auto adapter = start_adapter(p, tty, sim.tcp_port());
  INFO("modbus-sim: " << sim.log());
  const bool arrived = testing::eventually([&] {
    return p.latest("merc-17", "1-0:1.7.0") && p.latest("mv-16", "x:di") && p.latest("sdm-1", "1-0:32.7.0") &&
           p.latest("sdm-2", "1-0:32.7.0");
  }, 60s);
  INFO("adapter stderr: " << adapter->stderr_text());
  REQUIRE(arrived);
  const double voltage = p.latest("sdm-1", "1-0:32.7.0")->value();
  CHECK(voltage > 200.0);
  CHECK(voltage < 260.0);
  CHECK(p.latest("merc-17", "1-0:1.7.0")->value() >= 0.0);

  // Silence on the MV110: it goes offline with its timeouts counted; the Mercury beside it keeps being read.
  sim.control("fault 16@pty1 silence");
  REQUIRE(testing::eventually([&] {
    auto s = p.device_state("mv-16");
    return s && s->health() == v1::HEALTH_OFFLINE && counter(*s, "timeouts") >= 2;
  }, 30s));
  const auto merc_before = p.latest("merc-17", "1-0:1.7.0")->time_unix_ms();
  CHECK(testing::eventually([&] {
    auto r = p.latest("merc-17", "1-0:1.7.0");
    return r && r->time_unix_ms() > merc_before;
  }, 30s));
  CHECK(p.device_state("merc-17")->health() == v1::HEALTH_ONLINE);
  CHECK(p.device_state("sdm-1")->health() == v1::HEALTH_ONLINE);

  // Cleared: back online.
  sim.control("clear");
  CHECK(testing::eventually([&] {
    auto s = p.device_state("mv-16");
    return s && s->health() == v1::HEALTH_ONLINE;
  }, 30s));

  // One row per (quantity, time) in storage.
  for (const auto* device : {"sdm-1", "merc-17", "mv-16"}) {
    auto rows = p.stored(device);
    INFO(device << ": " << rows.size() << " rows");
    CHECK_FALSE(rows.empty());
    CHECK(unique_keys(rows).size() == rows.size());
  }
}

TEST_CASE("a shop on the simulator: bad CRCs counted, a SIGKILLed simulator restarted on its ports is recovered") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const auto tty = (p.dir() / "ttyRS485").string();
  const int port = testing::free_port();
  const std::vector<std::string> args{"--tcp", "127.0.0.1:" + std::to_string(port), "--pty-link", tty,
                                      "--utc-offset", "+00:00", "--device", "1-2:sdm630@tcp1", "--device",
                                      "17:mercury234@pty1", "--device", "16:owen-mv110-224-16dn@pty1"};
  auto sim = std::make_unique<simulator>(p.dir(), args, 2);
  auto adapter = start_adapter(p, tty, port);
  const bool arrived = testing::eventually([&] {
    return p.latest("mv-16", "x:di") && p.latest("sdm-1", "1-0:32.7.0");
  }, 60s);
  INFO("adapter stderr: " << adapter->stderr_text());
  REQUIRE(arrived);

  sim->control("fault 16@pty1 bad-crc");
  CHECK(testing::eventually([&] {
    auto s = p.device_state("mv-16");
    return s && counter(*s, "bad_frames") >= 2;
  }, 30s));
  sim->control("clear");

  sim->kill_hard();
  sim.reset();
  const auto restarted_ms = wall_clock_ms();
  sim = std::make_unique<simulator>(p.dir(), args, 2);
  INFO("modbus-sim after restart: " << sim->log());
  CHECK(testing::eventually([&] {
    auto mv = p.latest("mv-16", "x:di");
    auto sdm = p.latest("sdm-1", "1-0:32.7.0");
    return mv && sdm && mv->time_unix_ms() > restarted_ms && sdm->time_unix_ms() > restarted_ms;
  }, 60s));
  CHECK(testing::eventually([&] {
    auto s = p.device_state("mv-16");
    return s && s->health() == v1::HEALTH_ONLINE;
  }, 30s));
  for (const auto* device : {"sdm-1", "mv-16"}) {
    auto rows = p.stored(device);
    INFO(device << ": " << rows.size() << " rows");
    CHECK(unique_keys(rows).size() == rows.size());
  }
}

namespace {

/// deploy/profiles copied to `dir`/profiles with the Mercury 234's power profile period shortened to one minute, so
/// that an outage of a minute and a half spans a whole period the meter recorded while nobody could read it.
std::filesystem::path profiles_with_minute_period(const testing::temp_dir& dir) {
  const auto source = std::filesystem::path{MH_TEST_DATA_DIR}.parent_path().parent_path() / "deploy/profiles";
  const auto target = dir / "profiles";
  std::filesystem::copy(source, target, std::filesystem::copy_options::recursive);
  const auto file = target / "mercury234.yaml";
  std::ifstream in{file};
  std::string text{std::istreambuf_iterator<char>{in}, {}};
  const auto at = text.find("profile_period: 30m");
  REQUIRE(at != std::string::npos);
  text.replace(at, 19, "profile_period: 1m");
  std::ofstream(file, std::ios::trunc) << text;
  return target;
}

bool flagged(const v1::Reading& r, v1::Flag flag) {
  for (const auto f : r.flags())
    if (f == flag)
      return true;
  return false;
}

} // namespace

TEST_CASE("a shop on the simulator: a Mercury outage is filled from the meter's power profile once it answers") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const auto profiles = profiles_with_minute_period(p.dir());
  const auto tty = (p.dir() / "ttyRS485").string();
  simulator sim{p.dir(), {"--pty-link", tty, "--utc-offset", "+00:00", "--profiles", profiles.string(), "--device",
                          "17:mercury234@pty1"}, 1};
  // The meter's clock keeps UTC here: read once with that zone its drift is small; with the default +03:00 the
  // same clock reads three hours behind, which is what the drift says.
  for (const auto& [zone, drift] : {std::pair{"+00:00", 0.0}, std::pair{"+03:00", -10800.0}}) {
    testing::process read{{testing::program("meterhub-modbus").string(), "read", "--port", tty, "--profiles",
                           profiles.string(), "--profile", "mercury234", "--address", "17", "--timezone", zone,
                           "--json"},
                          p.dir().path(), "read"};
    REQUIRE(read.wait_exit(30s));
    INFO("read --timezone " << zone << ": " << read.stdout_text() << read.stderr_text());
    CHECK(read.exit_code() == 0);
    const auto out = read.stdout_text();
    const auto at = out.find("\"quantity\":\"x:clock_drift\",\"value\":");
    REQUIRE(at != std::string::npos);
    CHECK(std::abs(std::stod(out.substr(out.find("\"value\":", at) + 8)) - drift) < 30.0);
  }

  const auto file = p.dir() / "modbus-outage.yaml";
  std::ofstream(file) << "profiles: " << profiles.string() << "\nlines:\n  - port: " << tty
                      << "\n    serial: 9600 8N1\n    response_timeout: 300ms\n    devices:\n"
                      << "      - {profile: mercury234, address: 17, id: merc-17, timezone: '+00:00',"
                         " poll: {instant: 1s, energy: 5s}, max_backoff: 2s}\n";
  testing::process adapter{
    {"/usr/bin/env", "METERHUB_BUS__URL=" + p.broker().url(),
     "METERHUB_BUS__STATE_DIR=" + (p.dir() / "modbus-bus").string(),
     "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(testing::free_port()), "METERHUB_LOG__LEVEL=debug",
     testing::program("meterhub-modbus").string(), "run", "--config", file.string()},
    p.dir().path(), "modbus"};
  const bool arrived = testing::eventually([&] { return p.latest("merc-17", "1-0:1.7.0").has_value(); }, 60s);
  INFO("adapter stderr: " << adapter.stderr_text());
  REQUIRE(arrived);

  // Silent for 90 s: at least one whole one-minute period ends inside the outage.
  const auto silenced_ms = wall_clock_ms();
  sim.control("fault 17 silence");
  REQUIRE(testing::eventually([&] {
    auto s = p.device_state("merc-17");
    return s && s->health() == v1::HEALTH_OFFLINE;
  }, 30s));
  std::this_thread::sleep_for(std::chrono::milliseconds{silenced_ms + 90'000 - wall_clock_ms()});
  sim.control("clear");
  const auto cleared_ms = wall_clock_ms();

  std::vector<v1::Reading> filled;
  const bool backfilled = testing::eventually([&] {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    v1::RangeRequest req;
    req.set_device("merc-17");
    req.set_quantity("1-0:1.29.0");
    req.set_from_unix_ms(silenced_ms);
    req.set_to_unix_ms(cleared_ms);
    req.set_limit(1000);
    v1::RangeResponse resp;
    if (!p.gateway().Range(&ctx, req, &resp).ok())
      return false;
    filled.assign(resp.readings().begin(), resp.readings().end());
    return !filled.empty();
  }, 60s);
  INFO("modbus-sim: " << sim.log());
  INFO("adapter stderr after the outage: " << adapter.stderr_text());
  REQUIRE(backfilled);
  CHECK(adapter.stderr_text().find("merc-17: backfilled ") != std::string::npos);
  for (const auto& r : filled) {
    INFO("period ending " << r.time_unix_ms() << " in the outage " << silenced_ms << ".." << cleared_ms);
    CHECK(flagged(r, v1::FLAG_BACKFILLED));
    CHECK(r.time_unix_ms() % 60'000 == 0); // the meter's period ends, not the time it was read
    CHECK(r.has_value());
    CHECK(r.value() >= 0.0);
  }
  CHECK(testing::eventually([&] {
    auto s = p.device_state("merc-17");
    return s && s->health() == v1::HEALTH_ONLINE;
  }, 30s));
  auto rows = p.stored("merc-17");
  CHECK(unique_keys(rows).size() == rows.size());
}
