#include "meterhub/profiles/write.hpp"

#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace meterhub;
using namespace meterhub::profiles;
using modbus::table;

namespace {

constexpr std::string_view write_profile = R"(
model: Write test
vendor: Test
source: test
protocol: modbus
groups:
  - name: g
    registers:
      - {name: timeout, address: 48, writable: true, min: 0, max: 600, quantity: "x:network_timeout", unit: s}
      - {name: reading, register: 30001, type: f32}
      - {name: mask, address: 51, quantity: "x:di"}
registers:
  - {name: setpoint, address: 100, type: f32, word_order: CDAB, writable: true, min: -50, max: 50}
  - {name: offset_temp, address: 102, type: s16, scale: 0.1, offset: -40, writable: true}
  - {name: limit, address: 103, type: s32, word_order: CDAB, writable: true, scale_register: limit_sf}
  - {name: limit_sf, address: 105, type: s16}
  - {name: relay, table: coil, address: 7, writable: true}
  - {name: big, address: 110, type: u16, writable: true}
)";

std::string refused(const profile& p, std::string_view name, double value, int sf = 0) {
  auto w = encode_write(p, name, value, sf);
  REQUIRE_FALSE(w);
  return describe(w.error());
}

} // namespace

TEST_CASE("a named write is encoded at its address with the single-register function") {
  auto p = test::load(write_profile, "profiles/wt.yaml");
  auto w = encode_write(p, "timeout", 30);
  REQUIRE(w);
  CHECK(w->table == table::holding);
  CHECK(w->address == 48);
  CHECK(w->function == 0x06);
  CHECK(w->registers == std::vector<std::uint16_t>{30});
}

TEST_CASE("multi-register values use function 16 in their word order") {
  auto p = test::load(write_profile);
  auto w = encode_write(p, "setpoint", 21.5);
  REQUIRE(w);
  CHECK(w->function == 0x10);
  CHECK(w->address == 100);
  CHECK(w->registers == test::f32_cdab(21.5f));
}

TEST_CASE("scale, offset and the scale register's exponent are undone before encoding") {
  auto p = test::load(write_profile);
  auto t = encode_write(p, "offset_temp", 21.5); // (21.5 + 40) / 0.1 = 615
  REQUIRE(t);
  CHECK(t->registers == std::vector<std::uint16_t>{615});
  auto negative = encode_write(p, "offset_temp", -45); // -50 raw
  REQUIRE(negative);
  CHECK(negative->registers == std::vector<std::uint16_t>{static_cast<std::uint16_t>(-50)});
  auto l = encode_write(p, "limit", 12345.6, -1);
  REQUIRE(l);
  CHECK(l->registers == test::i32_cdab(123456));
}

TEST_CASE("coils take 0 or 1") {
  auto p = test::load(write_profile);
  auto on = encode_write(p, "relay", 1);
  REQUIRE(on);
  CHECK(on->table == table::coil);
  CHECK(on->address == 7);
  CHECK(on->function == 0x05);
  CHECK(on->coil);
  CHECK(refused(p, "relay", 2) == "modbus: out_of_range: relay: a coil takes 0 or 1, not 2");
}

TEST_CASE("a device without single writes gets functions 15 and 16") {
  auto p = test::load(std::string{write_profile} + "limits: {single_writes: false}\n");
  CHECK(encode_write(p, "timeout", 30)->function == 0x10);
  CHECK(encode_write(p, "relay", 0)->function == 0x0F);
}

TEST_CASE("writes outside the profile's rules are refused with the reason") {
  auto p = test::load(write_profile, "profiles/wt.yaml");
  CHECK(refused(p, "nothing", 1) == "modbus: bad_profile: wt: no register named \"nothing\"");
  CHECK(refused(p, "reading", 1) == "modbus: bad_profile: wt: reading is not writable");
  CHECK(refused(p, "mask", 1) == "modbus: bad_profile: wt: mask is not writable");
  CHECK(refused(p, "timeout", 601) == "modbus: out_of_range: timeout: 601 is outside 0..600");
  CHECK(refused(p, "timeout", -1) == "modbus: out_of_range: timeout: -1 is outside 0..600");
  CHECK(refused(p, "timeout", 2.5) == "modbus: out_of_range: timeout: not a whole number of the register's steps "
                                      "(raw 2.5)");
  CHECK(refused(p, "offset_temp", 21.55)
        == "modbus: out_of_range: offset_temp: not a whole number of the register's steps (raw 615.5)");
  CHECK(refused(p, "big", 70000).starts_with("modbus: out_of_range: big: "));
  CHECK(refused(p, "big", -3) == "modbus: out_of_range: big: a negative value for an unsigned register");
  CHECK(refused(p, "setpoint", std::nan("")) == "modbus: out_of_range: setpoint: not a finite number");
}
