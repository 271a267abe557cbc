// The YAML reader: a full section into the structs, and every problem under its full key path.
#include <catch2/catch.hpp>

#include "meterhub/config/config.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/modbus_export/settings.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using modbus::table;
using modbus::value_type;
using modbus::word_order;

namespace {

config::env_lookup no_environment() {
  return [](const std::string&) { return std::optional<std::string>{}; };
}

struct loaded {
  export_settings settings;
  std::vector<std::string> problems;
};

loaded load(const std::string& yaml) {
  auto doc = config::document::load_string(yaml, "METERHUB", no_environment());
  REQUIRE(doc);
  auto settings = read_export_settings(doc->root().section("modbus_export"));
  return {settings, doc->problems()};
}

const char* full = R"(
modbus_export:
  enabled: true
  listen: 0.0.0.0
  port: 1502
  allow: [10.1.0.0/16, 127.0.0.1]
  max_clients: 8
  idle_timeout: 0s
  frame_timeout: 2s
  units:
    - unit: 3
      device: p1-4530303331
      stale_after: 30s
      max_gap: 16
      heartbeat: {table: input, address: 9}
      values:
        - {quantity: "1-0:1.7.0*255", address: 10, quality: 12, age: 13}
        - {quantity: "1-0:1.8.0", table: input, address: 20, type: u32, order: cdab, scale: 1000, age: 22,
           age_type: u32, stale_after: 5m}
      commands:
        - {address: 100, type: s16, scale: 0.1, target: limit}
        - {table: coil, address: 0, target: breaker}
)";

} // namespace

TEST_CASE("a full section reads into the settings", "[settings]") {
  auto [s, problems] = load(full);
  CHECK(problems.empty());
  CHECK(s.enabled);
  CHECK(s.server.bind_address == "0.0.0.0");
  CHECK(s.server.port == 1502);
  CHECK(s.server.allow == std::vector<std::string>{"10.1.0.0/16", "127.0.0.1"});
  CHECK(s.server.max_clients == 8);
  CHECK(s.server.idle_timeout.count() == 0);
  CHECK(s.server.frame_timeout.count() == 2000);
  REQUIRE(s.map.units.size() == 1);
  const auto& u = s.map.units[0];
  CHECK(u.unit_id == 3);
  CHECK(u.device == "p1-4530303331");
  CHECK(u.stale_after_ms == 30'000);
  CHECK(u.max_gap == 16);
  REQUIRE(u.heartbeat);
  CHECK(u.heartbeat->table == table::input);
  CHECK(u.heartbeat->address == 9);
  REQUIRE(u.values.size() == 2);
  CHECK(u.values[0].quantity == "1-0:1.7.0");
  CHECK(u.values[0].table == table::holding);
  CHECK(u.values[0].encoding.type == value_type::f32);
  CHECK(u.values[0].encoding.order == word_order::abcd);
  CHECK(u.values[0].quality_address == 12);
  CHECK(u.values[0].age_address == 13);
  CHECK_FALSE(u.values[0].stale_after_ms);
  CHECK(u.values[1].table == table::input);
  CHECK(u.values[1].encoding.type == value_type::u32);
  CHECK(u.values[1].encoding.order == word_order::cdab);
  CHECK(u.values[1].encoding.scaling.scale == 1000);
  CHECK(u.values[1].age_type == value_type::u32);
  CHECK(u.values[1].stale_after_ms == 300'000);
  REQUIRE(u.commands.size() == 2);
  CHECK(u.commands[0].table == table::holding);
  CHECK(u.commands[0].encoding.type == value_type::s16);
  CHECK(u.commands[0].encoding.scaling.scale == 0.1);
  CHECK(u.commands[0].target == "limit");
  CHECK(u.commands[1].table == table::coil);
  CHECK(check(s.map).empty());
}

TEST_CASE("a missing or disabled section needs nothing", "[settings]") {
  auto [absent, none] = load("other: 1\n");
  CHECK_FALSE(absent.enabled);
  CHECK(none.empty());
  auto [off, also_none] = load("modbus_export:\n  enabled: false\n");
  CHECK_FALSE(off.enabled);
  CHECK(also_none.empty());
}

TEST_CASE("problems carry their full key path", "[settings]") {
  auto [s, problems] = load(R"(
modbus_export:
  enabled: true
  port: 70000
  allow: [10.1.2.3/8]
  max_clients: 0
  frame_timeout: 0s
  units:
    - unit: 1
      device: p1-1
      heartbeat: {table: holding, address: 11}
      values:
        - {quantity: 1-0:1.7.0, address: 70000}
        - {quantity: 1-0:2.7.0, address: 20, type: bcd16, order: ABDC, quality: 11, colour: red}
      commands:
        - {table: input, address: 5}
    - device: p1-2
      values: [{quantity: 1-0:1.7.0, address: 0, scale: 0}]
)");
  CHECK(problems == std::vector<std::string>{
          "modbus_export.port: expected an integer from 0 to 65535, got \"70000\"",
          "modbus_export.allow[0]: \"10.1.2.3/8\": bits are set past the /8 prefix",
          "modbus_export.max_clients: expected an integer from 1 to 4096, got \"0\"",
          "modbus_export.frame_timeout: must be more than 0",
          "modbus_export.units[0].values[0].address: expected an integer from 0 to 65535, got \"70000\"",
          "modbus_export.units[0].values[1].colour: unknown key (known keys: quantity, table, address, type, order, "
          "scale, offset, quality, age, age_type, stale_after)",
          "modbus_export.units[0].values[1].type: expected one of f32, f64, u16, s16, u32, s32, u64, s64, got "
          "\"bcd16\"",
          "modbus_export.units[0].values[1].order: expected one of ABCD, CDAB, BADC, DCBA, got \"ABDC\"",
          "modbus_export.units[0].commands[0].table: expected one of holding, coil, got \"input\"",
          "modbus_export.units[1].unit: required key missing",
          "modbus_export.units[0].commands[0].target: names no command target",
          "modbus_export.units[0].values[1].quality: registers 11..11 (holding) overlap heartbeat.address "
          "(registers 11..11)",
          "modbus_export.units[1].unit: unit id 1 is mapped twice",
          "modbus_export.units[1].values[0].scale: must not be 0",
        });
}
