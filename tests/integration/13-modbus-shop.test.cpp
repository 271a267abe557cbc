// meterhub-modbus over meterhub-modbus-sim, with the whole platform (Mosquitto, storage, the gateway): a Mercury 234
// and an OWEN MV110 sharing one RTU line on the simulator's pty, two SDM630s over Modbus TCP. Readings arrive in
// storage and through the gateway; a silenced unit goes offline with its timeouts counted while its neighbour on the
// same line keeps being polled; storage holds one row per (quantity, time).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <catch2/catch.hpp>

#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

/// meterhub-modbus-sim with --control-stdin fed from a fifo held open here; waits for its "pty: " line.
class simulator {
public:
  simulator(const testing::temp_dir& dir, std::vector<std::string> args) {
    const auto fifo = dir / "control";
    ::unlink(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::vector<std::string> argv{testing::program("meterhub-modbus-sim").string(), "--control-stdin",
                                  "--log-level", "debug"};
    argv.insert(argv.end(), args.begin(), args.end());
    proc_ = std::make_unique<testing::process>(argv, dir.path(), "modbus-sim", fifo);
    REQUIRE(testing::eventually([&] { return (control_ = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK)) >= 0; }, 10s));
    ::fcntl(control_, F_SETFL, 0);
    const bool started = testing::eventually([&] {
      return proc_->stdout_text().find("pty: ") != std::string::npos;
    }, 15s);
    INFO("modbus-sim stderr: " << proc_->stderr_text());
    REQUIRE(started);
  }
  ~simulator() {
    ::close(control_);
    proc_->stop();
  }
  /// The port of the first "tcp: HOST:PORT" line.
  int tcp_port() const {
    const auto out = proc_->stdout_text();
    const auto at = out.find("tcp: ");
    REQUIRE(at != std::string::npos);
    const auto line = out.substr(at, out.find('\n', at) - at);
    return std::stoi(line.substr(line.rfind(':') + 1));
  }
  /// Sends one control line and waits for its answer.
  void control(const std::string& line) {
    const auto answers = [&] {
      const auto out = proc_->stdout_text();
      std::size_t n = 0;
      for (auto at = out.find("faults: "); at != std::string::npos; at = out.find("faults: ", at + 1))
        ++n;
      return n;
    };
    const auto before = answers();
    const auto text = line + "\n";
    REQUIRE(::write(control_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(testing::eventually([&] { return answers() > before; }, 5s));
  }
  std::string log() const { return proc_->stderr_text(); }
  /// SIGKILL: the simulator's box lost power.
  void kill_hard() { proc_->kill_hard(); }

private:
  std::unique_ptr<testing::process> proc_;
  int control_ = -1;
};

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

std::optional<v1::DeviceState> state_of(platform& p, const std::string& id) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  v1::ListDevicesResponse listed;
  if (!p.gateway().ListDevices(&ctx, {}, &listed).ok())
    return std::nullopt;
  for (const auto& d : listed.devices())
    if (d.device() == id)
      return d.state();
  return std::nullopt;
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
                          "16:owen-mv110-224-16dn@pty1"}};
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
    auto s = state_of(p, "mv-16");
    return s && s->health() == v1::HEALTH_OFFLINE && counter(*s, "timeouts") >= 2;
  }, 30s));
  const auto merc_before = p.latest("merc-17", "1-0:1.7.0")->time_unix_ms();
  CHECK(testing::eventually([&] {
    auto r = p.latest("merc-17", "1-0:1.7.0");
    return r && r->time_unix_ms() > merc_before;
  }, 30s));
  CHECK(state_of(p, "merc-17")->health() == v1::HEALTH_ONLINE);
  CHECK(state_of(p, "sdm-1")->health() == v1::HEALTH_ONLINE);

  // Cleared: back online.
  sim.control("clear");
  CHECK(testing::eventually([&] {
    auto s = state_of(p, "mv-16");
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
  auto sim = std::make_unique<simulator>(p.dir(), args);
  auto adapter = start_adapter(p, tty, port);
  const bool arrived = testing::eventually([&] {
    return p.latest("mv-16", "x:di") && p.latest("sdm-1", "1-0:32.7.0");
  }, 60s);
  INFO("adapter stderr: " << adapter->stderr_text());
  REQUIRE(arrived);

  sim->control("fault 16@pty1 bad-crc");
  CHECK(testing::eventually([&] {
    auto s = state_of(p, "mv-16");
    return s && counter(*s, "bad_frames") >= 2;
  }, 30s));
  sim->control("clear");

  sim->kill_hard();
  sim.reset();
  const auto restarted_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
  sim = std::make_unique<simulator>(p.dir(), args);
  INFO("modbus-sim after restart: " << sim->log());
  CHECK(testing::eventually([&] {
    auto mv = p.latest("mv-16", "x:di");
    auto sdm = p.latest("sdm-1", "1-0:32.7.0");
    return mv && sdm && mv->time_unix_ms() > restarted_ms && sdm->time_unix_ms() > restarted_ms;
  }, 60s));
  CHECK(testing::eventually([&] {
    auto s = state_of(p, "mv-16");
    return s && s->health() == v1::HEALTH_ONLINE;
  }, 30s));
  for (const auto* device : {"sdm-1", "mv-16"}) {
    auto rows = p.stored(device);
    INFO(device << ": " << rows.size() << " rows");
    CHECK(unique_keys(rows).size() == rows.size());
  }
}
