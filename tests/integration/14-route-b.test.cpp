// meterhub-echonet over meterhub-echonet-sim on a real pty, with the whole platform (Mosquitto, storage, the
// gateway): the module joins (scan, PANA), the meter is polled; re-authentication, the transmit-time limit and a lost
// session in the middle of polling cost no readings; a restart rejoins the saved PAN without a scan; after the
// service was stopped across the meter's midnight, its half-hour history fills exactly the gap, each slot once.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

const std::string rbid = "00112233445566778899AABBCCDDEEFF";
const std::string password = "0123456789AB";

/// meterhub-echonet-sim with its control lines on a fifo this fixture holds open.
class route_b_simulator {
public:
  route_b_simulator(const testing::temp_dir& dir, std::vector<std::string> args) {
    const auto fifo = dir / "route-b-control";
    ::unlink(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::vector<std::string> argv{testing::program("meterhub-echonet-sim").string(), "--control-stdin", "--rbid",
                                  rbid, "--password", password};
    argv.insert(argv.end(), args.begin(), args.end());
    proc_ = std::make_unique<testing::process>(argv, dir.path(), "echonet-sim", fifo);
    REQUIRE(testing::eventually([&] { return (control_ = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK)) >= 0; }, 10s));
    ::fcntl(control_, F_SETFL, 0);
    REQUIRE(testing::eventually([&] { return !pty().empty(); }, 10s));
  }
  ~route_b_simulator() {
    ::close(control_);
    proc_->stop();
  }
  std::string pty() const {
    std::istringstream lines{proc_->stdout_text()};
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("pty: ", 0) == 0)
        return line.substr(5);
    return {};
  }
  /// Sends one control line and returns the simulator's answer.
  std::string control(const std::string& line) {
    const auto lines = [&] {
      const auto text = proc_->stdout_text();
      return std::count(text.begin(), text.end(), '\n');
    };
    const auto before = lines();
    const auto text = line + "\n";
    REQUIRE(::write(control_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(testing::eventually([&] { return lines() > before; }, 5s));
    auto out = proc_->stdout_text();
    out.pop_back();
    return out.substr(out.rfind('\n') + 1);
  }

private:
  std::unique_ptr<testing::process> proc_;
  int control_ = -1;
};

std::unique_ptr<testing::process> start_adapter(platform& p, const std::string& pty, int http_port) {
  const auto file = p.dir() / "echonet.yaml";
  std::ofstream(file) << "state_dir: " << (p.dir() / "echonet-state").string() << "\nmodules:\n  - device: home\n"
                      << "    port: " << pty << "\n    route_b_id_env: RBID\n    password_env: RBPW\n"
                      << "    reply_timeout: 2s\n    session: {first_duration: 3, max_duration: 6, restart_delay: 1s}\n"
                      << "    poll:\n      - {name: instant, epcs: [E7, E8], interval: 1s}\n"
                      << "      - {name: energy, epcs: [E0, E3], interval: 2s}\n";
  return std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/env", "RBID=" + rbid, "RBPW=" + password,
                             "METERHUB_BUS__URL=" + p.broker().url(),
                             "METERHUB_BUS__STATE_DIR=" + (p.dir() / "echonet-bus").string(),
                             "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http_port),
                             "METERHUB_LOG__LEVEL=debug", testing::program("meterhub-echonet").string(), "run",
                             "--config", file.string()},
    p.dir().path(), "echonet");
}

std::uint64_t counter(const std::optional<v1::DeviceState>& s, const std::string& name) {
  return s && s->counters().count(name) ? s->counters().at(name) : 0;
}

std::string attribute(const std::optional<v1::DeviceState>& s, const std::string& name) {
  return s && s->attributes().count(name) ? s->attributes().at(name) : "";
}

/// Host time of the latest live power reading, 0 when none.
std::int64_t latest_power_ms(platform& p) {
  auto r = p.latest("home", "1-0:1.7.0");
  return r ? r->time_unix_ms() : 0;
}

/// Waits until a power reading newer than now arrives: polling goes on.
bool polls_again(platform& p, std::chrono::seconds within) {
  const auto since = wall_clock_ms();
  return testing::eventually([&] { return latest_power_ms(p) > since; }, within);
}

} // namespace

TEST_CASE("Route B: join, poll, re-authentication, transmit limit and a lost session cost no readings") {
  platform p;
  p.start_storage();
  p.start_gateway();
  route_b_simulator sim{p.dir(), {"--model", "bp35c2", "--scan-min-duration", "5", "--reply-delay", "30ms"}};
  const int http = testing::free_port();
  auto adapter = start_adapter(p, sim.pty(), http);
  INFO("adapter stderr: " << adapter->stderr_text());
  REQUIRE(testing::eventually([&] { return p.latest("home", "1-0:1.7.0") && p.latest("home", "1-0:1.8.0"); }, 60s));
  const auto joined = p.device_state("home");
  REQUIRE(joined);
  CHECK(joined->health() == v1::HEALTH_ONLINE);
  CHECK(attribute(joined, "session") == "joined");
  CHECK(attribute(joined, "module") == "BP35C2");
  CHECK(attribute(joined, "pan_id") == "8888");
  CHECK(attribute(joined, "channel") == "33");
  CHECK(attribute(joined, "lqi") == "224");
  CHECK(joined->model().find("SIM") != std::string::npos);

  SECTION("re-authentication in the middle of polling") {
    CHECK(sim.control("reauth") == "ok reauth");
    CHECK(polls_again(p, 20s));
  }
  SECTION("the transmit-time limit holds requests until it is lifted") {
    CHECK(sim.control("txlimit on") == "ok txlimit on");
    std::this_thread::sleep_for(3s);
    const auto held_since = wall_clock_ms();
    CHECK(latest_power_ms(p) < held_since);
    CHECK(sim.control("txlimit off") == "ok txlimit off");
    CHECK(polls_again(p, 20s));
  }
  SECTION("a lost session is rejoined on the saved PAN") {
    CHECK(sim.control("lose-session") == "ok lose-session");
    CHECK(testing::eventually([&] { return counter(p.device_state("home"), "session_lost") >= 1; }, 20s));
    CHECK(polls_again(p, 40s));
    CHECK(attribute(p.device_state("home"), "session") == "joined");
  }
  // storage holds one row per (quantity, time)
  const auto rows = p.stored("home");
  CHECK(unique_keys(rows).size() == rows.size());
  CHECK(metric_value(metrics_of(http), "meterhub_echonet_errors_total{device=\"home\",kind=\"bad_lines\"}") == 0);
}

TEST_CASE("Route B: after the service was down across the meter's midnight, the history fills the gap once") {
  platform p;
  p.start_storage();
  p.start_gateway();
  route_b_simulator sim{p.dir(), {"--start", "2024-04-14T23:50:00", "--seed", "7"}};
  const int http = testing::free_port();
  constexpr std::int64_t jst = 9 * 3'600'000;
  const auto midnight_14 = unix_ms_from_utc(2024, 4, 14, 0, 0, 0) - jst;
  const auto slots_of = [&] {
    std::map<std::int64_t, double> slots;
    for (const auto& [quantity, time, value] : p.stored("home"))
      if (quantity == "1-0:1.8.0" && time < unix_ms_from_utc(2025, 1, 1, 0, 0, 0))
        slots[time] = value;
    return slots;
  };
  {
    auto first = start_adapter(p, sim.pty(), http);
    INFO("first run: " << first->stderr_text());
    // First start: today's slots from the meter's midnight up to 23:30, 48 per direction.
    REQUIRE(testing::eventually([&] { return counter(p.device_state("home"), "backfilled_slots") == 96; }, 60s));
    REQUIRE(testing::eventually([&] { return slots_of().size() == 48; }, 20s));
    CHECK(slots_of().begin()->first == midnight_14);
    first->stop();
  }
  // The meter lives on for 90 minutes while the service is down: its clock passes midnight.
  CHECK(sim.control("advance 90m").rfind("ok advance 2024-04-14T16:20", 0) == 0);
  auto second = start_adapter(p, sim.pty(), http);
  INFO("second run: " << second->stderr_text());
  REQUIRE(testing::eventually([&] { return slots_of().size() == 51; }, 60s));
  const auto state = p.device_state("home");
  CHECK(counter(state, "backfilled_slots") == 6); // 00:00, 00:30 and 01:00, both directions: nothing twice
  CHECK(second->stderr_text().find("rejoining the saved PAN") != std::string::npos);
  const auto slots = slots_of();
  std::int64_t expected = midnight_14;
  double previous = 0;
  for (const auto& [time, value] : slots) {
    CHECK(time == expected); // every half hour, none missing
    CHECK(value >= previous);
    previous = value;
    expected += 30 * 60'000;
  }
  CHECK(slots.rbegin()->first == midnight_14 + 25 * 3'600'000); // 01:00 on the 15th, Japan time
  const auto rows = p.stored("home");
  CHECK(unique_keys(rows).size() == rows.size());
}

TEST_CASE("Route B: meterhub-echonet history prints yesterday and today, every half hour once, in order") {
  testing::temp_dir dir{"route-b-history"};
  route_b_simulator sim{dir, {"--start", "2024-04-15T01:20:00", "--model", "bp35c2"}};
  testing::process cli({"/usr/bin/env", "METERHUB_ROUTE_B_ID=" + rbid, "METERHUB_ROUTE_B_PASSWORD=" + password,
                        testing::program("meterhub-echonet").string(), "history", "--port", sim.pty(), "--days", "2",
                        "--json"},
                       dir.path(), "echonet-history");
  REQUIRE(cli.wait_exit(120s));
  INFO("stderr: " << cli.stderr_text());
  REQUIRE(cli.exit_code() == 0);
  std::vector<std::string> times;
  std::istringstream lines{cli.stdout_text()};
  double previous = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"1-0:1.8.0\"") == std::string::npos)
      continue;
    CHECK(line.find("\"backfilled\"") != std::string::npos);
    const auto t = line.find("\"time\":\"");
    times.push_back(line.substr(t + 8, 20));
    const auto v = line.find("\"value\":");
    const double value = std::stod(line.substr(v + 8));
    CHECK(value >= previous);
    previous = value;
  }
  // 2024-04-14 00:00 JST (15:00Z the day before) to 2024-04-15 01:00 JST (16:00Z): 48 + 3 slots.
  REQUIRE(times.size() == 51);
  CHECK(times.front() == "2024-04-13T15:00:00Z");
  CHECK(times[47] == "2024-04-14T14:30:00Z");
  CHECK(times.back() == "2024-04-14T16:00:00Z");
}
