#include <fstream>

#include <catch2/catch.hpp>

#include "meterhub/testing/process.hpp"
#include "settings.hpp"

using namespace meterhub;
using namespace meterhub::echonet_service;

namespace {

caf::expected<settings> load(const std::string& yaml) {
  static testing::temp_dir dir{"echonet-settings"};
  const auto file = dir / "echonet.yaml";
  std::ofstream(file) << yaml;
  return load_settings(file);
}

const std::string credentials =
  "    route_b_id: 00112233445566778899AABBCCDDEEFF\n    password: 0123456789AB\n";

} // namespace

TEST_CASE("a module with credentials and nothing else gets the default plan") {
  auto s = load("modules:\n  - port: /dev/ttyUSB0\n" + credentials);
  REQUIRE(s);
  REQUIRE(s->modules.size() == 1);
  const auto& m = s->modules[0];
  CHECK(m.device == "route-b-1");
  CHECK(m.link.serial.baud == 115200);
  CHECK_FALSE(m.link.model);
  REQUIRE(m.poll.size() == 2);
  CHECK(m.poll[0].epcs == std::vector<std::uint8_t>{0xE7, 0xE8});
  CHECK(m.poll[1].interval == std::chrono::seconds{60});
  CHECK(m.session.route_b_id.size() == 32);
  CHECK(m.backfill.enabled);
}

TEST_CASE("the poll plan, model, MAC and session limits are read by key") {
  auto s = load("modules:\n  - port: /dev/ttyUSB0\n    device: home\n    model: bp35c2\n"
                "    meter_mac: 001D129012345678\n" +
                credentials +
                "    session: {first_duration: 5, max_duration: 7, join_attempts: 5}\n"
                "    poll:\n      - {name: power, epcs: [E7, '0xE8', d3], interval: 5s}\n");
  REQUIRE(s);
  const auto& m = s->modules[0];
  CHECK(m.link.model == skstack::module_model::bp35c2);
  CHECK(m.session.meter_mac == 0x001D129012345678ull);
  CHECK(m.session.first_scan_duration == 5);
  CHECK(m.session.max_join_attempts == 5);
  REQUIRE(m.poll.size() == 1);
  CHECK(m.poll[0].epcs == std::vector<std::uint8_t>{0xE7, 0xE8, 0xD3});
  CHECK(m.poll[0].interval == std::chrono::seconds{5});
}

TEST_CASE("bad module settings are refused with the key and the reason") {
  auto s = load("modules:\n  - port: /dev/ttyUSB0\n    route_b_id: short\n    password: ''\n"
                "    model: bp35b9\n    meter_mac: xyz\n    poll:\n      - {name: p, epcs: [E7, ZZ], interval: 100ms}\n"
                "    backfill: {limit_days: 120, grace: 40m}\n    session: {first_duration: 9, max_duration: 8}\n"
                "  - port: /dev/ttyUSB0\n    device: Bad Id\n" +
                credentials);
  REQUIRE_FALSE(s);
  const auto text = describe(s.error());
  CHECK_THAT(text, Catch::Contains("modules[0].route_b_id: the Route-B ID from the utility has exactly 32 characters"));
  CHECK_THAT(text, Catch::Contains("modules[0].password: the Route-B password has 1 to 32 characters"));
  CHECK_THAT(text, Catch::Contains("modules[0].model"));
  CHECK_THAT(text, Catch::Contains("modules[0].meter_mac: expected the meter's 64-bit MAC as 16 hex digits"));
  CHECK_THAT(text, Catch::Contains("modules[0].poll[0].epcs: expected EPCs as hex bytes such as E7, got \"ZZ\""));
  CHECK_THAT(text, Catch::Contains("modules[0].poll[0].interval: must be at least 1s"));
  CHECK_THAT(text, Catch::Contains("modules[0].backfill.limit_days"));
  CHECK_THAT(text, Catch::Contains("modules[0].backfill.grace"));
  CHECK_THAT(text, Catch::Contains("modules[0].session.max_duration: must not be below first_duration"));
  CHECK_THAT(text, Catch::Contains("modules[1].device: expected [a-z0-9][a-z0-9_.-]*"));
  CHECK_THAT(text, Catch::Contains("modules[1].port: two modules are on /dev/ttyUSB0"));
}

TEST_CASE("the secrets never appear in the refusal") {
  auto s = load("modules:\n  - port: /dev/ttyUSB0\n    route_b_id: TOPSECRETIDTOPSECRETID\n    password: hunter2\n"
                "    poll: 3\n");
  REQUIRE_FALSE(s);
  const auto text = describe(s.error());
  CHECK_THAT(text, !Catch::Contains("TOPSECRET"));
  CHECK_THAT(text, !Catch::Contains("hunter2"));
}

TEST_CASE("EPCs parse with or without 0x, in either case") {
  CHECK(parse_epc("E7") == 0xE7);
  CHECK(parse_epc("0xd3") == 0xD3);
  CHECK_FALSE(parse_epc("E77"));
  CHECK_FALSE(parse_epc(""));
  CHECK_FALSE(parse_epc("G1"));
}
