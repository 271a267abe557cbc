// meterhub-um40 as integrators run it: test data into a meter.db on this machine and on a "concentrator" reached
// over a real sshd, where the device's own sqlite3 shell does the writing. Every record type is generated and read
// back by SQL; mistakes and SSH refusals write nothing; a connection killed mid-batch ends with one copy of each row.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "cli_fixtures.hpp"
#include "meterhub/testing/process.hpp"
#include "meterhub/testing/sshd.hpp"
#include "meterhub/um40/schema.hpp"
#include "meterhub/um40/target.hpp"

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
