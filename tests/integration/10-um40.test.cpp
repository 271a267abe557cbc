// meterhub-um40 as integrators run it: test data into a meter.db on this machine and on a "concentrator" reached
// over a real sshd, where the device's own sqlite3 shell does the writing. Every record type is generated and read
// back by SQL; mistakes and SSH refusals write nothing; a connection killed mid-batch ends with one copy of each row.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include <mqtt/async_client.h>

#include "cli_fixtures.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/testing/mosquitto.hpp"
#include "meterhub/testing/process.hpp"
#include "meterhub/testing/sshd.hpp"
#include "meterhub/um40/schema.hpp"
#include "meterhub/um40/target.hpp"
#include "meterhub/wire/convert.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace std::chrono_literals;

namespace {

/// One number from the meter.db, read with libsqlite3 (not with the code under test).
std::int64_t count(const std::filesystem::path& db, const std::string& sql) {
  auto t = um40::open_local(db, false);
  REQUIRE(t);
  auto rows = (*t)->query({sql, {}}, 1);
  REQUIRE(rows);
  return rows->empty() || !(*rows)[0][0] ? 0 : std::stoll(*(*rows)[0][0]);
}

std::int64_t headers(const std::filesystem::path& db, std::string_view type) {
  return count(db, "SELECT COUNT(*) FROM MeterData d JOIN ArchTypes a ON a.Id = d.RecordTypeId WHERE a.Name = '" +
                       std::string{type} + "'");
}

/// The value rows of `type`'s records.
std::int64_t value_rows(const std::filesystem::path& db, const um40::record_type& type) {
  const auto table = std::string{um40::layout_of(type.table).sql_name};
  if (um40::is_config(type))
    return count(db, "SELECT COUNT(*) FROM " + table);
  return count(db, "SELECT COUNT(*) FROM " + table + " v JOIN MeterData d ON d.Id = v.Id JOIN ArchTypes a ON a.Id = "
                   "d.RecordTypeId WHERE a.Name = '" + std::string{type.name} + "'");
}

std::int64_t all_rows(const std::filesystem::path& db) {
  return count(db, "SELECT (SELECT COUNT(*) FROM MeterTable) + (SELECT COUNT(*) FROM MeterData) + (SELECT COUNT(*) "
                   "FROM ElectricConfig) + (SELECT COUNT(*) FROM ElectricEnergyValues)");
}

struct um40_cli {
  testing::temp_dir dir{"meterhub-um40"};
  std::filesystem::path db = dir / "meter.db";
  int runs = 0;

  it::cli::run_result operator()(std::vector<std::string> args, std::chrono::milliseconds timeout = 60s) {
    args.insert(args.begin(), testing::program("meterhub-um40").string());
    return it::cli::run(args, dir.path(), "um40-" + std::to_string(++runs), timeout);
  }
};

int rows_per_record(const um40::record_type& type) {
  return static_cast<int>(um40::layout_of(type.table).rows.size());
}

/// A um40.yaml naming the fixture's sshd as target "box" that writes `db`; `auth` and `extra` are YAML lines.
std::filesystem::path box_config(const um40_cli& cli, const testing::sshd_server& sshd, const std::string& auth,
                                 const std::filesystem::path& known_hosts, const std::string& extra = {}) {
  const auto config = cli.dir / "um40.yaml";
  std::ofstream out(config);
  out << "targets:\n  - name: box\n    host: 127.0.0.1\n    port: " << sshd.port() << "\n    user: " << sshd.user()
      << "\n" << auth << "    known_hosts: " << known_hosts.string() << "\n    database: " << cli.db.string() << "\n"
      << extra;
  return config;
}

std::string key_of(const std::filesystem::path& key) {
  return "    identity_file: " + key.string() + "\n";
}

} // namespace

TEST_CASE("every record type is generated into a local meter.db and read back by SQL and by show") {
  um40_cli cli;
  const auto local = "local:" + cli.db.string();
  for (const auto& type : um40::record_types()) {
    auto r = cli({"generate", std::string{type.name}, "--count", "3", "--meter-id", "1001", "--seed", "4",
                  "--now", "2026-11-23T12:00:00Z", "--target", local});
    INFO(type.name << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    const auto printed = it::cli::lines_of(r.out).size();
    if (um40::is_config(type)) {
      CHECK(value_rows(cli.db, type) == 1); // one config row per meter, replaced
      continue;
    }
    CHECK(printed == 3);
    CHECK(headers(cli.db, type.name) == 3);
    CHECK(value_rows(cli.db, type) == 3 * rows_per_record(type));
    auto shown = cli({"show", std::string{type.name}, "--meter-id", "1001", "--last", "2", "--target", local});
    REQUIRE(shown.exit_code == 0);
    REQUIRE(it::cli::lines_of(shown.out).size() == 2);
    CHECK(shown.out.find("\"type\":\"" + std::string{type.name} + "\"") != std::string::npos);
  }
  CHECK(count(cli.db, "SELECT COUNT(*) FROM MeterTable") == 1);
  auto again = cli({"generate", "ElDayEnergy", "--count", "3", "--meter-id", "1001", "--now", "2026-11-23T12:00:00Z",
                    "--target", local});
  REQUIRE(again.exit_code == 0);
  CHECK(headers(cli.db, "ElDayEnergy") == 3); // the same days again: nothing new
  auto tagged = cli({"generate", "ElMomentEnergy", "--set", "A+1=12.5", "--set", "Valid=0", "--meter-id", "1002",
                     "--target", local});
  REQUIRE(tagged.exit_code == 0);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM MeterTable") == 2);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM ElectricConfig") == 1 + 1);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM MeterData d JOIN MeterTable m ON m.DeviceIdx = d.DeviceIdx WHERE "
                      "m.MeterId = 1002 AND d.Valid = 0") == 1);
  CHECK(tagged.out.find("\"Valid\":0") != std::string::npos);
}

TEST_CASE("an unknown type, an unknown tag or a wrong value writes nothing and says why") {
  um40_cli cli;
  const auto local = "local:" + cli.db.string();
  REQUIRE(cli({"init", "--target", local}).exit_code == 0);
  const auto before = all_rows(cli.db);
  struct bad {
    std::vector<std::string> args;
    std::string says;
  };
  for (const auto& b : {bad{{"generate", "ElDayEnergyy"}, "unknown_type: \"ElDayEnergyy\" is no record type"},
                        bad{{"generate", "ElDayEnergy", "--set", "A+5=1"}, "ElDayEnergy has no tag \"A+5\""},
                        bad{{"generate", "ElArr1ConsPower", "--set", "isPart=yes"}, "isPart takes 0 or 1"},
                        bad{{"generate", "ElMomentQuality", "--set", "UA=high"}, "UA takes a number"},
                        bad{{"generate", "MeterTable", "--set", "typeName=NoSuchMeter"}, "NoSuchMeter"},
                        bad{{"show", "Nothing"}, "unknown_type"}}) {
    auto args = b.args;
    args.insert(args.end(), {"--target", local});
    auto r = cli(args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(b.says) != std::string::npos);
  }
  CHECK(all_rows(cli.db) == before);
}

TEST_CASE("over SSH the concentrator's sqlite3 writes the records, and a re-run adds nothing") {
  um40_cli cli;
  testing::sshd_server sshd(cli.dir.path());
  REQUIRE(cli({"init", "--target", "local:" + cli.db.string()}).exit_code == 0);
  const auto config = box_config(cli, sshd, key_of(sshd.client_key()), sshd.known_hosts());
  const std::vector<std::string> over_ssh{"--target", "ssh:box", "--config", config.string()};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), over_ssh.begin(), over_ssh.end());
    return cli(args);
  };
  for (const char* type : {"MeterTable", "ElConfig", "ElDayEnergy", "ElMonthConsEnergy", "ElMomentQuality",
                           "ElArr1ConsPower", "ElJrnlUnAyth", "ElJrnlLimUAMax", "PlsHourPulse"}) {
    auto r = with({"generate", type, "--count", "4", "--meter-id", "1001", "--now", "2026-11-23T12:00:00Z"});
    INFO(type << ": " << r.err << sshd.log());
    REQUIRE(r.exit_code == 0);
  }
  CHECK(headers(cli.db, "ElDayEnergy") == 4);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM ElectricQualityValues") == 16);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM JournalValues WHERE Event = 1") >= 4); // ElJrnlLimUAMax: always 1
  CHECK(count(cli.db, "SELECT COUNT(*) FROM MeterTable WHERE Address = 'ТЕСТ'") == 4); // MeterTable --count 4: 1001…1004
  const auto before = all_rows(cli.db);
  auto again = with({"generate", "ElDayEnergy", "--count", "4", "--meter-id", "1001", "--now", "2026-11-23T12:00:00Z"});
  REQUIRE(again.exit_code == 0);
  CHECK(all_rows(cli.db) == before);
  auto shown = with({"show", "ElMomentQuality", "--last", "1"});
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("\"AngAB\":") != std::string::npos);
  CHECK(shown.out.find("\"kPS\":") != std::string::npos);
}

TEST_CASE("a wrong key, an unknown or changed host key and a refused password write nothing") {
  um40_cli cli;
  testing::sshd_server sshd(cli.dir.path());
  REQUIRE(cli({"init", "--target", "local:" + cli.db.string()}).exit_code == 0);
  const auto before = all_rows(cli.db);
  sshd.write_known_hosts(cli.dir / "changed_hosts", true);
  struct attempt {
    std::string auth;
    std::string known_hosts;
    std::string says;
  };
  const auto key = key_of(sshd.client_key());
  for (const auto& a : {attempt{key_of(sshd.other_client_key()), sshd.known_hosts().string(), "auth_refused"},
                        attempt{key, (cli.dir / "empty_hosts").string(), "host_key_unknown"},
                        attempt{key, (cli.dir / "changed_hosts").string(), "host_key_changed"},
                        attempt{"    password_env: UM40_TEST_PASSWORD\n", sshd.known_hosts().string(),
                                "auth_refused"}}) {
    const auto config = box_config(cli, sshd, a.auth, a.known_hosts);
    ::setenv("UM40_TEST_PASSWORD", "not-the-password", 1);
    auto r = cli({"generate", "ElDayEnergy", "--target", "ssh:box", "--config", config.string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(a.says) != std::string::npos);
    CHECK(r.err.find("not-the-password") == std::string::npos);
  }
  CHECK(all_rows(cli.db) == before);
}

TEST_CASE("a connection killed in the middle of a batch is retried, and each row exists once") {
  um40_cli cli;
  testing::sshd_server sshd(cli.dir.path());
  REQUIRE(cli({"init", "--target", "local:" + cli.db.string()}).exit_code == 0);
  const auto config = box_config(cli, sshd, key_of(sshd.client_key()), sshd.known_hosts(), "    attempts: 5\n");
  const int records = 20'000; // one batch big enough to be cut in the middle
  testing::process gen({testing::program("meterhub-um40").string(), "generate", "ElArr1ConsPower", "--count",
                        std::to_string(records), "--batch", std::to_string(records), "--meter-id", "1001",
                        "--target", "ssh:box", "--config", config.string()},
                       cli.dir.path(), "um40-killed");
  const bool writing = testing::eventually([&] { return sshd.runs("sqlite3"); }, 20s);
  REQUIRE(writing);
  std::this_thread::sleep_for(300ms);
  const int killed = sshd.kill_sessions();
  CHECK(killed > 0);
  const bool finished = gen.wait_exit(120s);
  INFO(gen.stderr_text());
  REQUIRE(finished);
  REQUIRE(gen.exit_code() == 0);
  CHECK(headers(cli.db, "ElArr1ConsPower") == records);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM ElectricPowerValues") == records);
  CHECK(count(cli.db, "SELECT COUNT(DISTINCT Timestamp) FROM MeterData") == records);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM MeterTable") == 1);
  CHECK(count(cli.db, "SELECT COUNT(*) FROM ElectricConfig") == 1);
}

namespace {

/// 2026-11-01 00:00 at +03:00 (the concentrator's local time in these tests), Unix seconds.
const std::int64_t november_first = days_from_civil(2026, 11, 1) * 86'400 - 3 * 3600;

reading at(const char* quantity, double v, unit u, std::int64_t ts, bool archive = false) {
  reading r{quantity, v, u, ts * 1000, 0, {}};
  if (archive)
    r.set(flag::backfilled);
  return r;
}

/// What two meters report: neva-1 live values, two days of midnight registers and three half-hour points;
/// p1-home one power failure. "stranger" is not in the device list.
std::vector<reading_batch> site_batches() {
  const auto t = november_first + 3600 + 12;
  reading_batch neva{"neva-1", "iec61107/test", 1, t * 1000,
                     {at("1-0:1.8.0", 5000.0, unit::wh, t), at("1-0:1.8.1", 3000.0, unit::wh, t),
                      at("1-0:32.7.0", 230.1, unit::v, t), at("1-0:31.7.0", 4.5, unit::a, t),
                      at("1-0:1.8.0", 4000.0, unit::wh, november_first, true),
                      at("1-0:1.8.0", 4900.0, unit::wh, november_first + 86'400, true),
                      at("1-0:1.8.0", 4910.0, unit::wh, november_first + 86'400 + 1800, true),
                      at("1-0:1.8.0", 4925.0, unit::wh, november_first + 86'400 + 3600, true)}};
  reading_batch home{"p1-home", "p1/test", 7, t * 1000, {at("1-0:99.97.0", 120, unit::second, t)}};
  reading_batch stranger{"stranger", "p1/test", 8, t * 1000, {at("1-0:1.8.0", 1.0, unit::wh, t)}};
  return {neva, home, stranger};
}

/// Publishes (topic, payload) pairs in order, QoS 1.
void publish_raw(const std::string& url, const std::vector<std::pair<std::string, std::string>>& messages) {
  mqtt::async_client client(url, "um40-test-publisher", mqtt::create_options(MQTTVERSION_5));
  client.connect(mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize())->wait();
  for (const auto& [topic, payload] : messages)
    client.publish(topic, payload, 1, false)->wait();
  client.disconnect()->wait();
}

void publish(const std::string& url, const std::vector<reading_batch>& batches) {
  std::vector<std::pair<std::string, std::string>> messages;
  for (const auto& b : batches)
    messages.emplace_back("meterhub/v1/readings/" + b.device, wire::encode_batch(b));
  publish_raw(url, messages);
}

/// meterhub-um40 run listing neva-1 and p1-home, on a local meter.db unless `target` says otherwise.
struct injector_site {
  um40_cli cli;
  testing::mosquitto_broker broker{cli.dir.path()};
  int http = testing::free_port();
  std::string target = "local:" + cli.db.string();
  std::filesystem::path config = cli.dir / "um40-run.yaml";
  std::unique_ptr<testing::process> daemon;
  int starts = 0;

  injector_site() { std::ofstream(config) << yaml(); }

  /// The um40, bus, http and log sections.
  std::string yaml() const {
    return "um40:\n  target: " + target + "\n  utc_offset: \"+03:00\"\n  flush_interval: 100ms\n"
           "  max_retry_pause: 1s\n  devices:\n"
           "    - {device: neva-1, meter_id: 3001, type: NEVA3xx, interface: Iface2, config: {kI: 40}}\n"
           "    - {device: p1-home, meter_id: 3002, type: SPODES}\n"
           "bus:\n  url: " + broker.url() + "\n  state_dir: " + (cli.dir / "bus").string() + "\n"
           "http:\n  listen: 127.0.0.1:" + std::to_string(http) + "\nlog:\n  level: debug\n";
  }

  void start() {
    daemon = std::make_unique<testing::process>(
      std::vector<std::string>{testing::program("meterhub-um40").string(), "run", "-c", config.string()},
      cli.dir.path(), "um40-run-" + std::to_string(starts++));
    const bool up = testing::eventually(
      [&] { return it::metric_value(it::metrics_of(http), "meterhub_bus_connected") == 1; }, 20s);
    INFO(daemon->stderr_text());
    REQUIRE(up);
    std::this_thread::sleep_for(300ms); // the SUBSCRIBE follows the CONNACK
  }

  std::uint64_t metric(const std::string& series) { return it::metric_value(it::metrics_of(http), series); }
};

} // namespace

TEST_CASE("run: readings from the bus become the right rows, and re-injection writes nothing new") {
  injector_site site;
  site.start();
  publish(site.broker.url(), site_batches());
  const auto& db = site.cli.db;
  const bool written = testing::eventually([&] { return site.metric("meterhub_um40_readings_used_total") == 9 &&
                                                        headers(db, "ElArr1ConsPower") == 2 &&
                                                        headers(db, "ElJrnlPwr") == 2; }, 20s);
  INFO(site.daemon->stderr_text());
  REQUIRE(written);

  CHECK(count(db, "SELECT COUNT(*) FROM MeterTable") == 2); // not the stranger: only listed devices are injected
  CHECK(count(db, "SELECT COUNT(*) FROM MeterTable m JOIN MeterTypes t ON t.Id = m.TypeId JOIN MeterIfaces i ON "
                  "i.Id = m.InterfaceId WHERE m.MeterId = 3001 AND t.Type = 'NEVA3xx' AND i.Name = 'Iface2' AND "
                  "m.Address = 'neva-1'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM ElectricConfig c JOIN MeterTable m ON m.DeviceIdx = c.DeviceIdx WHERE "
                  "m.MeterId = 3001 AND c.Serial = 'neva-1' AND c.CurrentCoeff = 40") == 1);
  const std::string of_neva = " JOIN MeterData d ON d.Id = v.Id JOIN MeterTable m ON m.DeviceIdx = d.DeviceIdx "
                              "JOIN ArchTypes a ON a.Id = d.RecordTypeId WHERE m.MeterId = 3001 AND a.Name = ";
  CHECK(count(db, "SELECT v.Ap FROM ElectricEnergyValues v" + of_neva + "'ElMomentEnergy' AND v.Tariff = 1") == 3000);
  CHECK(count(db, "SELECT d.Timestamp FROM ElectricEnergyValues v" + of_neva + "'ElMomentEnergy' AND v.Tariff = 0") ==
        november_first + 3600);
  CHECK(count(db, "SELECT v.U * 10 FROM ElectricQualityValues v" + of_neva + "'ElMomentQuality' AND v.Phase = 'A'") ==
        2301);
  CHECK(headers(db, "ElDayEnergy") == 2);
  CHECK(headers(db, "ElMonthEnergy") == 1);
  CHECK(count(db, "SELECT v.Ap FROM ElectricEnergyValues v" + of_neva + "'ElDayConsEnergy' AND v.Tariff = 0") == 900);
  CHECK(count(db, "SELECT SUM(v.Pp) FROM ElectricPowerValues v" + of_neva + "'ElArr1ConsPower'") == 20 + 30);
  CHECK(count(db, "SELECT COUNT(*) FROM JournalValues v JOIN MeterData d ON d.Id = v.Id JOIN MeterTable m ON "
                  "m.DeviceIdx = d.DeviceIdx WHERE m.MeterId = 3002 AND v.EventId IN (0, 1)") == 2);
  const auto rows = all_rows(db);
  const auto headers_before = count(db, "SELECT COUNT(*) FROM MeterData");

  SECTION("the same batches again, and again after a SIGKILL and restart, add nothing") {
    publish(site.broker.url(), site_batches());
    // Both passes handled before the kill: 9 records, then 7 (the mapper skips the two moment windows it wrote).
    REQUIRE(testing::eventually([&] { return site.metric("meterhub_um40_readings_used_total") == 18 &&
                                             site.metric("meterhub_um40_records_written_total") == 16; }, 20s));
    site.daemon->kill_hard();
    site.start();
    // The kill may come before an acknowledgement reached the inbox: then the restart replays that batch too, which
    // must add nothing either. A last, new reading marks the end: once it is in, everything before it was handled.
    const auto later = november_first + 5 * 86'400;
    auto again = site_batches();
    again.push_back({"neva-1", "iec61107/test", 3, later * 1000, {at("1-0:1.8.0", 7000.0, unit::wh, later)}});
    publish(site.broker.url(), again);
    REQUIRE(testing::eventually([&] { return headers(db, "ElMomentEnergy") == 2; }, 20s));
    CHECK(all_rows(db) == rows + 1 + 5); // the marker's header and its five tariff rows
    CHECK(count(db, "SELECT COUNT(*) FROM MeterData") == headers_before + 1);
    CHECK(count(db, "SELECT COUNT(*) FROM JournalValues") == 2);
  }
  SECTION("a profile period begun before a SIGKILL and restart still gets its record") {
    // Counted once the records and the profile points they moved are both saved.
    REQUIRE(testing::eventually([&] { return site.metric("meterhub_um40_records_written_total") == 9; }, 20s));
    site.daemon->kill_hard();
    site.start();
    const auto end = november_first + 86'400 + 5400; // the period after the last one published before the kill
    publish(site.broker.url(), {reading_batch{"neva-1", "iec61107/test", 4, end * 1000,
                                              {at("1-0:1.8.0", 4950.0, unit::wh, end, true)}}});
    const bool closed = testing::eventually([&] { return headers(db, "ElArr1ConsPower") == 3; }, 20s);
    INFO(site.daemon->stderr_text());
    REQUIRE(closed);
    CHECK(count(db, "SELECT SUM(v.Pp) FROM ElectricPowerValues v" + of_neva + "'ElArr1ConsPower'") == 20 + 30 + 50);
  }
  SECTION("a malformed message is counted and dropped, and the next one is written") {
    publish_raw(site.broker.url(), {{"meterhub/v1/readings/neva-1", "\xff\xff not protobuf"}});
    const auto later = november_first + 2 * 86'400;
    publish(site.broker.url(), {reading_batch{"neva-1", "iec61107/test", 2, later * 1000,
                                              {at("1-0:1.8.0", 6000.0, unit::wh, later)}}});
    REQUIRE(testing::eventually([&] { return headers(db, "ElMomentEnergy") == 2; }, 20s));
    CHECK(site.metric("meterhub_um40_malformed_total") == 1);
    CHECK(site.daemon->alive());
  }
}

TEST_CASE("run: a configuration mistake fails at start with the key and the reason") {
  um40_cli cli;
  struct bad {
    std::string yaml, says;
  };
  const auto not_a_folder = cli.dir / "state-is-a-file";
  std::ofstream(not_a_folder) << "x";
  for (const auto& b : {bad{"um40:\n  devices: []\n", "um40.devices"},
                        bad{"um40:\n  devices:\n    - {device: a, meter_id: 1}\nbus:\n  state_dir: " +
                              not_a_folder.string() + "\n", "bus.state_dir: um40: database: profile points: open"},
                        bad{"um40:\n  devices:\n    - {device: a, meter_id: 1, type: Nope}\n", "um40.devices[0].type"},
                        bad{"um40:\n  devices:\n    - {device: a, type: SE303}\n", "um40.devices[0].meter_id"},
                        bad{"um40:\n  devices:\n    - {device: a, meter_id: 1, config: {kI: big}}\n",
                            "um40.devices[0].config"},
                        bad{"um40:\n  devices:\n    - {device: a, meter_id: 1, profile_minutes: 7}\n",
                            "um40.devices[0].profile_minutes"},
                        bad{"um40:\n  target: ssh:missing\n  devices:\n    - {device: a, meter_id: 1}\n", "missing"},
                        bad{"um40:\n  utc_offset: Moscow\n  devices:\n    - {device: a, meter_id: 1}\n",
                            "um40.utc_offset"}}) {
    const auto file = cli.dir / "bad.yaml";
    std::ofstream(file) << b.yaml;
    auto r = cli({"run", "-c", file.string()}, 20s);
    INFO(b.yaml << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(b.says) != std::string::npos);
  }
}

TEST_CASE("run: over SSH, readings that arrive while the concentrator is unreachable are written once it is back") {
  injector_site site;
  testing::sshd_server sshd(site.cli.dir.path());
  // The same site, but the target is the "concentrator" behind sshd (its meter.db exists, as on a device), which is
  // down when the readings arrive.
  REQUIRE(site.cli({"init", "--target", "local:" + site.cli.db.string()}).exit_code == 0);
  site.target = "ssh:box";
  site.config = box_config(site.cli, sshd, key_of(sshd.client_key()), sshd.known_hosts(), site.yaml());
  sshd.stop();
  site.start();
  publish(site.broker.url(), site_batches());
  const auto& db = site.cli.db;
  REQUIRE(testing::eventually([&] { return site.metric("meterhub_um40_write_errors_total") >= 2; }, 20s));
  CHECK(count(db, "SELECT COUNT(*) FROM MeterTable") == 0);
  sshd.start();
  const bool written = testing::eventually([&] { return headers(db, "ElArr1ConsPower") == 2 &&
                                                        headers(db, "ElJrnlPwr") == 2; }, 30s);
  INFO(site.daemon->stderr_text());
  REQUIRE(written);
  CHECK(count(db, "SELECT COUNT(*) FROM MeterTable") == 2);
  CHECK(headers(db, "ElDayEnergy") == 2);
  CHECK(headers(db, "ElDayConsEnergy") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM ElectricEnergyValues") == 3 * 5 + 5 + 5); // moment, 2 days, month, cons
  // The rows are visible as soon as the remote sqlite3 commits; the daemon logs once the channel has returned.
  CHECK(testing::eventually([&] { return site.daemon->stderr_text().find("reachable again") != std::string::npos; },
                            10s));
}
