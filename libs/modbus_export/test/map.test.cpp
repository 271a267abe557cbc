// Register map validation: every reason with its exact key and text.
#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"
#include "meterhub/modbus_export/map.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using modbus::table;
using modbus::value_type;

namespace {

value_entry value_at(std::string quantity, std::uint16_t address, value_type type = value_type::f32) {
  value_entry v;
  v.quantity = std::move(quantity);
  v.address = address;
  v.encoding.type = type;
  return v;
}

export_map one_unit(std::vector<value_entry> values) {
  unit_map u;
  u.unit_id = 1;
  u.device = "p1-1";
  u.values = std::move(values);
  return export_map{{u}};
}

/// The problems as "key: reason" lines.
std::vector<std::string> lines(const export_map& map) {
  std::vector<std::string> out;
  for (const auto& p : check(map))
    out.push_back(p.key + ": " + p.reason);
  return out;
}

using texts = std::vector<std::string>;

} // namespace

TEST_CASE("a valid map has no problem", "[map]") {
  auto map = one_unit({value_at("1-0:1.7.0", 10), value_at("1-0:32.7.0", 12, value_type::u16)});
  map.units[0].values[0].quality_address = 20;
  map.units[0].values[0].age_address = 21;
  map.units[0].heartbeat = register_ref{table::holding, 0};
  map.units[0].commands.push_back({table::coil, 10, {}, "relay"}); // coils are their own table
  auto input = value_at("1-0:1.8.0", 10, value_type::u64);
  input.table = table::input; // same address, other table
  map.units[0].values.push_back(input);
  CHECK(check(map).empty());
  CHECK_FALSE(validate(map));
}

TEST_CASE("overlapping registers name both claims", "[map]") {
  auto map = one_unit({value_at("1-0:1.7.0", 10), value_at("1-0:2.7.0", 11, value_type::u16)});
  CHECK(lines(map) == texts{"units[0].values[1].address: registers 11..11 (holding) overlap "
                            "values[0].address (registers 10..11)"});
  map.units[0].values[1].address = 12;
  map.units[0].values[1].quality_address = 11;
  CHECK(lines(map) == texts{"units[0].values[1].quality: registers 11..11 (holding) overlap "
                            "values[0].address (registers 10..11)"});
  map.units[0].values[1].quality_address.reset();
  map.units[0].heartbeat = register_ref{table::holding, 13};
  map.units[0].values[1].encoding.type = value_type::u32; // 12..13
  CHECK(lines(map) == texts{"units[0].values[1].address: registers 12..13 (holding) overlap "
                            "heartbeat.address (registers 13..13)"});
  map.units[0].heartbeat.reset();
  map.units[0].commands.push_back({table::holding, 9, {value_type::u32, {}, {}}, "setpoint"});
  CHECK(lines(map) == texts{"units[0].commands[0].address: registers 9..10 (holding) overlap "
                            "values[0].address (registers 10..11)"});
}

TEST_CASE("registers past 65535 are refused", "[map]") {
  auto map = one_unit({value_at("1-0:1.7.0", 65535)});
  CHECK(lines(map) == texts{"units[0].values[0].address: needs registers 65535..65536, past the last address 65535"});
  map.units[0].values[0].age_address = 65535;
  map.units[0].values[0].age_type = value_type::u32;
  map.units[0].values[0].address = 0;
  CHECK(lines(map) == texts{"units[0].values[0].age: needs registers 65535..65536, past the last address 65535"});
  map.units[0].values[0].age_type = value_type::u16;
  CHECK(lines(map).empty());
}

TEST_CASE("encodings the export cannot write and bad scales are refused", "[map]") {
  auto map = one_unit({value_at("1-0:1.7.0", 0, value_type::bcd16)});
  map.units[0].values.push_back(value_at("1-0:2.7.0", 10));
  map.units[0].values[1].encoding.scaling.scale = 0;
  map.units[0].values.push_back(value_at("1-0:3.7.0", 20));
  map.units[0].values[2].encoding.scaling.offset = std::numeric_limits<double>::infinity();
  map.units[0].values[2].age_type = value_type::f32;
  CHECK(lines(map) == texts{"units[0].values[0].type: bcd16 cannot be exported (use f32, f64, u16, s16, u32, s32, "
                            "u64 or s64)",
                            "units[0].values[1].scale: must not be 0",
                            "units[0].values[2].offset: must be a finite number",
                            "units[0].values[2].age_type: must be u16 or u32, not f32"});
}

TEST_CASE("units, devices, quantities, tables and times are checked", "[map]") {
  auto map = one_unit({value_at("1-0:1.7.0*255", 0), value_at("power", 2)});
  map.units[0].values[0].stale_after_ms = 500;
  map.units[0].values[1].table = table::coil;
  map.units[0].max_gap = 126;
  map.units[0].stale_after_ms = 0;
  map.units.push_back(map.units[0]);
  map.units[1].device = "P1 Meter";
  map.units[1].values.clear();
  map.units[1].commands.push_back({table::input, 5, {}, ""});
  CHECK(lines(map) == texts{
          "units[0].stale_after: must be at least 1s",
          "units[0].max_gap: must be at most 125 (one read's worth of registers), got 126",
          "units[0].values[0].quantity: write \"1-0:1.7.0\" as the bus names it, not \"1-0:1.7.0*255\"",
          "units[0].values[0].stale_after: must be at least 1s",
          "units[0].values[1].quantity: expected an OBIS code A-B:C.D.E or x:{name}, got \"power\"",
          "units[0].values[1].table: must be holding or input, not coil",
          "units[1].unit: unit id 1 is mapped twice",
          "units[1].device: expected a device id ([a-z0-9][a-z0-9_.-]*, at most 64 characters), got \"P1 Meter\"",
          "units[1].stale_after: must be at least 1s",
          "units[1].max_gap: must be at most 125 (one read's worth of registers), got 126",
          "units[1].commands[0].target: names no command target",
          "units[1].commands[0].table: must be holding or coil, not input",
        });
}

TEST_CASE("an empty map and an empty unit are refused", "[map]") {
  CHECK(lines(export_map{}) == texts{"units: maps no unit"});
  CHECK(lines(one_unit({})) == texts{"units[0]: maps no register (values, commands or heartbeat)"});
}

TEST_CASE("validate lists every problem under the key prefix", "[map]") {
  auto map = one_unit({value_at("1-0:1.7.0", 65535), value_at("1-0:2.7.0", 0, value_type::u16)});
  map.units[0].values[1].encoding.scaling.scale = 0;
  auto err = validate(map, "modbus_export");
  REQUIRE(err);
  CHECK(err.category() == caf::atom("mb_export"));
  CHECK(describe(err) == "mb_export: bad_map: "
                         "modbus_export.units[0].values[0].address: needs registers 65535..65536, past the last "
                         "address 65535\n"
                         "modbus_export.units[0].values[1].scale: must not be 0");
  CHECK(describe(validate(export_map{})) == "mb_export: bad_map: units: maps no unit");
}

TEST_CASE("register widths follow the type", "[map]") {
  CHECK(register_width(value_type::u16) == 1);
  CHECK(register_width(value_type::s16) == 1);
  CHECK(register_width(value_type::f32) == 2);
  CHECK(register_width(value_type::s32) == 2);
  CHECK(register_width(value_type::f64) == 4);
  CHECK(register_width(value_type::u64) == 4);
  CHECK(register_width(value_type::string) == 0);
  CHECK(register_width(value_type::boolean) == 0);
}
