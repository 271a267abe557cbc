#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "meterhub/modbus/error.hpp"

using namespace meterhub;
using namespace meterhub::profiles;
using modbus::modbus_errc;
using test::only;

namespace {

constexpr std::int64_t now_ms = 1'765'000'000'000;

constexpr std::string_view block_profile = R"(
model: Block test
vendor: Test
source: test
protocol: modbus
limits: {max_gap: 8}
defaults: {table: holding, type: f32, word_order: CDAB}
groups:
  - name: main
    registers:
      - {name: voltage, address: 0, quantity: "1-0:32.7.0", unit: V}
      - {name: power, address: 2, type: s16, scale: 10, quantity: "1-0:1.7.0", negative_quantity: "1-0:2.7.0", unit: W}
      - {name: state, address: 3, type: u16, quantity: "x:machine_state"}
      - {name: door, address: 3, bit: 15, quantity: "x:di.16"}
      - {name: energy, address: 4, type: u32, scale_register: energy_sf, quantity: "1-0:1.8.0", unit: Wh}
      - {name: energy_sf, address: 6, type: s16}
      - {name: label, address: 7, type: string, length: 2, quantity: "x:label"}
      - {name: raw_only, address: 9, type: u16}
      - {name: temperature, address: 10, type: s16, scale: 0.1, offset: -40, quantity: "x:temperature", unit: °C}
  - name: io
    registers:
      - {name: relay, table: coil, address: 0, quantity: "x:relay"}
      - {name: run, table: discrete_input, address: 5, quantity: "x:run"}
)";

std::vector<std::uint16_t> main_block() {
  std::vector<std::uint16_t> block(11, 0);
  test::put(block, 0, test::f32_cdab(230.5f));
  block[2] = static_cast<std::uint16_t>(-123);  // -1230 W: export
  block[3] = 0x8002;                            // state 32770, bit 15 set
  test::put(block, 4, test::i32_cdab(123456));  // × 10^-1
  block[6] = static_cast<std::uint16_t>(-1);
  block[7] = 0x4142;                            // "AB"
  block[8] = 0x4300;                            // "C", NUL
  block[9] = 77;
  block[10] = 615;                              // 61.5 - 40 = 21.5 °C
  return block;
}

group_readings poll(const profile& p, const poll_group& g, std::vector<request_reply> replies,
                    counter_tracker* counters = nullptr) {
  auto plan = plan_group(p, g, 1);
  return to_readings(p, g, plan, replies, now_ms, counters);
}

std::string failure_text(const group_readings& out, std::size_t i) {
  REQUIRE(out.failures.size() > i);
  return describe(out.failures[i].error);
}

} // namespace

TEST_CASE("a register block decodes into readings with SI values, quantities and units") {
  auto p = test::load(block_profile);
  const auto& g = p.groups[0];
  auto plan = plan_group(p, g, 1);
  REQUIRE(plan.size() == 1);
  REQUIRE(plan[0].count == 11);
  auto out = poll(p, g, {main_block()});
  CHECK(out.failures.empty());
  REQUIRE(out.readings.size() == 7); // energy_sf and raw_only have no quantity
  auto v = only(out.readings, "1-0:32.7.0");
  CHECK(v.value == 230.5);
  CHECK(v.unit == unit::v);
  CHECK(v.time_ms == now_ms);
  CHECK(v.flags == 0);
  auto export_power = only(out.readings, "1-0:2.7.0");
  CHECK(export_power.value == 1230.0);
  CHECK(export_power.unit == unit::w);
  CHECK(only(out.readings, "x:machine_state").value == 32770.0);
  CHECK(only(out.readings, "x:di.16").value == 1.0);
  CHECK(only(out.readings, "1-0:1.8.0").value == Approx(12345.6).epsilon(1e-12));
  auto label = only(out.readings, "x:label");
  CHECK_FALSE(label.value);
  CHECK(label.text == "ABC");
  auto t = only(out.readings, "x:temperature");
  CHECK(t.value == Approx(21.5).epsilon(1e-12));
  CHECK(t.unit == unit::celsius);
  CHECK(out.readings[0].quantity == "1-0:32.7.0"); // in the group's order
}

TEST_CASE("a positive value of a signed register keeps its quantity") {
  auto p = test::load(block_profile);
  auto block = main_block();
  block[2] = 45; // 450 W import
  auto out = poll(p, p.groups[0], {block});
  CHECK(only(out.readings, "1-0:1.7.0").value == 450.0);
  CHECK(std::none_of(out.readings.begin(), out.readings.end(), [](const auto& r) { return r.quantity == "1-0:2.7.0"; }));
}

TEST_CASE("values that do not decode are failures, not readings") {
  auto p = test::load(block_profile);
  auto block = main_block();
  test::put(block, 0, {0xFFFF, 0xFFFF}); // NaN: not measured
  block[8] = 0x0A00;                     // a line feed in the label
  auto out = poll(p, p.groups[0], {block});
  REQUIRE(out.failures.size() == 2);
  CHECK(out.failures[0].register_index == 0);
  CHECK(failure_text(out, 0) == "modbus: bad_value: voltage: the float is NaN or infinite");
  CHECK(out.failures[1].register_index == 6);
  CHECK(failure_text(out, 1) == "modbus: bad_value: label: a string with a byte outside printable ASCII");
  CHECK(out.readings.size() == 5);
}

TEST_CASE("a failed request fails every register it carried with the request's error") {
  auto p = test::load(block_profile);
  auto out = poll(p, p.groups[0], {caf::expected<std::vector<std::uint16_t>>{
                                     make_error(modbus_errc::illegal_data_address, "holding 0-10")}});
  CHECK(out.readings.empty());
  REQUIRE(out.failures.size() == 9);
  for (const auto& f : out.failures)
    CHECK(describe(f.error) == "modbus: illegal_data_address: holding 0-10");
}

TEST_CASE("a short reply or a missing reply fails what it does not cover") {
  auto p = test::load(block_profile);
  auto block = main_block();
  block.resize(9); // up to the label's end
  auto out = poll(p, p.groups[0], {block});
  REQUIRE(out.failures.size() == 2);
  CHECK(failure_text(out, 0) == "modbus: bad_value: raw_only: the reply holds 9 of the request's 11 registers");
  CHECK(failure_text(out, 1) == "modbus: bad_value: temperature: the reply holds 9 of the request's 11 registers");
  auto none = poll(p, p.groups[0], {});
  REQUIRE(none.failures.size() == 9);
  CHECK(failure_text(none, 0) == "modbus: bad_value: voltage: its request got no reply");
}

TEST_CASE("the scale register's 10^sf scales its values, and a bad one fails them") {
  auto p = test::load(block_profile);
  auto block = main_block();
  block[6] = 2;
  CHECK(only(poll(p, p.groups[0], {block}).readings, "1-0:1.8.0").value == 12345600.0);
  block[6] = 0x8000; // SunSpec "not implemented"
  auto out = poll(p, p.groups[0], {block});
  REQUIRE(out.failures.size() == 1);
  CHECK(out.failures[0].register_index == 4);
  CHECK(failure_text(out, 0)
        == "modbus: bad_value: energy: its scale register energy_sf holds -32768, not a scale factor from -10 to 10");
}

TEST_CASE("a scale register in another request is planned and read with its group") {
  auto p = test::load(R"(
model: m
vendor: v
source: s
protocol: modbus
groups:
  - name: g
    registers:
      - {name: watts, address: 100, type: s16, scale_register: w_sf, quantity: "1-0:1.7.0", unit: W}
registers:
  - {name: w_sf, address: 200, type: s16}
)");
  auto plan = plan_group(p, p.groups[0], 3);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].address == 100);
  CHECK(plan[1].address == 200);
  auto out = to_readings(p, p.groups[0], plan, std::vector<request_reply>{std::vector<std::uint16_t>{1234},
                                                                         std::vector<std::uint16_t>{0xFFFE}},
                         now_ms);
  CHECK(only(out.readings, "1-0:1.7.0").value == 12.34);
  auto failed = to_readings(p, p.groups[0], plan,
                            std::vector<request_reply>{std::vector<std::uint16_t>{1234},
                                                       make_error(modbus_errc::timeout, "no answer")},
                            now_ms);
  REQUIRE(failed.failures.size() == 1);
  CHECK(describe(failed.failures[0].error)
        == "modbus: bad_value: watts: its scale register w_sf failed: no answer");
}

TEST_CASE("coils and discrete inputs decode one bit per element") {
  auto p = test::load(block_profile);
  const auto& io = p.groups[1];
  auto plan = plan_group(p, io, 1);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].table == modbus::table::coil);
  CHECK(plan[1].table == modbus::table::discrete_input);
  auto out = to_readings(p, io, plan,
                         std::vector<request_reply>{std::vector<std::uint16_t>{1}, std::vector<std::uint16_t>{0}},
                         now_ms);
  CHECK(only(out.readings, "x:relay").value == 1.0);
  CHECK(only(out.readings, "x:run").value == 0.0);
}

TEST_CASE("wrapping counters keep growing across a wrap when a tracker is given") {
  auto p = test::load(test::modbus_profile(
    "      - {name: pulses, address: 64, wrap: true, scale: 0.5, quantity: \"x:di_count.1\"}\n"));
  const auto& g = p.groups[0];
  counter_tracker counters;
  auto at = [&](std::uint16_t raw) { return only(poll(p, g, {std::vector<std::uint16_t>{raw}}, &counters).readings,
                                                 "x:di_count.1"); };
  CHECK(at(65000).value == 32500.0);
  CHECK(at(65535).value == 32767.5);
  auto wrapped = at(10);
  CHECK(wrapped.value == (65536.0 + 10) * 0.5);
  CHECK(wrapped.flags == 0);
  CHECK(at(20).value == (65536.0 + 20) * 0.5);
  // Without a tracker the raw count is published as it is.
  CHECK(only(poll(p, g, {std::vector<std::uint16_t>{10}}).readings, "x:di_count.1").value == 5.0);
}

TEST_CASE("a counter that drops without a plausible wrap restarts and is flagged") {
  auto p = test::load(test::modbus_profile("      - {name: pulses, address: 64, wrap: true, quantity: \"x:count\"}\n"));
  counter_tracker counters;
  auto at = [&](std::uint16_t raw) {
    return only(poll(p, p.groups[0], {std::vector<std::uint16_t>{raw}}, &counters).readings, "x:count");
  };
  CHECK(at(30000).value == 30000.0);
  auto reset = at(5); // written to 0 by an operator, five pulses since
  CHECK(reset.value == 5.0);
  CHECK(reset.has(flag::suspicious));
  auto next = at(7);
  CHECK(next.value == 7.0);
  CHECK(next.flags == 0);
}
