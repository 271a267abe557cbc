#include <fstream>
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace meterhub;
using namespace meterhub::profiles;
using namespace std::chrono_literals;
using modbus::table;
using modbus::value_type;
using modbus::word_order;

namespace {

constexpr std::string_view full_profile = R"(
model: Example meter EM-1
vendor: Example
source: EM-1 Modbus map rev. 3
protocol: modbus
response_timeout: 300ms
limits:
  max_registers: 60
  max_bits: 64
  max_gap: 4
  boundaries: [0x0100]
  forbidden: ["0x0060-0x0063"]
  single_writes: false
defaults:
  table: input
  type: f32
  word_order: CDAB
groups:
  - name: instant
    interval: 5s
    registers:
      - {name: voltage_l1, register: 30001, quantity: "1-0:32.7.0", unit: V, description: L1 voltage}
      - {name: power, address: 0x0034, quantity: "1-0:1.7.0", negative_quantity: "1-0:2.7.0", unit: W}
      - {name: status, address: 10, type: u16, word_order: ABCD}
      - {name: alarm, address: 10, bit: 3, quantity: "x:alarm"}
      - {name: mode, address: 10, bits: 4-7, quantity: "x:mode"}
  - name: energy
    interval: 1m
    registers:
      - {name: import, address: 0x48, quantity: "1-0:1.8.0", unit: Wh, scale: 1000}
      - {name: pulses, table: holding, address: 200, type: u16, wrap: true, quantity: "x:pulses"}
      - {name: relay, table: coil, address: 3, quantity: "x:relay", writable: true}
registers:
  - {name: serial, register: 464513, type: u32, word_order: ABCD}
  - {name: name_text, table: holding, address: 300, type: string, length: 8}
  - {name: setpoint, register: 40021, type: s16, scale: 0.1, offset: -40, writable: true, min: -40, max: 100}
  - {name: w_sf, table: input, address: 0x90, type: s16}
  - {name: power_sf, table: input, address: 0x92, type: s32, scale_register: w_sf}
identify:
  - {register: serial, equals: "1234"}
  - {register: name_text, any_of: [EM-1, EM-1X]}
)";

} // namespace

TEST_CASE("a profile with every key loads into its model") {
  auto p = test::load(full_profile, "deploy/profiles/em-1.yaml");
  CHECK(p.id == "em-1");
  CHECK(p.model == "Example meter EM-1");
  CHECK(p.vendor == "Example");
  CHECK(p.source == "EM-1 Modbus map rev. 3");
  CHECK(p.protocol == protocol::modbus);
  CHECK(p.response_timeout == 300ms);
  CHECK(p.limits.max_registers == 60);
  CHECK(p.limits.max_bits == 64);
  CHECK(p.limits.max_gap == 4);
  CHECK(p.limits.boundaries == std::vector<std::uint16_t>{0x100});
  CHECK(p.limits.forbidden == std::vector<std::pair<std::uint16_t, std::uint16_t>>{{0x60, 0x63}});
  CHECK_FALSE(p.single_writes);
  REQUIRE(p.groups.size() == 2);
  CHECK(p.groups[0].name == "instant");
  CHECK(p.groups[0].interval == 5s);
  CHECK(p.groups[0].registers == std::vector<std::size_t>{0, 1, 2, 3, 4});
  CHECK(p.groups[1].interval == 60s);
  CHECK(p.groups[1].registers == std::vector<std::size_t>{5, 6, 7});
  REQUIRE(p.registers.size() == 13);
}

TEST_CASE("registers take the defaults and their own keys") {
  auto p = test::load(full_profile);
  const auto& v = *p.find("voltage_l1");
  CHECK(v.table == table::input);
  CHECK(v.address == 0);
  CHECK(v.spec.type == value_type::f32);
  CHECK(v.spec.order == word_order::cdab);
  CHECK(v.quantity == "1-0:32.7.0");
  CHECK(v.unit == unit::v);
  CHECK(v.description == "L1 voltage");
  const auto& power = *p.find("power");
  CHECK(power.address == 0x34);
  CHECK(power.negative_quantity == "1-0:2.7.0");
  const auto& status = *p.find("status");
  CHECK(status.spec.type == value_type::u16);
  CHECK(status.spec.order == word_order::abcd);
  CHECK(status.quantity.empty());
  const auto& mode = *p.find("mode");
  CHECK(mode.spec.type == value_type::bits);
  CHECK(mode.spec.bit_offset == 4);
  CHECK(mode.spec.bit_count == 4);
  CHECK(p.find("alarm")->spec.bit_offset == 3);
  CHECK(p.find("alarm")->spec.bit_count == 1);
  CHECK(p.find("import")->scaling.scale == 1000.0);
  CHECK(p.find("nothing") == nullptr);
}

TEST_CASE("counters, coils, strings, writable ranges and scale registers load") {
  auto p = test::load(full_profile);
  CHECK(p.find("pulses")->wrap == 65536.0);
  CHECK(p.find("pulses")->table == table::holding);
  const auto& relay = *p.find("relay");
  CHECK(relay.table == table::coil);
  CHECK(relay.spec.type == value_type::boolean); // a bit table's default, whatever defaults.type says
  CHECK(relay.writable);
  const auto& serial = *p.find("serial");
  CHECK(serial.table == table::holding);
  CHECK(serial.address == 0xFC00);
  CHECK(p.find("name_text")->spec.length == 8);
  const auto& setpoint = *p.find("setpoint");
  CHECK(setpoint.address == 20);
  CHECK(setpoint.scaling.scale == 0.1);
  CHECK(setpoint.scaling.offset == -40.0);
  CHECK(setpoint.min == -40.0);
  CHECK(setpoint.max == 100.0);
  const auto& power_sf = *p.find("power_sf");
  CHECK(power_sf.scale_register == 0x90);
  CHECK(power_sf.scale_register_index == 11);
}

TEST_CASE("identify rules name their register and alternatives") {
  auto p = test::load(full_profile);
  REQUIRE(p.identify.size() == 2);
  CHECK(p.identify[0].register_index == 8);
  CHECK(p.identify[0].equals == "1234");
  CHECK(p.identify[0].any_of == std::vector<std::string>{"1234"});
  CHECK(p.identify[1].register_index == 9);
  CHECK(p.identify[1].any_of == std::vector<std::string>{"EM-1", "EM-1X"});
  CHECK(matches(p.identify[0], modbus::raw_value{std::uint64_t{1234}}));
  CHECK_FALSE(matches(p.identify[0], modbus::raw_value{std::uint64_t{1235}}));
  CHECK(matches(p.identify[1], modbus::raw_value{std::string{"EM-1X"}}));
  CHECK_FALSE(matches(p.identify[1], modbus::raw_value{std::string{"EM-2"}}));
}

TEST_CASE("decoded values render as identification text") {
  CHECK(to_text(modbus::raw_value{std::int64_t{-5}}) == "-5");
  CHECK(to_text(modbus::raw_value{std::uint64_t{1648}}) == "1648");
  CHECK(to_text(modbus::raw_value{230.5}) == "230.5");
  CHECK(to_text(modbus::raw_value{std::string{"SDM"}}) == "SDM");
}

TEST_CASE("plan_group merges a group's registers under the limits and adds scale registers") {
  auto p = test::load(full_profile);
  auto plan = plan_group(p, p.groups[0], 7);
  // input 0-1, 10 and 0x34-0x35 are more than max_gap (4) apart: three requests; input 10 carries three
  // definitions (the status word and two of its bit fields).
  REQUIRE(plan.size() == 3);
  CHECK(plan[0].unit_id == 7);
  CHECK(plan[0].table == table::input);
  CHECK(plan[0].address == 0);
  CHECK(plan[0].count == 2);
  CHECK(plan[0].ids == std::vector<std::size_t>{0});
  CHECK(plan[1].address == 10);
  CHECK(plan[1].count == 1);
  CHECK(plan[1].ids == std::vector<std::size_t>{2, 3, 4});
  CHECK(plan[2].address == 0x34);
  CHECK(plan[2].ids == std::vector<std::size_t>{1});
  poll_group with_sf{"sf", 10s, {12}, {}};
  auto sf_plan = plan_group(p, with_sf, 1);
  REQUIRE(sf_plan.size() == 1);
  CHECK(sf_plan[0].address == 0x90);
  CHECK(sf_plan[0].count == 4); // w_sf at 0x90, the gap 0x91 (max_gap 4), power_sf at 0x92-0x93
  CHECK(sf_plan[0].ids == std::vector<std::size_t>{11, 12});
}

TEST_CASE("a Mercury profile lists items and model options") {
  auto p = test::load(R"(
model: Mercury 230 ART-01
vendor: Incotex
source: spec
protocol: mercury23x
response_timeout: 150ms
mercury: {phases: 3, tariffs: 2, energy_wh_per_count: 0.5, meter_constant: 2000, power_profile: false,
          profile_period: 15m, profile_addressing: record_index, baud: 19200}
groups:
  - {name: instant, interval: 10s, items: [power, voltage, current]}
  - {name: energy, interval: 1m, items: [energy_total, energy_tariffs, energy_phases]}
)");
  CHECK(p.protocol == protocol::mercury23x);
  CHECK(p.mercury.phases == 3);
  CHECK(p.mercury.tariffs == 2);
  CHECK(p.mercury.energy_wh_per_count == 0.5);
  CHECK(p.mercury.meter_constant == 2000);
  CHECK(p.mercury.profile_addressing == "record_index");
  CHECK_FALSE(p.mercury.power_profile);
  CHECK(p.mercury.profile_period == 15min);
  CHECK(p.mercury.baud == 19200);
  CHECK(p.groups[0].items == std::vector<std::string>{"power", "voltage", "current"});
  CHECK(p.registers.empty());
  CHECK(plan_group(p, p.groups[0], 1).empty());
}

TEST_CASE("load_profiles reads every yaml file of a folder sorted by id, and the first bad one stops it") {
  auto dir = std::filesystem::path{MH_BINARY_DIR} / "profiles-test-folder";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, std::string_view text) { std::ofstream{dir / name} << text; };
  write("zeta.yaml", test::modbus_profile("      - {name: a, address: 0}\n"));
  write("alpha.yaml", test::modbus_profile("      - {name: b, address: 1}\n"));
  write("README.md", "not a profile");
  auto all = load_profiles(dir);
  INFO((all ? std::string{} : describe(all.error())));
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].id == "alpha");
  CHECK((*all)[1].id == "zeta");
  CHECK((*all)[1].file == dir / "zeta.yaml");
  write("middle.yaml", test::modbus_profile("      - {name: c, address: 1, type: f33}\n"));
  auto bad = load_profiles(dir);
  REQUIRE_FALSE(bad);
  CHECK(describe(bad.error()).find((dir / "middle.yaml").string() + ": groups[0].registers[0].type: unknown type")
        != std::string::npos);
  CHECK_FALSE(load_profiles(dir / "missing"));
  CHECK(describe(load_profile(dir / "missing.yaml").error())
        == "modbus: bad_profile: " + (dir / "missing.yaml").string() + ": cannot read the file");
}
