#include "meterhub/vscp/values.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::vscp;
using namespace meterhub::vscp::test;

namespace {

/// One row of shared/specs/vscp.md §2 with a bus value and what each profile makes of it, written out by hand.
struct expected_row {
  const char* name;
  const char* obis;
  meterhub::unit bus_unit;
  double bus_value;
  const char* note;
  int script_type, script_unit, script_sidx;
  const char* script_value;
  int spec_type, spec_unit;
  const char* spec_value;
};

using u = meterhub::unit;

// clang-format off
const expected_row rows[] = {
  {"sum_active_energy_out", "1-0:1.8.0", u::wh, 6678394, "Meter reading active energy out", 13, 1, 1, "6678.394", 13, 1, "6678.394"},
  {"sum_active_energy_in", "1-0:2.8.0", u::wh, 12345, "Meter reading active energy in", 13, 1, 2, "12.345", 13, 1, "12.345"},
  {"sum_reactive_energy_out", "1-0:3.8.0", u::varh, 21988, "Meter reading reactive energy out", 13, 0, 3, "21.988", 65, 0, "21.988"},
  {"sum_reactive_energy_in", "1-0:4.8.0", u::varh, 1020971, "Meter reading reactive energy in", 14, 0, 4, "1020.971", 65, 0, "1020.971"},
  {"momentan_active_effect_out", "1-0:1.7.0", u::w, 1727, "Active effect out", 14, 0, 5, "1.727", 14, 0, "1727.0"},
  {"momentan_active_effect_in", "1-0:2.7.0", u::w, 2500, "Active effect in", 64, 0, 6, "2.5", 14, 0, "2500.0"},
  {"momentan_reactive_effect_out", "1-0:3.7.0", u::var, 42, "Reactive effect out", 64, 0, 7, "0.042", 64, 0, "42.0"},
  {"momentan_reactive_effect_in", "1-0:4.7.0", u::var, 309, "Reactive effect in", 64, 0, 8, "0.309", 64, 0, "309.0"},
  {"momentan_active_effect_l1_out", "1-0:21.7.0", u::w, 1023, "Active effect L1 out", 14, 0, 9, "1.023", 14, 0, "1023.0"},
  {"momentan_active_effect_l1_in", "1-0:22.7.0", u::w, 100, "Active effect L1 in", 14, 0, 10, "0.1", 14, 0, "100.0"},
  {"momentan_active_effect_l2_out", "1-0:41.7.0", u::w, 350, "Active effect L2 out", 14, 0, 11, "0.35", 14, 0, "350.0"},
  {"momentan_active_effect_l2_in", "1-0:42.7.0", u::w, 1, "Active effect L2 in", 14, 0, 12, "0.001", 14, 0, "1.0"},
  {"momentan_active_effect_l3_out", "1-0:61.7.0", u::w, 353, "Active effect L3 out", 14, 0, 13, "0.353", 14, 0, "353.0"},
  {"momentan_active_effect_l3_in", "1-0:62.7.0", u::w, 999, "Active effect L3 in", 14, 0, 14, "0.999", 14, 0, "999.0"},
  {"momentan_reactive_effect_l1_out", "1-0:23.7.0", u::var, 5, "Reactive effect L1 out", 14, 0, 15, "0.005", 64, 0, "5.0"},
  {"momentan_reactive_effect_l1_in", "1-0:24.7.0", u::var, 9, "Reactive effect L1 in", 14, 0, 16, "0.009", 64, 0, "9.0"},
  {"momentan_reactive_effect_l2_out", "1-0:43.7.0", u::var, 17, "Reactive effect L2 out", 14, 0, 0, "0.017", 64, 0, "17.0"},
  {"momentan_reactive_effect_l2_in", "1-0:44.7.0", u::var, 161, "Reactive effect L2 in", 14, 0, 18, "0.161", 64, 0, "161.0"},
  {"momentan_reactive_effect_l3_out", "1-0:63.7.0", u::var, 1000, "Reactive effect L3 out", 14, 0, 19, "1.0", 64, 0, "1000.0"},
  {"momentan_reactive_effect_l3_in", "1-0:64.7.0", u::var, 138, "Reactive effect L3 in", 14, 0, 20, "0.138", 64, 0, "138.0"},
  {"voltage_l1", "1-0:32.7.0", u::v, 240.3, "Voltage L1", 16, 0, 21, "240.3", 16, 0, "240.3"},
  {"voltage_l2", "1-0:52.7.0", u::v, 240.1, "Voltage L2", 16, 0, 22, "240.1", 16, 0, "240.1"},
  {"voltage_l3", "1-0:72.7.0", u::v, 241.3, "Voltage L3", 16, 0, 23, "241.3", 16, 0, "241.3"},
  {"current_l1", "1-0:31.7.0", u::a, 4.2, "Current L1", 5, 0, 24, "4.2", 5, 0, "4.2"},
  {"current_l2", "1-0:51.7.0", u::a, 1.6, "Current L2", 5, 0, 25, "1.6", 5, 0, "1.6"},
  {"current_l3", "1-0:71.7.0", u::a, 1.7, "Current L3", 5, 0, 26, "1.7", 5, 0, "1.7"},
};
// clang-format on

std::string hex2(int v) {
  const char* digits = "0123456789ABCDEF";
  return {digits[v >> 4], digits[v & 15]};
}

void check_event(const message& m, const expected_row& row, int index, int type, int unit, int sidx,
                 const char* value, int measurement_unit) {
  const auto guid = "FF:FF:FF:FF:FF:FF:FF:FE:02:00:00:00:00:01:00:" + hex2(index + 1);
  CHECK(m.topic == "vscp/" + guid + "/1040/" + std::to_string(type));
  CHECK(m.qos == 0);
  CHECK_FALSE(m.retained);
  const auto j = nlohmann::json::parse(m.payload);
  CHECK(j["vscpType"] == type);
  CHECK(j["vscpClass"] == 1040);
  CHECK(j["vscpGuid"] == guid);
  CHECK(j["vscpNote"] == row.note);
  std::vector<int> data{sidx, 0, 0, unit};
  for (int c : ascii(value))
    data.push_back(c);
  data.push_back(0);
  CHECK(j["vscpData"].get<std::vector<int>>() == data);
  CHECK(j["measurement"]["unit"] == measurement_unit);
  CHECK(j["measurement"]["sensorindex"] == sidx);
  CHECK(m.payload.find(std::string{"{\"value\": "} + value + ", ") != std::string::npos);
}

} // namespace

TEST_CASE("the table has the 26 values in the README's order") {
  const auto table = value_table();
  REQUIRE(table.size() == std::size(rows));
  for (std::size_t i = 0; i < table.size(); ++i) {
    INFO(rows[i].name);
    CHECK(table[i].name == rows[i].name);
    CHECK(table[i].quantity == rows[i].obis);
    CHECK(table[i].bus_unit == rows[i].bus_unit);
    CHECK(table[i].default_id == i + 1);
    CHECK(table[i].default_sensor_index == i + 1);
    CHECK(table[i].default_note == rows[i].note);
    CHECK(find_value(rows[i].obis) == i);
    CHECK(find_value_by_name(rows[i].name) == i);
  }
  CHECK_FALSE(find_value("1-0:14.7.0"));
  CHECK_FALSE(find_value("0-0:1.0.0"));
  CHECK_FALSE(find_value_by_name("voltage"));
}

TEST_CASE("the switch groups cover 4, 8, 8, 3 and 3 values") {
  int counts[5] = {};
  for (const auto& row : value_table())
    ++counts[static_cast<int>(row.group)];
  CHECK(counts[0] == 4);
  CHECK(counts[1] == 8);
  CHECK(counts[2] == 8);
  CHECK(counts[3] == 3);
  CHECK(counts[4] == 3);
  CHECK(value_table()[5].group == value_group::active_effect);
  CHECK(value_table()[14].group == value_group::reactive_effect);
  CHECK(std::string_view{to_string(value_group::reactive_effect)} == "reactive_effect");
}

TEST_CASE("every value in the script profile, topic, type, unit, index and note") {
  const auto s = example_settings();
  for (int i = 0; i < 26; ++i) {
    const auto& row = rows[i];
    INFO(row.name);
    const auto out = translate(make_batch({make_reading(row.obis, row.bus_value, row.bus_unit)}), s, example_now_ms);
    REQUIRE(out.size() == 1);
    check_event(out[0], row, i, row.script_type, row.script_unit, row.script_sidx, row.script_value, 1);
  }
}

TEST_CASE("every value in the spec profile, topic, type, unit, index and note") {
  auto s = example_settings();
  s.profile = profile::spec;
  for (int i = 0; i < 26; ++i) {
    const auto& row = rows[i];
    INFO(row.name);
    const auto out = translate(make_batch({make_reading(row.obis, row.bus_value, row.bus_unit)}), s, example_now_ms);
    REQUIRE(out.size() == 1);
    check_event(out[0], row, i, row.spec_type, row.spec_unit, i + 1, row.spec_value, row.spec_unit);
  }
}

TEST_CASE("profiles by name") {
  CHECK(parse_profile("script") == profile::script);
  CHECK(parse_profile("spec") == profile::spec);
  CHECK_FALSE(parse_profile("Spec"));
  CHECK(std::string_view{to_string(profile::spec)} == "spec");
}
