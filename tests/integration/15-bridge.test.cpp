// meterhub-bridge as its users run it, with tools nobody here wrote reading what it publishes: mosquitto_sub for the
// VSCP events, the plain and JSON mirrors and Home Assistant's discovery configs, mbpoll for the Modbus slave. A P1
// simulator (Nordic T211, the telegram vscp-python-p1-power-meter reads) feeds meterhub-p1 on a real broker.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

constexpr const char* device = "p1-house";

/// mosquitto_sub writing "topic<TAB>payload in hex" lines (topics of no_vscp mode have spaces in them, and the
/// bus's protobuf payloads any byte).
std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

struct subscriber {
  std::unique_ptr<testing::process> proc;

  subscriber(it::platform& p, std::vector<std::string> filters, const std::string& name, bool retained_only = false) {
    std::vector<std::string> argv{"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(p.broker().port()),
                                  "-F", "%t\t%x", "-q", "1"};
    if (retained_only)
      argv.insert(argv.end(), {"--retained-only", "-W", "3"});
    for (auto& f : filters)
      argv.insert(argv.end(), {"-t", f});
    proc = std::make_unique<testing::process>(argv, p.dir().path(), name);
    std::this_thread::sleep_for(300ms); // subscribed before anything is published
  }

  /// Every message so far, in arrival order.
  std::vector<std::pair<std::string, std::string>> messages() const {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(proc->stdout_text());
    for (std::string line; std::getline(in, line);)
      if (auto tab = line.find('\t'); tab != std::string::npos)
        out.emplace_back(line.substr(0, tab), from_hex(line.substr(tab + 1)));
    return out;
  }

  std::vector<std::string> payloads(const std::string& topic) const {
    std::vector<std::string> out;
    for (auto& [t, p] : messages())
      if (t == topic)
        out.push_back(p);
    return out;
  }
};

struct bridge_process {
  int http = testing::free_port();
  std::unique_ptr<testing::process> proc;
  int runs = 0;

  void start(it::platform& p, const std::filesystem::path& config) {
    proc = std::make_unique<testing::process>(
      std::vector<std::string>{"/usr/bin/env", "METERHUB_BUS__URL=" + p.broker().url(),
                               "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(http), "METERHUB_LOG__LEVEL=debug",
                               testing::program("meterhub-bridge").string(), "run", "--config", config.string()},
      p.dir().path(), "bridge-" + std::to_string(++runs));
    REQUIRE(testing::eventually(
      [&] { return it::metric_value(it::metrics_of(http), "meterhub_bus_connected") == 1; }, 20s));
  }
};

/// A bridge.yaml in the platform's folder: `body` plus the state folder.
std::filesystem::path write_config(it::platform& p, const std::string& body) {
  const auto file = p.dir() / "bridge.yaml";
  std::ofstream(file) << "bridge:\n  state_dir: " << (p.dir() / "bridge").string() << "\n" << body;
  return file;
}

/// The T211 simulator and meterhub-p1: `count` telegrams, one every `interval`.
void start_meter(it::platform& p, int count, const std::string& interval) {
  p.start_sim({"--profile", "t211", "--count", std::to_string(count), "--interval", interval});
  p.start_p1({"METERHUB_METER_DEFAULTS__ID=p1-house"});
}

/// Telegrams meterhub-p1 published (the simulator starts before p1 connects, so its first ones may go to no one).
std::uint64_t published_telegrams(it::platform& p) {
  std::uint64_t n = 0;
  std::istringstream in(it::metrics_of(p.p1_metrics_port()));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("meterhub_p1_telegrams_total{", 0) == 0)
      n += std::stoull(line.substr(line.rfind(' ') + 1));
  return n;
}

/// Waits until the simulator sent its last telegram and p1 published it; returns how many p1 published.
std::uint64_t all_published(it::platform& p) {
  REQUIRE(p.sim().wait_exit(60s));
  std::uint64_t before = 0;
  REQUIRE(testing::eventually(
    [&] {
      std::this_thread::sleep_for(500ms); // settled: the same count twice, half a second apart
      const auto now = published_telegrams(p);
      const bool settled = now > 0 && now == before;
      before = now;
      return settled;
    },
    20s));
  return before;
}

/// The VSCP profile's rows a T211 telegram has: quantity → (type, sensor index, note).
const std::map<std::string, std::tuple<int, int, std::string>>& script_rows() {
  static const std::map<std::string, std::tuple<int, int, std::string>> rows{
    {"1-0:1.8.0", {13, 1, "Meter reading active energy out"}}, {"1-0:2.8.0", {13, 2, "Meter reading active energy in"}},
    {"1-0:1.7.0", {14, 5, "Active effect out"}},               {"1-0:2.7.0", {64, 6, "Active effect in"}},
    {"1-0:32.7.0", {16, 21, "Voltage L1"}},                    {"1-0:31.7.0", {5, 24, "Current L1"}},
  };
  return rows;
}

} // namespace

TEST_CASE("bridge: a P1 meter as VSCP events, plain and JSON topics, Home Assistant configs and Modbus registers") {
  it::platform p;
  const int modbus_port = testing::free_port();
  const auto config = write_config(p, "vscp:\n  enabled: true\n  mac: \"02:00:00:00:00:01\"\n"
                                      "modbus_export:\n  enabled: true\n  port: " + std::to_string(modbus_port) +
                                      "\n  units:\n    - unit: 1\n      device: " + device +
                                      "\n      heartbeat: {table: holding, address: 0}\n      values:\n"
                                      "        - {quantity: \"1-0:1.7.0\", address: 10, type: f32, quality: 12}\n"
                                      "        - {quantity: \"1-0:32.7.0\", address: 20, type: u16, scale: 0.1}\n");
  subscriber all(p, {"vscp/#", "meters/#", "homeassistant/#"}, "sub-all");
  bridge_process bridge;
  bridge.start(p, config);
  start_meter(p, 3, "1s");
  const auto telegrams = all_published(p);
  REQUIRE(telegrams >= 2);
  REQUIRE(testing::eventually(
    [&] { return all.payloads(std::string{"meters/"} + device + "/json").size() == telegrams; }, 20s));
  std::this_thread::sleep_for(500ms);

  SECTION("VSCP: the script's topic, GUID, class, type, sensor index and note for each value, with its number") {
    const auto batch = nlohmann::json::parse(all.payloads(std::string{"meters/"} + device + "/json").back());
    std::map<std::string, double> last; // quantity → value of the last telegram, from the JSON mirror
    for (const auto& v : batch["values"])
      if (v.contains("value"))
        last[v["quantity"]] = v["value"];
    std::map<std::string, nlohmann::json> events; // topic → last event
    for (auto& [t, payload] : all.messages())
      if (t.rfind("vscp/", 0) == 0)
        events[t] = nlohmann::json::parse(payload);
    for (const auto& [quantity, row] : script_rows()) {
      const auto& [type, sidx, note] = row;
      char id[8];
      std::snprintf(id, sizeof id, "%02X:%02X", sidx >> 8, sidx & 0xFF); // the default ids equal the indexes here
      const auto guid = std::string{"FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:"} + id;
      const auto topic = "vscp/" + guid + "/1040/" + std::to_string(type);
      INFO(quantity << " " << topic);
      REQUIRE(events.count(topic) == 1);
      const auto& e = events[topic];
      CHECK(e["vscpHead"] == 32864);
      CHECK(e["vscpClass"] == 1040);
      CHECK(e["vscpType"] == type);
      CHECK(e["vscpGuid"] == guid);
      CHECK(e["vscpNote"] == note);
      CHECK(e["vscpData"][0] == sidx);
      CHECK(e["measurement"]["unit"] == 1);
      CHECK(e["measurement"]["sensorindex"] == sidx);
      const bool kilo = type == 13 || type == 14 || type == 64; // the script's kWh and kW numbers
      REQUIRE(last.count(quantity) == 1);
      CHECK(e["measurement"]["value"].get<double>() == Approx(kilo ? last[quantity] / 1000 : last[quantity]));
    }
  }

  SECTION("plain topics hold the latest value, retained; the JSON mirror has every batch") {
    subscriber retained(p, {std::string{"meters/"} + device + "/#"}, "sub-retained", true);
    REQUIRE(retained.proc->wait_exit(10s));
    std::map<std::string, int> seen;
    for (auto& [t, payload] : retained.messages())
      ++seen[t];
    for (auto& [t, n] : seen) {
      INFO(t);
      CHECK(n == 1);
    }
    CHECK(seen.count(std::string{"meters/"} + device + "/voltage_l1_v") == 1);
    CHECK(seen.count(std::string{"meters/"} + device + "/json") == 0); // batches are not retained
    // The simulator stopped after its telegrams, so p1 says the meter went away; the retained topic says the same.
    const auto availability = all.payloads(std::string{"meters/"} + device + "/availability");
    CHECK(retained.payloads(std::string{"meters/"} + device + "/availability") ==
          std::vector<std::string>{availability.back()});
    const auto live = all.payloads(std::string{"meters/"} + device + "/voltage_l1_v");
    CHECK(retained.payloads(std::string{"meters/"} + device + "/voltage_l1_v").front() == live.back());
  }

  SECTION("Home Assistant: one config per value, energy counters ready for the Energy dashboard") {
    const auto configs = all.payloads("homeassistant/sensor/" + std::string{device} + "/energy_import_wh/config");
    // Announced once with the first batch and once more when the device state named the model: not per telegram.
    REQUIRE(configs.size() >= 1);
    REQUIRE(configs.size() <= 2);
    const auto c = nlohmann::json::parse(configs.back());
    CHECK(c["device"]["model"] == "T211-E0043007123456719");
    CHECK(c["device_class"] == "energy");
    CHECK(c["state_class"] == "total_increasing");
    CHECK(c["unit_of_measurement"] == "Wh");
    CHECK(c["state_topic"] == std::string{"meters/"} + device + "/energy_import_wh");
    CHECK(c["device"]["identifiers"][0] == std::string{"meterhub_"} + device);
  }

  SECTION("mbpoll reads the Modbus slave: the power as float32, its quality, the voltage in tenths, the heartbeat") {
    // One register value as mbpoll prints it ("[10]: \t1727"), 0-based addresses (-0).
    auto mbpoll = [&](const std::string& address, std::vector<std::string> args) {
      std::vector<std::string> argv{"mbpoll", "-m", "tcp", "-p", std::to_string(modbus_port), "-a", "1", "-1", "-0",
                                    "-r", address, "-c", "1"};
      argv.insert(argv.end(), args.begin(), args.end());
      argv.push_back("127.0.0.1");
      testing::process proc(argv, p.dir().path(), "mbpoll-" + address);
      REQUIRE(proc.wait_exit(10s));
      const auto out = proc.stdout_text();
      INFO(out);
      const auto at = out.find("[" + address + "]:");
      REQUIRE(at != std::string::npos);
      return std::stod(out.substr(out.find_first_not_of(" \t", at + address.size() + 3)));
    };
    const auto power = std::stod(all.payloads(std::string{"meters/"} + device + "/power_import_w").back());
    CHECK(mbpoll("10", {"-t", "4:float", "-B"}) == Approx(power));
    CHECK(mbpoll("12", {}) == 1); // quality: stale, since the simulated meter's clock reads June 2024
    const auto volts = std::stod(all.payloads(std::string{"meters/"} + device + "/voltage_l1_v").back());
    CHECK(mbpoll("20", {}) == std::lround(volts * 10));
    CHECK(mbpoll("0", {}) >= 1); // the heartbeat counts the seconds since the bridge started
  }
}

TEST_CASE("bridge: killed with SIGKILL and restarted, every batch reaches the mirrors and each config stays once") {
  it::platform p;
  const auto config = write_config(p, "");
  subscriber all(p, {"meters/#", "homeassistant/#"}, "sub-all");
  bridge_process bridge;
  bridge.start(p, config);
  start_meter(p, 40, "250ms");
  REQUIRE(testing::eventually([&] { return all.payloads(std::string{"meters/"} + device + "/json").size() >= 4; },
                              30s));
  bridge.proc->kill_hard();
  std::this_thread::sleep_for(2s); // telegrams keep coming: the broker keeps them for the bridge's session
  bridge.start(p, config);
  const auto telegrams = all_published(p);
  REQUIRE(telegrams >= 30);
  std::set<std::uint64_t> sequences;
  REQUIRE(testing::eventually(
    [&] {
      sequences.clear();
      for (const auto& b : all.payloads(std::string{"meters/"} + device + "/json"))
        sequences.insert(nlohmann::json::parse(b)["sequence"].get<std::uint64_t>());
      return sequences.size() == telegrams;
    },
    30s));
  CHECK(*sequences.rbegin() - *sequences.begin() + 1 == telegrams); // no gap
  // Every config announced once per run at most, and never removed: a restart is not a device removal.
  const auto configs = all.payloads("homeassistant/sensor/" + std::string{device} + "/energy_import_wh/config");
  CHECK(configs.size() >= 1);
  CHECK(configs.size() <= 2);
  for (const auto& c : configs)
    CHECK_FALSE(c.empty());
}

TEST_CASE("bridge vscp: the script's config.ini with no_vscp, one switch off and one shot") {
  it::platform p;
  const auto ini = p.dir() / "config.ini";
  std::ofstream(ini) << "[GENERAL]\nno_vscp = true\nsend_energy = true\nsend_active_effect = true\n"
                        "send_reactive_effect = true\nsend_voltage = false\nsend_current = true\n\n"
                        "[VSCP]\nguid=''\nzone=0\nsubzone=0\n\n[MQTT]\nhost=127.0.0.1\nport="
                     << p.broker().port() << "\nuser=vscp\npassword=secret\ntopic=vscp/{xguid}/{xclass}/{xtype}\n";
  subscriber notes(p, {"#"}, "sub-notes");
  testing::process oneshot({"/usr/bin/env", "METERHUB_BUS_URL=" + p.broker().url(),
                            testing::program("meterhub-bridge").string(), "vscp", "-c", ini.string(), "--oneshot",
                            "--mac", "02:00:00:00:00:01", "--state-dir", (p.dir() / "vscp").string(), "-v"},
                           p.dir().path(), "bridge-vscp");
  std::this_thread::sleep_for(1s);
  start_meter(p, 5, "1s");
  REQUIRE(oneshot.wait_exit(30s));
  CHECK(oneshot.exit_code() == 0);
  std::this_thread::sleep_for(300ms);
  CHECK(notes.payloads("Voltage L1").empty()); // send_voltage = false
  const auto power = notes.payloads("Active effect out");
  REQUIRE(power.size() == 1); // one telegram
  CHECK(power.front().find('{') == std::string::npos); // the bare number, no JSON
  CHECK(std::stod(power.front()) >= 0);
  CHECK(notes.payloads("Current L1").size() == 1);
  CHECK(oneshot.stderr_text().find("Active effect out") != std::string::npos); // -v logs every event
}

TEST_CASE("bridge: commands from plain MQTT reach the adapter when a rule allows them and are refused otherwise") {
  it::platform p;
  const auto config = write_config(p, "mirror:\n  commands:\n    enabled: true\n    rules:\n"
                                      "      - {devices: [p1-house], targets: [\"voltage_*\", poll], kinds: [read, poll]}\n");
  subscriber results(p, {"meters/+/set/+/result"}, "sub-results");
  bridge_process bridge;
  bridge.start(p, config);
  start_meter(p, 1000, "500ms");
  subscriber live(p, {std::string{"meters/"} + device + "/voltage_l1_v"}, "sub-live");
  REQUIRE(testing::eventually([&] { return !live.payloads(std::string{"meters/"} + device + "/voltage_l1_v").empty(); },
                              30s));
  auto publish = [&](const std::string& target, const std::string& payload) {
    testing::process pub({"mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(p.broker().port()), "-q", "1", "-t",
                          std::string{"meters/"} + device + "/set/" + target, "-m", payload},
                         p.dir().path(), "pub-" + target);
    REQUIRE(pub.wait_exit(10s));
  };
  const auto result_topic = [](const std::string& target) {
    return std::string{"meters/"} + device + "/set/" + target + "/result";
  };

  SECTION("a read of a listed target is answered by meterhub-p1 with the reading") {
    publish("voltage_l1_v", R"({"id": "node-red-1"})");
    REQUIRE(testing::eventually([&] { return !results.payloads(result_topic("voltage_l1_v")).empty(); }, 20s));
    const auto answer = nlohmann::json::parse(results.payloads(result_topic("voltage_l1_v")).front());
    CHECK(answer["id"] == "node-red-1");
    CHECK(answer["status"] == "ok");
    REQUIRE(answer["readings"].is_array());
    bool voltage = false;
    for (const auto& r : answer["readings"])
      voltage = voltage || r["quantity"] == "1-0:32.7.0";
    CHECK(voltage);
  }

  SECTION("a write, a kind no rule lists, is refused with the reason and never reaches the bus") {
    publish("voltage_l1_v", "231.5");
    REQUIRE(testing::eventually([&] { return !results.payloads(result_topic("voltage_l1_v")).empty(); }, 20s));
    const auto answer = nlohmann::json::parse(results.payloads(result_topic("voltage_l1_v")).front());
    CHECK(answer["status"] == "refused");
    CHECK(answer["reason"].get<std::string>().find("kind") != std::string::npos);
    CHECK(it::metric_value(it::metrics_of(bridge.http), "meterhub_bridge_commands_total") == 0);
  }

  SECTION("a target no rule lists is refused") {
    publish("power_import_w", "{}");
    REQUIRE(testing::eventually([&] { return !results.payloads(result_topic("power_import_w")).empty(); }, 20s));
    const auto answer = nlohmann::json::parse(results.payloads(result_topic("power_import_w")).front());
    CHECK(answer["status"] == "refused");
    CHECK(answer["reason"].get<std::string>().find("target") != std::string::npos);
  }
}

namespace {

/// A one-connection TCP "meter" (python3 from Debian) that sends the captured Swedish T211 telegram once and stays
/// connected, so meterhub-p1 publishes exactly that telegram.
std::unique_ptr<testing::process> capture_meter(it::platform& p, int port) {
  const auto capture = std::string{MH_TEST_DATA_DIR} + "/dsmr/han-se-t211.txt";
  const std::string script = "import socket,sys,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,"
                             "socket.SO_REUSEADDR,1)\ns.bind(('127.0.0.1'," + std::to_string(port) +
                             "))\ns.listen(1)\nc,_=s.accept()\nc.sendall(open(sys.argv[1],'rb').read())\n"
                             "time.sleep(600)\n";
  return std::make_unique<testing::process>(std::vector<std::string>{"/usr/bin/python3", "-c", script, capture},
                                            p.dir().path(), "capture-meter");
}

/// The sample config.ini of tests/data/vscp with `changes` ("key = value" lines replaced) and the test's broker.
std::filesystem::path sample_ini(it::platform& p, const std::map<std::string, std::string>& changes) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/vscp/config.ini");
  std::ostringstream out;
  auto all = changes;
  all["host"] = "127.0.0.1";
  all["port"] = std::to_string(p.broker().port());
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    auto key = eq == std::string::npos ? line : line.substr(0, eq);
    key.erase(key.find_last_not_of(' ') + 1);
    out << (all.count(key) ? key + " = " + all[key] : line) << "\n";
  }
  const auto file = p.dir() / "config.ini";
  std::ofstream(file) << out.str();
  return file;
}

/// The lines of a file under tests/data.
std::vector<std::string> data_lines(const std::string& name) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/" + name);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(line);
  return out;
}

/// The switch group of a value by its default id (the GUID's last two bytes): spec §2's rows.
std::string group_of_id(int id) {
  if (id <= 4)
    return "energy";
  if (id == 5 || id == 6 || (id >= 9 && id <= 14))
    return "active_effect";
  if (id == 7 || id == 8 || (id >= 15 && id <= 20))
    return "reactive_effect";
  return id <= 23 ? "voltage" : "current";
}

/// `meterhub-bridge vscp -c INI --oneshot` against the captured telegram; every message it published on the broker.
std::vector<std::pair<std::string, std::string>> one_shot(it::platform& p, const std::filesystem::path& ini) {
  subscriber sub(p, {"#"}, "sub-vscp");
  testing::process bridge({"/usr/bin/env", "METERHUB_BUS_URL=" + p.broker().url(),
                           testing::program("meterhub-bridge").string(), "vscp", "-c", ini.string(), "--oneshot",
                           "--mac", "02:00:00:00:00:01", "--state-dir", (p.dir() / "vscp").string()},
                          p.dir().path(), "bridge-vscp");
  std::this_thread::sleep_for(1s);
  const int port = testing::free_port();
  auto meter = capture_meter(p, port);
  std::this_thread::sleep_for(300ms);
  p.start_p1_on("tcp://127.0.0.1:" + std::to_string(port), {"METERHUB_METER_DEFAULTS__ID=p1-t211"});
  REQUIRE(bridge.wait_exit(30s));
  CHECK(bridge.exit_code() == 0);
  std::this_thread::sleep_for(300ms);
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& m : sub.messages())
    if (m.first.rfind("meterhub/", 0) != 0)
      out.push_back(m);
  return out;
}

/// An event's JSON without the two fields that hold the time of publishing.
nlohmann::json timeless(const std::string& payload) {
  auto j = nlohmann::json::parse(payload);
  j.erase("vscpDateTime");
  j.erase("vscpTimeStamp");
  return j;
}

} // namespace

TEST_CASE("bridge vscp: a real T211 telegram gives the script's events field by field, each switch off in turn") {
  // tests/data/vscp/t211-events.txt is what the script publishes for this telegram with this config.ini, made with
  // Python's own json.dumps (tests/data/vscp/make_t211_events.py).
  const auto expected = data_lines("vscp/t211-events.txt");
  REQUIRE(expected.size() == 26);
  for (const std::string off : {"", "energy", "active_effect", "reactive_effect", "voltage", "current"}) {
    DYNAMIC_SECTION("send_" << (off.empty() ? "everything" : off + " = false")) {
      it::platform p;
      std::map<std::string, std::string> changes;
      if (!off.empty())
        changes["send_" + off] = "false";
      const auto published = one_shot(p, sample_ini(p, changes));
      std::map<std::string, std::string> got(published.begin(), published.end());
      std::size_t wanted = 0;
      for (const auto& line : expected) {
        const auto tab = line.find('\t');
        const auto topic = line.substr(0, tab);
        const int id = std::stoi(topic.substr(topic.find("/1040/") - 5, 2), nullptr, 16) * 256 +
                       std::stoi(topic.substr(topic.find("/1040/") - 2, 2), nullptr, 16);
        INFO(topic);
        if (group_of_id(id) == off) {
          CHECK(got.count(topic) == 0);
          continue;
        }
        ++wanted;
        REQUIRE(got.count(topic) == 1);
        CHECK(timeless(got[topic]) == timeless(line.substr(tab + 1)));
        const auto j = nlohmann::json::parse(got[topic]);
        CHECK(j["vscpTimeStamp"].get<std::int64_t>() >= 0);
        CHECK(j["vscpDateTime"].get<std::string>().size() == 20);
      }
      CHECK(published.size() == wanted);
    }
  }
}

TEST_CASE("bridge vscp: no_vscp gives the note as topic and the bare value, as the script") {
  it::platform p;
  const auto published = one_shot(p, sample_ini(p, {{"no_vscp", "true"}}));
  std::map<std::string, std::string> got(published.begin(), published.end());
  const auto expected = data_lines("vscp/t211-no-vscp.txt");
  REQUIRE(expected.size() == 26);
  for (const auto& line : expected) {
    const auto tab = line.find('\t');
    INFO(line);
    REQUIRE(got.count(line.substr(0, tab)) == 1);
    CHECK(got[line.substr(0, tab)] == line.substr(tab + 1));
  }
  CHECK(published.size() == expected.size());
}

TEST_CASE("bridge: a device removed (its retained state cleared) leaves no retained topic and no Home Assistant entity") {
  it::platform p;
  const auto config = write_config(p, "");
  bridge_process bridge;
  bridge.start(p, config);
  start_meter(p, 3, "500ms");
  all_published(p);
  const auto ha = "homeassistant/sensor/" + std::string{device} + "/#";
  const auto mirrored = std::string{"meters/"} + device + "/#";
  auto retained_now = [&] {
    subscriber r(p, {ha, mirrored}, "sub-retained", true);
    REQUIRE(r.proc->wait_exit(10s));
    std::size_t n = 0;
    for (auto& [t, payload] : r.messages())
      n += payload.empty() ? 0 : 1;
    return n;
  };
  REQUIRE(testing::eventually([&] { return retained_now() > 10; }, 20s)); // configs, values, state
  p.p1().stop(); // the adapter is gone; an operator removes the device's retained state
  testing::process clear({"mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(p.broker().port()), "-q", "1",
                          "-r", "-n", "-t", std::string{"meterhub/v1/state/"} + device},
                         p.dir().path(), "pub-clear");
  REQUIRE(clear.wait_exit(10s));
  CHECK(testing::eventually([&] { return retained_now() == 0; }, 20s));
}
