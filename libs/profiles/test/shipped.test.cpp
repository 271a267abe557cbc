// The profiles shipped in deploy/profiles: they load, and a synthetic register block decodes into known SI values.
#include <catch2/catch.hpp>

#include "device_memory.hpp"
#include "helpers.hpp"
#include "meterhub/mercury/items.hpp"
#include "meterhub/modbus/error.hpp"
#include "meterhub/profiles/write.hpp"

using namespace meterhub;
using namespace meterhub::profiles;
using modbus::table;
using test::only;

namespace {

const std::filesystem::path profiles_dir{MH_PROFILES_DIR};

profile shipped(const char* id) {
  auto p = load_profile(profiles_dir / (std::string{id} + ".yaml"));
  INFO((p ? std::string{} : describe(p.error())));
  REQUIRE(p);
  return *p;
}

std::vector<std::uint16_t> words(std::uint16_t w) {
  return {w};
}

/// Every register of the group with a quantity produced a reading and none failed.
void check_complete(const profile& p, const poll_group& g, const group_readings& out) {
  INFO(p.id << " group " << g.name);
  CHECK(out.failures.empty());
  std::size_t published = 0;
  for (auto i : g.registers)
    published += p.registers[i].quantity.empty() ? 0 : 1;
  CHECK(out.readings.size() == published);
}

} // namespace

TEST_CASE("every shipped profile loads") {
  auto all = load_profiles(profiles_dir);
  INFO((all ? std::string{} : describe(all.error())));
  REQUIRE(all);
  std::vector<std::string> ids;
  for (const auto& p : *all)
    ids.push_back(p.id);
  CHECK(ids == std::vector<std::string>{"carlo-gavazzi-em24", "mercury230", "mercury234", "owen-mv110-224-16dn",
                                        "owen-plc210-example", "sdm120", "sdm630", "site-map"});
}

TEST_CASE("sdm630 decodes a block of floats into SI values") {
  auto p = shipped("sdm630");
  test::device_memory m;
  m.put(table::input, 0, test::f32_abcd(230.5f));     // 30001
  m.put(table::input, 4, test::f32_abcd(229.25f));    // 30005
  m.put(table::input, 6, test::f32_abcd(12.5f));      // 30007
  m.put(table::input, 12, test::f32_abcd(-1500.5f));  // 30013: exporting
  m.put(table::input, 30, test::f32_abcd(0.875f));    // 30031
  m.put(table::input, 36, test::f32_abcd(-12.5f));    // 30037
  m.put(table::input, 52, test::f32_abcd(4200.0f));   // 30053
  m.put(table::input, 70, test::f32_abcd(50.0f));     // 30071
  m.put(table::input, 224, test::f32_abcd(0.25f));    // 30225
  m.put(table::input, 72, test::f32_abcd(1234.5f));   // 30073 kWh
  m.put(table::input, 78, test::f32_abcd(2.25f));     // 30079 kvarh
  m.put(table::input, 342, test::f32_abcd(1240.0f));  // 30343
  m.put(table::input, 356, test::f32_abcd(0.5f));     // 30357
  auto instant = m.poll(p, test::group(p, "instant"));
  check_complete(p, test::group(p, "instant"), instant);
  CHECK(only(instant.readings, "1-0:32.7.0").value == 230.5);
  CHECK(only(instant.readings, "1-0:32.7.0").unit == unit::v);
  CHECK(only(instant.readings, "1-0:72.7.0").value == 229.25);
  CHECK(only(instant.readings, "1-0:31.7.0").value == 12.5);
  CHECK(only(instant.readings, "1-0:22.7.0").value == 1500.5);
  CHECK(only(instant.readings, "1-0:41.7.0").value == 0.0);
  CHECK(only(instant.readings, "1-0:33.7.0").value == 0.875);
  CHECK(only(instant.readings, "1-0:81.7.4").value == -12.5);
  CHECK(only(instant.readings, "1-0:81.7.4").unit == unit::degree);
  CHECK(only(instant.readings, "1-0:1.7.0").value == 4200.0);
  CHECK(only(instant.readings, "1-0:14.7.0").value == 50.0);
  CHECK(only(instant.readings, "1-0:91.7.0").value == 0.25);
  auto energy = m.poll(p, test::group(p, "energy"));
  check_complete(p, test::group(p, "energy"), energy);
  CHECK(only(energy.readings, "1-0:1.8.0").value == 1234500.0);
  CHECK(only(energy.readings, "1-0:1.8.0").unit == unit::wh);
  CHECK(only(energy.readings, "1-0:4.8.0").value == 2250.0);
  CHECK(only(energy.readings, "1-0:4.8.0").unit == unit::varh);
  CHECK(only(energy.readings, "1-0:15.8.0").value == 1240000.0);
  CHECK(only(energy.readings, "1-0:62.8.0").value == 500.0);
}

TEST_CASE("sdm630 reads its instant values in two requests within the 80-register limit") {
  auto p = shipped("sdm630");
  auto plan = plan_group(p, test::group(p, "instant"), 1);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].address == 0);
  CHECK(plan[0].count == 72);
  CHECK(plan[1].address == 224);
  CHECK(plan[1].count == 2);
  auto energy = plan_group(p, test::group(p, "energy"), 1);
  REQUIRE(energy.size() == 2);
  CHECK(energy[0].address == 72);
  CHECK(energy[0].count == 8);
  CHECK(energy[1].address == 342);
  CHECK(energy[1].count == 16);
}

TEST_CASE("sdm630 reports a NaN value as a failure of that register only") {
  auto p = shipped("sdm630");
  test::device_memory m;
  m.put(table::input, 2, {0x7FC0, 0x0000}); // 30003 not measured
  auto out = m.poll(p, test::group(p, "instant"));
  REQUIRE(out.failures.size() == 1);
  CHECK(p.registers[out.failures[0].register_index].name == "voltage_l2");
  CHECK(out.readings.size() == test::group(p, "instant").registers.size() - 1);
}

TEST_CASE("sdm120 decodes a single-phase block") {
  auto p = shipped("sdm120");
  test::device_memory m;
  m.put(table::input, 0, test::f32_abcd(231.0f));
  m.put(table::input, 6, test::f32_abcd(4.5f));
  m.put(table::input, 12, test::f32_abcd(1039.5f));
  m.put(table::input, 24, test::f32_abcd(-120.0f));
  m.put(table::input, 72, test::f32_abcd(15.75f));
  m.put(table::input, 86, test::f32_abcd(2500.0f));
  auto instant = m.poll(p, test::group(p, "instant"));
  check_complete(p, test::group(p, "instant"), instant);
  CHECK(only(instant.readings, "1-0:32.7.0").value == 231.0);
  CHECK(only(instant.readings, "1-0:31.7.0").value == 4.5);
  CHECK(only(instant.readings, "1-0:1.7.0").value == 1039.5);
  CHECK(only(instant.readings, "1-0:4.7.0").value == 120.0);
  auto energy = m.poll(p, test::group(p, "energy"));
  check_complete(p, test::group(p, "energy"), energy);
  CHECK(only(energy.readings, "1-0:1.8.0").value == 15750.0);
  auto demand = m.poll(p, test::group(p, "demand"));
  check_complete(p, test::group(p, "demand"), demand);
  CHECK(only(demand.readings, "1-0:1.6.0").value == 2500.0);
}

TEST_CASE("carlo-gavazzi-em24 decodes INT32 LSW first with its weights") {
  auto p = shipped("carlo-gavazzi-em24");
  test::device_memory m;
  m.put(table::holding, 0x00, test::i32_cdab(2305));     // 230.5 V
  m.put(table::holding, 0x0C, test::i32_cdab(12345));    // 12.345 A
  m.put(table::holding, 0x12, test::i32_cdab(-15000));   // -1500 W: export
  m.put(table::holding, 0x28, test::i32_cdab(36021));    // 3602.1 W
  m.put(table::holding, 0x2E, words(static_cast<std::uint16_t>(-850))); // PF -0.85
  m.put(table::holding, 0x32, words(0xFFFF));            // L1-L3-L2
  m.put(table::holding, 0x33, words(500));               // 50.0 Hz
  m.put(table::holding, 0x34, test::i32_cdab(123456));   // 12345.6 kWh
  m.put(table::holding, 0x4E, test::i32_cdab(70000));    // 7000.0 kWh (70000 > 65535: both words used)
  auto instant = m.poll(p, test::group(p, "instant"));
  check_complete(p, test::group(p, "instant"), instant);
  CHECK(only(instant.readings, "1-0:32.7.0").value == 230.5);
  CHECK(only(instant.readings, "1-0:31.7.0").value == 12.345);
  CHECK(only(instant.readings, "1-0:22.7.0").value == 1500.0);
  CHECK(only(instant.readings, "1-0:1.7.0").value == 3602.1);
  CHECK(only(instant.readings, "1-0:33.7.0").value == -0.85);
  CHECK(only(instant.readings, "x:phase_sequence").value == -1.0);
  CHECK(only(instant.readings, "1-0:14.7.0").value == 50.0);
  auto energy = m.poll(p, test::group(p, "energy"));
  check_complete(p, test::group(p, "energy"), energy);
  CHECK(only(energy.readings, "1-0:1.8.0").value == 12345600.0);
  CHECK(only(energy.readings, "1-0:2.8.0").value == 7000000.0);
  auto plan = plan_group(p, test::group(p, "instant"), 1);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].count == 0x34);
}

TEST_CASE("carlo-gavazzi-em24 is identified by its model code") {
  auto p = shipped("carlo-gavazzi-em24");
  REQUIRE(p.identify.size() == 1);
  const auto& rule = p.identify[0];
  CHECK(p.registers[rule.register_index].name == "model_code");
  CHECK(matches(rule, modbus::raw_value{std::uint64_t{1650}}));
  CHECK_FALSE(matches(rule, modbus::raw_value{std::uint64_t{1647}}));
  auto w = encode_write(p, "measuring_system", 3);
  REQUIRE(w);
  CHECK(w->address == 0x1002);
  CHECK(w->function == 0x06);
  CHECK(w->registers == std::vector<std::uint16_t>{3});
  CHECK_FALSE(encode_write(p, "measuring_system", 5));
}

TEST_CASE("owen-mv110-224-16dn decodes the input bitmask, each input and the watchdog") {
  auto p = shipped("owen-mv110-224-16dn");
  test::device_memory m;
  m.put(table::holding, 0x33, words(0x8005)); // inputs 1, 3 and 16
  m.put(table::holding, 0x30, words(30));
  auto inputs = m.poll(p, test::group(p, "inputs"));
  check_complete(p, test::group(p, "inputs"), inputs);
  CHECK(only(inputs.readings, "x:di").value == 32773.0);
  CHECK(only(inputs.readings, "x:di.1").value == 1.0);
  CHECK(only(inputs.readings, "x:di.2").value == 0.0);
  CHECK(only(inputs.readings, "x:di.3").value == 1.0);
  CHECK(only(inputs.readings, "x:di.15").value == 0.0);
  CHECK(only(inputs.readings, "x:di.16").value == 1.0);
  auto plan = plan_group(p, test::group(p, "inputs"), 1);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].address == 0x33);
  CHECK(plan[0].count == 1);
  auto settings = m.poll(p, test::group(p, "settings"));
  CHECK(only(settings.readings, "x:network_timeout").value == 30.0);
  CHECK(only(settings.readings, "x:network_timeout").unit == unit::second);
}

TEST_CASE("owen-mv110-224-16dn counters unwrap and reset by a write of 0 through function 16") {
  auto p = shipped("owen-mv110-224-16dn");
  const auto& g = test::group(p, "counters");
  counter_tracker counters;
  test::device_memory m;
  m.put(table::holding, 0x40, words(65534));
  m.put(table::holding, 0x4F, words(7));
  auto first = m.poll(p, g, &counters);
  check_complete(p, g, first);
  CHECK(only(first.readings, "x:di_count.1").value == 65534.0);
  CHECK(only(first.readings, "x:di_count.16").value == 7.0);
  m.put(table::holding, 0x40, words(3));
  auto wrapped = m.poll(p, g, &counters);
  CHECK(only(wrapped.readings, "x:di_count.1").value == 65539.0);
  CHECK(only(wrapped.readings, "x:di_count.1").flags == 0);
  auto plan = plan_group(p, g, 1);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].address == 0x40);
  CHECK(plan[0].count == 16);
  auto reset = encode_write(p, "counter_1", 0);
  REQUIRE(reset);
  CHECK(reset->function == 0x10);
  CHECK(reset->address == 0x40);
  CHECK(reset->registers == std::vector<std::uint16_t>{0});
  CHECK(describe(encode_write(p, "counter_1", 5).error()) == "modbus: out_of_range: counter_1: 5 is outside 0..0");
  auto watchdog = encode_write(p, "network_timeout", 60);
  REQUIRE(watchdog);
  CHECK(watchdog->function == 0x10);
  CHECK(watchdog->address == 0x30);
  CHECK(watchdog->registers == std::vector<std::uint16_t>{60});
  CHECK_FALSE(encode_write(p, "network_timeout", 601));
  CHECK_FALSE(encode_write(p, "input_1", 1)); // an input is read-only
}

TEST_CASE("owen-plc210-example loads and decodes REALs low word first and the machine state") {
  auto p = shipped("owen-plc210-example");
  CHECK(p.model.find("EXAMPLE") != std::string::npos);
  CHECK(p.source.find("EXAMPLE") != std::string::npos);
  test::device_memory m;
  m.put(table::holding, 0, words(3));
  m.put(table::holding, 1, words(0b0101));
  m.put(table::holding, 4, test::f32_cdab(230.5f));
  m.put(table::holding, 8, test::f32_cdab(-1.5f)); // kW, exporting
  m.put(table::holding, 10, test::f32_cdab(12.5f));
  m.put(table::holding, 12, test::i32_cdab(100)); // hours
  auto state = m.poll(p, test::group(p, "state"));
  check_complete(p, test::group(p, "state"), state);
  CHECK(only(state.readings, "x:machine_state").value == 3.0);
  CHECK(only(state.readings, "x:di").value == 5.0);
  CHECK(only(state.readings, "x:di.1").value == 1.0);
  CHECK(only(state.readings, "x:di.2").value == 0.0);
  CHECK(only(state.readings, "x:di.3").value == 1.0);
  auto instant = m.poll(p, test::group(p, "instant"));
  check_complete(p, test::group(p, "instant"), instant);
  CHECK(only(instant.readings, "1-0:32.7.0").value == 230.5);
  CHECK(only(instant.readings, "1-0:2.7.0").value == 1500.0);
  auto counters = m.poll(p, test::group(p, "counters"));
  check_complete(p, test::group(p, "counters"), counters);
  CHECK(only(counters.readings, "1-0:1.8.0").value == 12500.0);
  CHECK(only(counters.readings, "x:run_time").value == 360000.0);
  auto setpoint = encode_write(p, "speed_setpoint", 1500);
  REQUIRE(setpoint);
  CHECK(setpoint->registers == test::f32_cdab(1500.0f));
  CHECK(encode_write(p, "run_enable", 1)->table == table::coil);
  CHECK(matches(p.identify.at(0), modbus::raw_value{std::uint64_t{1}}));
}

TEST_CASE("the site-map template loads and decodes a block") {
  auto p = shipped("site-map");
  test::device_memory m;
  m.put(table::holding, 0, test::f32_cdab(229.5f));
  m.put(table::holding, 4, test::f32_cdab(-250.0f));
  m.put(table::holding, 6, words(5002));
  m.put(table::holding, 7, words(0x0001));
  m.put(table::holding, 10, test::f32_cdab(42.25f));
  m.put(table::holding, 12, test::i32_cdab(-1)); // 0xFFFFFFFF as u32
  auto instant = m.poll(p, test::group(p, "instant"));
  check_complete(p, test::group(p, "instant"), instant);
  CHECK(only(instant.readings, "1-0:32.7.0").value == 229.5);
  CHECK(only(instant.readings, "1-0:2.7.0").value == 250.0);
  CHECK(only(instant.readings, "1-0:14.7.0").value == 50.02);
  CHECK(only(instant.readings, "x:meter_online").value == 1.0);
  auto energy = m.poll(p, test::group(p, "energy"));
  check_complete(p, test::group(p, "energy"), energy);
  CHECK(only(energy.readings, "1-0:1.8.0").value == 42250.0);
  CHECK(only(energy.readings, "x:pulse_count").value == 4294967295.0);
  CHECK(encode_write(p, "poll_period", 60)->registers == std::vector<std::uint16_t>{60});
}

TEST_CASE("the Mercury profiles name codec items and consistent model options") {
  for (const char* id : {"mercury230", "mercury234"}) {
    INFO(id);
    auto p = shipped(id);
    CHECK(p.protocol == protocol::mercury23x);
    CHECK(p.registers.empty());
    std::size_t items = 0;
    for (const auto& g : p.groups)
      for (const auto& item : g.items) {
        CHECK(mercury::item_from_string(item));
        ++items;
      }
    CHECK(items == mercury::all_items.size()); // every item, each polled once
    mercury::options o;
    o.phases = p.mercury.phases;
    o.tariffs = p.mercury.tariffs;
    o.energy_wh_per_count = p.mercury.energy_wh_per_count;
    o.meter_constant = p.mercury.meter_constant;
    CHECK_FALSE(mercury::check(o));
    CHECK(p.mercury.phases == 3);
    CHECK(p.mercury.energy_wh_per_count * p.mercury.meter_constant == 1000.0);
    CHECK(p.response_timeout == std::chrono::milliseconds{150});
    CHECK(p.mercury.baud == 9600);
  }
  CHECK(shipped("mercury230").mercury.profile_addressing == "byte_address");
  CHECK(shipped("mercury234").mercury.profile_addressing == "record_index");
}
