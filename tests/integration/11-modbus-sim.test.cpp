// meterhub-modbus-sim against clients nobody here wrote: mbpoll (Debian) over Modbus TCP and over RTU on the pty
// the simulator creates, and a pymodbus 3.0 client (tools/modbus_sim_client.py) over RTU-over-TCP (mbpoll has no
// such mode) and on the pty. Values are plausible for the device, writes read back, energy grows while power flows,
// faults switched at run time on --control-stdin show as those clients see them, and many ports answer at once.

#include <cstring>
#include <numeric>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "meterhub/testing/process.hpp"
#include "modbus_sim_process.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

using simulator = it::modbus_simulator;
using it::port_of;

/// What a client program did: its exit code, stdout and stderr.
struct run_result {
  int code = -1;
  std::string out, err;
};

run_result run(const testing::temp_dir& dir, std::vector<std::string> argv, const std::string& name) {
  testing::process proc{std::move(argv), dir.path(), name};
  if (!proc.wait_exit(30s)) {
    proc.stop();
    FAIL(name << " did not finish");
  }
  return {proc.exit_code(), proc.stdout_text(), proc.stderr_text()};
}

/// mbpoll, once, 0-based references, 0.5 s timeout, followed by `args` (mode, unit, table, device, values).
run_result mbpoll(const testing::temp_dir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/mbpoll", "-1", "-0", "-o", "0.5"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(dir, argv, "mbpoll");
}

std::vector<std::string> mbpoll_tcp(int port, const std::string& units) {
  return {"-m", "tcp", "-p", std::to_string(port), "-a", units};
}

std::vector<std::string> mbpoll_tcp(int port, int unit) {
  return mbpoll_tcp(port, std::to_string(unit));
}

std::vector<std::string> mbpoll_rtu(int unit) {
  return {"-m", "rtu", "-b", "9600", "-P", "none", "-a", std::to_string(unit)};
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// The values mbpoll printed ("[52]: \t1585.2"), by reference.
std::map<int, double> values_of(const run_result& r) {
  std::map<int, double> out;
  static const std::regex value_line{R"(^\[(\d+)\]:\s+(\S+))"};
  std::istringstream lines{r.out};
  for (std::string line; std::getline(lines, line);)
    if (std::smatch m; std::regex_search(line, m, value_line))
      out[std::stoi(m[1])] = std::stod(m[2]);
  return out;
}

/// How many "-- Polling slave N..." blocks of mbpoll's output carry values.
int answered_units(const run_result& r) {
  int n = 0;
  std::istringstream lines{r.out};
  bool polling = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("-- Polling slave", 0) == 0)
      polling = true;
    else if (polling && line.rfind("[", 0) == 0) {
      ++n;
      polling = false;
    }
  }
  return n;
}

/// tools/modbus_sim_client.py (pymodbus 3.0) with `args`; its JSON answer.
nlohmann::json pymodbus(const testing::temp_dir& dir, std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/python3",
                                std::string{MH_TEST_DATA_DIR} + "/../integration/tools/modbus_sim_client.py"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run(dir, argv, "pymodbus");
  INFO("pymodbus: " << r.out << r.err);
  REQUIRE_FALSE(r.out.empty());
  auto j = nlohmann::json::parse(r.out);
  CHECK((r.code == 0) == !j.contains("error"));
  return j;
}

/// An IEEE 754 float from two registers, high word first (the SDM630's order).
double float_of(const nlohmann::json& registers, std::size_t at) {
  const std::uint32_t bits = (registers.at(at).get<std::uint32_t>() << 16) | registers.at(at + 1).get<std::uint32_t>();
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

/// SDM630 input references (0-based): L1..L3 voltages 0..4, currents 6..10, total power 52, frequency 70, import kWh
/// 72 (the vendor's 30001.., 30053, 30071, 30073).
void check_plausible_sdm630(const std::map<int, double>& v) {
  for (int at : {0, 2, 4}) {
    INFO("voltage at " << at);
    REQUIRE(v.count(at));
    CHECK(v.at(at) > 200.0);
    CHECK(v.at(at) < 260.0);
  }
  for (int at : {6, 8, 10})
    if (v.count(at)) {
      CHECK(v.at(at) >= 0.0);
      CHECK(v.at(at) < 200.0);
    }
}

} // namespace

TEST_CASE("mbpoll reads an SDM630 over Modbus TCP, over RTU on the pty, pymodbus over RTU-over-TCP") {
  testing::temp_dir dir{"meterhub-modbus-sim-it"};
  simulator sim{dir, {"--tcp", "127.0.0.1:0", "--rtu-tcp", "127.0.0.1:0", "--pty", "--device", "1:sdm630"}, 3};
  INFO("modbus-sim: " << sim.log());

  auto tcp = mbpoll(dir, mbpoll_tcp(sim.tcp_port(), 1) + std::vector<std::string>{"-r", "0", "-c", "12", "-t",
                                                                                  "3:float", "-B", "127.0.0.1"});
  INFO("mbpoll tcp: " << tcp.out << tcp.err);
  REQUIRE(tcp.code == 0);
  check_plausible_sdm630(values_of(tcp));
  auto freq = mbpoll(dir, mbpoll_tcp(sim.tcp_port(), 1) + std::vector<std::string>{"-r", "70", "-c", "1", "-t",
                                                                                   "3:float", "-B", "127.0.0.1"});
  REQUIRE(freq.code == 0);
  REQUIRE(values_of(freq).count(70));
  CHECK(values_of(freq).at(70) == Approx(50.0).margin(1.0));
  // A unit nobody configured: the TCP side answers as a gateway whose target is not there.
  auto absent = mbpoll(dir, mbpoll_tcp(sim.tcp_port(), 2) + std::vector<std::string>{"-r", "0", "-c", "2", "-t",
                                                                                     "3:float", "-B", "127.0.0.1"});
  CHECK(absent.code != 0);
  CHECK(values_of(absent).empty());

  auto rtu = mbpoll(dir, mbpoll_rtu(1) + std::vector<std::string>{"-r", "0", "-c", "6", "-t", "3:float", "-B",
                                                                  sim.pty()});
  INFO("mbpoll rtu: " << rtu.out << rtu.err);
  REQUIRE(rtu.code == 0);
  check_plausible_sdm630(values_of(rtu));

  auto over_tcp = pymodbus(dir, {"--rtu-tcp", sim.rtu_tcp(), "--unit", "1", "--table", "input", "--address", "0",
                                 "--count", "12"});
  REQUIRE(over_tcp.contains("registers"));
  std::map<int, double> decoded;
  for (int at = 0; at < 12; at += 2)
    decoded[at] = float_of(over_tcp["registers"], static_cast<std::size_t>(at));
  check_plausible_sdm630(decoded);
}

TEST_CASE("pymodbus reads an OWEN MV110 on the pty, mbpoll and pymodbus write it and read back") {
  testing::temp_dir dir{"meterhub-modbus-sim-mv110"};
  // Model time runs 50 times as fast, so that the machines behind the inputs switch and their counters count.
  simulator sim{dir, {"--pty", "--speed", "50", "--seed", "7", "--device", "16:owen-mv110-224-16dn"}, 1};
  INFO("modbus-sim: " << sim.log());
  const auto pty = sim.pty();

  auto mask = pymodbus(dir, {"--serial", pty, "--unit", "16", "--address", "0x33"});
  REQUIRE(mask.contains("registers"));
  REQUIRE(mask["registers"].size() == 1);
  CHECK(mask["registers"][0].get<int>() <= 0xFFFF);
  // Only the listed registers answer (the module's table has nothing at 0x34).
  auto unlisted = pymodbus(dir, {"--serial", pty, "--unit", "16", "--address", "0x34"});
  CHECK(unlisted["error"].get<std::string>().find("IllegalAddress") != std::string::npos);

  auto counters = [&] {
    auto c = pymodbus(dir, {"--serial", pty, "--unit", "16", "--address", "0x40", "--count", "16"});
    REQUIRE(c.contains("registers"));
    REQUIRE(c["registers"].size() == 16);
    return std::accumulate(c["registers"].begin(), c["registers"].end(), 0,
                           [](int sum, const nlohmann::json& v) { return sum + v.get<int>(); });
  };
  int counted = 0;
  CHECK(testing::eventually([&] { return (counted = counters()) >= 20; }, 60s));
  INFO("counted " << counted);

  // The module takes function 16 only (table 6.1): mbpoll's single-register write (function 6) is refused.
  auto single = mbpoll(dir, mbpoll_rtu(16) + std::vector<std::string>{"-r", "0x40", "-t", "4", pty, "0"});
  CHECK(single.code != 0);
  CHECK(single.err.find("Illegal function") != std::string::npos);
  // Sixteen zeros, one function-16 request: every counter reset ("To reset the counter, write 0").
  std::vector<std::string> reset = mbpoll_rtu(16) + std::vector<std::string>{"-r", "0x40", "-t", "4", pty};
  reset.insert(reset.end(), 16, "0");
  auto written = mbpoll(dir, reset);
  INFO("mbpoll write: " << written.out << written.err);
  REQUIRE(written.code == 0);
  CHECK(written.out.find("Written 16 references") != std::string::npos);
  CHECK(counters() < counted / 2);
  // A counter takes 0 only.
  auto refused = pymodbus(dir, {"--serial", pty, "--unit", "16", "--address", "0x40", "--write", "5"});
  CHECK(refused["error"].get<std::string>().find("IllegalValue") != std::string::npos);

  // The network time-out (0..600 s): pymodbus writes, mbpoll reads back.
  auto timeout = pymodbus(dir, {"--serial", pty, "--unit", "16", "--address", "0x30", "--write", "123"});
  CHECK(timeout["written"] == 1);
  auto back = mbpoll(dir, mbpoll_rtu(16) + std::vector<std::string>{"-r", "0x30", "-t", "4", pty});
  REQUIRE(back.code == 0);
  CHECK(values_of(back)[0x30] == 123);
  auto too_long = pymodbus(dir, {"--serial", pty, "--unit", "16", "--address", "0x30", "--write", "601"});
  CHECK(too_long.contains("error"));
}

TEST_CASE("an SDM630's import energy grows between two reads while its power is positive") {
  testing::temp_dir dir{"meterhub-modbus-sim-energy"};
  simulator sim{dir, {"--tcp", "127.0.0.1:0", "--speed", "60", "--device", "1:sdm630"}, 1};
  INFO("modbus-sim: " << sim.log());
  // Total power (52, 53) and import kWh (72, 73) in one request.
  auto read = [&] {
    auto r = mbpoll(dir, mbpoll_tcp(sim.tcp_port(), 1) + std::vector<std::string>{"-r", "52", "-c", "11", "-t",
                                                                                  "3:float", "-B", "127.0.0.1"});
    REQUIRE(r.code == 0);
    auto v = values_of(r);
    REQUIRE(v.count(52));
    REQUIRE(v.count(72));
    return std::make_pair(v[52], v[72]);
  };
  const auto [power, energy] = read();
  INFO("power " << power << " W, import " << energy << " kWh");
  REQUIRE(power > 0.0);
  CHECK(energy > 0.0);
  const auto started = std::chrono::steady_clock::now();
  double later = energy;
  CHECK(testing::eventually([&] { return (later = read().second) > energy; }, 20s));
  // No more than a 100 kW load could have drawn in the model time that passed (60 times the host's).
  const double hours = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() * 60 / 3600;
  CHECK(later - energy < 100.0 * hours + 0.01);
}

TEST_CASE("faults switched on --control-stdin: silence, an exception, a bad CRC, then answers again") {
  testing::temp_dir dir{"meterhub-modbus-sim-faults"};
  simulator sim{dir, {"--tcp", "127.0.0.1:0", "--pty", "--device", "1-2:sdm630"}, 2};
  INFO("modbus-sim: " << sim.log());
  const auto voltages = std::vector<std::string>{"-r", "0", "-c", "6", "-t", "3:float", "-B"};
  auto tcp = [&](int unit) {
    return mbpoll(dir, mbpoll_tcp(sim.tcp_port(), unit) + voltages + std::vector<std::string>{"127.0.0.1"});
  };
  auto rtu = [&](int unit) { return mbpoll(dir, mbpoll_rtu(unit) + voltages + std::vector<std::string>{sim.pty()}); };
  REQUIRE(tcp(1).code == 0);
  REQUIRE(rtu(1).code == 0);

  CHECK(sim.control("fault 1 silence") == "faults: 1=silence:100");
  for (const auto& r : {tcp(1), rtu(1)}) {
    CHECK(r.code != 0);
    CHECK(r.err.find("Connection timed out") != std::string::npos);
  }
  // Its neighbour on the same line still answers.
  CHECK(rtu(2).code == 0);
  CHECK(tcp(2).code == 0);

  CHECK(sim.control("clear") == "faults: none");
  CHECK(sim.control("fault 1 exception:2").find("exception:2") != std::string::npos);
  for (const auto& r : {tcp(1), rtu(1)}) {
    CHECK(r.code != 0);
    CHECK(r.err.find("Illegal data address") != std::string::npos);
  }

  sim.control("clear");
  CHECK(sim.control("fault 1@pty1 bad-crc").find("bad-crc") != std::string::npos);
  auto crc = rtu(1);
  CHECK(crc.code != 0);
  CHECK(crc.err.find("Invalid CRC") != std::string::npos);
  CHECK(tcp(1).code == 0); // the fault is on the pty line only (and Modbus TCP carries no CRC)

  CHECK(sim.control("fault nobody silence").rfind("error: ", 0) == 0);
  CHECK(sim.control("clear") == "faults: none");
  auto again = rtu(1);
  REQUIRE(again.code == 0);
  check_plausible_sdm630(values_of(again));
  CHECK(tcp(1).code == 0);
}

TEST_CASE("fifty Modbus TCP ports with twenty SDM630s each all answer") {
  testing::temp_dir dir{"meterhub-modbus-sim-many"};
  simulator sim{dir, {"--tcp", "127.0.0.1:0", "--tcp-ports", "50", "--device", "1-20:sdm630"}, 50};
  INFO("modbus-sim: " << sim.log());
  const auto ports = sim.tcp();
  REQUIRE(std::set<std::string>(ports.begin(), ports.end()).size() == 50);
  for (const auto& where : ports) {
    auto r = mbpoll(dir, mbpoll_tcp(port_of(where), "1:20") + std::vector<std::string>{"-r", "0", "-c", "2",
                                                                                  "-t", "3:float", "-B", "127.0.0.1"});
    INFO(where << ": " << r.out << r.err);
    CHECK(answered_units(r) == 20);
  }
  // Unit 21 is on none of them.
  auto beyond = mbpoll(dir, mbpoll_tcp(port_of(ports.back()), 21)
                                + std::vector<std::string>{"-r", "0", "-t", "3", "127.0.0.1"});
  CHECK(beyond.code != 0);
}
