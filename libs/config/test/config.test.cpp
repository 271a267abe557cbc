#include "meterhub/config/config.hpp"

#include <fstream>
#include <map>

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace meterhub::config;
using namespace std::chrono_literals;

namespace {

env_lookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end())
      return std::nullopt;
    return it->second;
  };
}

document load(std::string_view yaml, std::map<std::string, std::string> env = {}) {
  auto doc = document::load_string(yaml, "METERHUB", fake_env(std::move(env)), "/etc/meterhub");
  REQUIRE(doc);
  return *doc;
}

} // namespace

TEST_CASE("values, defaults and nested sections") {
  auto doc = load("bus:\n  url: tcp://b:1883\n  port: 1884\n  tls: {verify: false}\nlog: {level: debug}\n");
  auto bus = doc.root().section("bus");
  CHECK(bus.get<std::string>("url", "") == "tcp://b:1883");
  CHECK(bus.integer("port", 1883, 1, 65535) == 1884);
  CHECK_FALSE(bus.section("tls").get<bool>("verify", true));
  CHECK(bus.get<std::string>("missing", "dflt") == "dflt");
  CHECK(doc.root().section("nothing").get<int>("x", 7) == 7);
  CHECK_FALSE(doc.check());
}

TEST_CASE("every bad value is reported with its exact key and reason") {
  auto doc = load("bus:\n  port: abc\n  keepalive: 5 parsecs\nstorage: {mode: postgres, batch: 12XB}\n"
                  "meters:\n  - port: /dev/ttyUSB0\n  - {}\n  - oops\n");
  auto root = doc.root();
  root.section("bus").integer("port", 1883, 1, 65535);
  root.section("bus").duration("keepalive", 20s);
  root.section("storage").choice("mode", "sqlite", {"sqlite", "mysql"});
  root.section("storage").bytes("batch", 0);
  auto meters = root.items("meters");
  REQUIRE(meters.size() == 2);
  meters[1].require_string("port");
  auto problems = doc.problems();
  REQUIRE(problems.size() == 6);
  CHECK(problems[0] == "bus.port: expected an integer from 1 to 65535, got \"abc\"");
  CHECK(problems[1] == "bus.keepalive: expected a duration such as 250ms, 20s, 5m, 2h or 7d, got \"5 parsecs\"");
  CHECK(problems[2] == "storage.mode: expected one of sqlite, mysql, got \"postgres\"");
  CHECK(problems[3] == "storage.batch: expected a size such as 64MiB, 10MB or 4096, got \"12XB\"");
  CHECK(problems[4] == "meters[2]: expected a mapping of keys");
  CHECK(problems[5] == "meters[1].port: required key missing");
  auto err = doc.check();
  REQUIRE(err);
  CHECK(describe(err).find("config: invalid: 6 problem(s):\n  bus.port:") == 0);
}

TEST_CASE("environment variables override keys, including inside lists") {
  auto doc = load("bus: {url: tcp://file:1883}\nmeters:\n  - port: /dev/ttyUSB0\n",
                  {{"METERHUB_BUS__URL", "tcp://env:1883"}, {"METERHUB_METERS__0__PORT", "tcp://bridge:23"},
                   {"METERHUB_STORAGE__PATH", "/data/x.db"}});
  CHECK(doc.root().section("bus").get<std::string>("url", "") == "tcp://env:1883");
  CHECK(doc.root().items("meters")[0].get<std::string>("port", "") == "tcp://bridge:23");
  CHECK(doc.root().section("storage").path("path") == "/data/x.db");
}

TEST_CASE("durations, sizes, paths and lists") {
  auto doc = load("a: 250ms\nb: 2h\nc: 64MiB\nd: 10MB\ne: db/m.db\nf: [x, y]\ng: 'p,q'\n");
  auto r = doc.root();
  CHECK(r.duration("a", 0ms) == 250ms);
  CHECK(r.duration("b", 0ms) == 2h);
  CHECK(r.bytes("c", 0) == 64ull << 20);
  CHECK(r.bytes("d", 0) == 10'000'000);
  CHECK(r.path("e") == "/etc/meterhub/db/m.db");
  CHECK(r.strings("f") == std::vector<std::string>{"x", "y"});
  CHECK(r.strings("g") == std::vector<std::string>{"p", "q"});
}

TEST_CASE("secrets come from files or the environment and never appear in messages") {
  auto file = std::filesystem::temp_directory_path() / "mh-config-secret";
  std::ofstream(file) << "s3cret\n";
  auto doc = load("a: {password_file: " + file.string() + "}\nb: {password_env: PW}\nc: {password_env: NOPE}\n",
                  {{"PW", "from-env"}});
  CHECK(doc.root().section("a").secret("password") == "s3cret");
  CHECK(doc.root().section("b").secret("password") == "from-env");
  CHECK(doc.root().section("c").secret("password").empty());
  REQUIRE(doc.problems().size() == 1);
  CHECK(doc.problems()[0] == "c.password_env: the environment variable NOPE is not set");
  std::filesystem::remove(file);
}

TEST_CASE("unknown keys and syntax errors are named") {
  auto doc = load("bus: {url: x, uirl: y}\n");
  doc.root().section("bus").allow_only({"url", "username"});
  REQUIRE(doc.problems().size() == 1);
  CHECK(doc.problems()[0] == "bus.uirl: unknown key (known keys: url, username)");
  auto bad = document::load_string("bus: [unclosed\n", "METERHUB", fake_env({}));
  REQUIRE_FALSE(bad);
  CHECK(describe(bad.error()).find("config: syntax: line ") == 0);
  auto missing = document::load_file("/nonexistent/p1.yaml");
  REQUIRE_FALSE(missing);
  CHECK(describe(missing.error()) == "config: cannot_read: /nonexistent/p1.yaml");
}

TEST_CASE("unknown keys in nested sections and list items are named with their full path") {
  auto doc = load("bus:\n  tls: {ca_file: x, verfy: false}\nmeters:\n  - {port: a, publish: {energie: true}}\n");
  doc.root().section("bus").section("tls").allow_only({"ca_file", "verify"});
  const std::vector<std::string_view> shared{"port", "publish"};
  auto meter = doc.root().items("meters")[0];
  meter.allow_only(shared); // a list assembled at run time
  meter.section("publish").allow_only({"energy"});
  doc.root().section("missing").allow_only({"x"}); // an absent section has nothing to reject
  REQUIRE(doc.problems().size() == 2);
  CHECK(doc.problems()[0] == "bus.tls.verfy: unknown key (known keys: ca_file, verify)");
  CHECK(doc.problems()[1] == "meters[0].publish.energie: unknown key (known keys: energy)");
}

TEST_CASE("a misspelt environment override is reported with the key it does not name") {
  const std::map<std::string, std::string> env{{"METERHUB_BUS__URL", "tcp://env:1883"},
                                               {"METERHUB_BUS__PASWORD", "secret"},
                                               {"METERHUB_BUS__TLS__CA_FILE", "/ca.pem"},
                                               {"METERHUB_LOGG__LEVEL", "debug"},
                                               {"METERHUB_GATEWAY", "gw:50051"}}; // meterhubctl's
  auto doc = load("log: {level: info}\n", env); // bus appears only through the environment
  auto root = doc.root();
  root.allow_only({"bus", "log"});
  root.section("bus").allow_only({"url", "password", "tls"});
  root.section("log").allow_only({"level"});
  std::vector<std::string> names;
  for (const auto& [name, value] : env)
    names.push_back(name);
  names.push_back("METERHUB_NOT_SET"); // listed but unset: the lookup decides, as for real variables
  names.push_back("PATH");
  auto err = doc.check(names);
  REQUIRE(err);
  const auto text = describe(err);
  CHECK(text.find("METERHUB_BUS__PASWORD: overrides no key (bus.pasword is unknown; known keys: url, password, tls)") !=
        std::string::npos);
  CHECK(text.find("METERHUB_LOGG__LEVEL: overrides no key (logg is unknown; known keys: bus, log)") !=
        std::string::npos);
  CHECK(text.find("2 problem(s)") != std::string::npos);
  CHECK(text.find("GATEWAY") == std::string::npos);
  CHECK(text.find("BUS__URL") == std::string::npos);
  CHECK(text.find("TLS__CA_FILE") == std::string::npos); // bus.tls declared no keys here: not judged
  CHECK(text.find("NOT_SET") == std::string::npos);
}
