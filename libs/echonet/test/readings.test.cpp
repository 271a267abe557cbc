#include "meterhub/echonet/readings.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::echonet;
using test::error_of;
using test::hex;

namespace {
constexpr std::int64_t now = 1'713'065'500'000;
}

TEST_CASE("the spec's E7 Get_Res is 410 W import") {
  auto f = decode(hex("1081000102880105FF017201E7040000019A"));
  REQUIRE(f);
  auto out = readings_of(*f, meter_scale{}, now);
  REQUIRE(out);
  REQUIRE(out->size() == 1);
  CHECK((*out)[0].quantity == "1-0:1.7.0");
  CHECK((*out)[0].value == 410.0);
  CHECK((*out)[0].unit == unit::w);
  CHECK((*out)[0].time_ms == now);
  CHECK((*out)[0].flags == 0);
}

TEST_CASE("negative power is export as 2.7.0") {
  auto out = readings_of(property{0xE7, hex("FFFFFE66")}, meter_scale{}, now);
  REQUIRE(out);
  REQUIRE(out->size() == 1);
  CHECK((*out)[0].quantity == "1-0:2.7.0");
  CHECK((*out)[0].value == 410.0);
}

TEST_CASE("power markers give no reading or a value-less invalid one, never zero") {
  CHECK(readings_of(property{0xE7, hex("7FFFFFFE")}, meter_scale{}, now)->empty());
  auto over = readings_of(property{0xE7, hex("7FFFFFFF")}, meter_scale{}, now);
  REQUIRE(over->size() == 1);
  CHECK_FALSE((*over)[0].value);
  CHECK((*over)[0].has(flag::invalid));
  CHECK((*over)[0].has(flag::overflow));
}

TEST_CASE("E0 and E3 scale with coefficient and unit into Wh") {
  auto in = readings_of(property{0xE0, hex("0001E240")}, meter_scale{1, 0x01}, now);
  REQUIRE(in->size() == 1);
  CHECK((*in)[0].quantity == "1-0:1.8.0");
  CHECK((*in)[0].value == Approx(12'345'600.0));
  CHECK((*in)[0].unit == unit::wh);
  auto out = readings_of(property{0xE3, hex("0000000A")}, meter_scale{10, 0x00}, now);
  REQUIRE(out->size() == 1);
  CHECK((*out)[0].quantity == "1-0:2.8.0");
  CHECK((*out)[0].value == 100'000.0);
}

TEST_CASE("cumulative no data is no reading, out of range and unknown unit are invalid") {
  CHECK(readings_of(property{0xE0, hex("FFFFFFFE")}, meter_scale{}, now)->empty());
  auto big = readings_of(property{0xE0, hex("05F5E100")}, meter_scale{}, now);
  REQUIRE(big->size() == 1);
  CHECK_FALSE((*big)[0].value);
  CHECK((*big)[0].has(flag::invalid));
  auto unscaled = readings_of(property{0xE0, hex("00000001")}, meter_scale{1, 0x07}, now);
  REQUIRE(unscaled->size() == 1);
  CHECK_FALSE((*unscaled)[0].value);
  CHECK((*unscaled)[0].has(flag::invalid));
}

TEST_CASE("E8 gives R and T in amps and skips T on single-phase two-wire") {
  auto both = readings_of(property{0xE8, hex("0032 001E")}, meter_scale{}, now);
  REQUIRE(both->size() == 2);
  CHECK((*both)[0].quantity == "1-0:31.7.0");
  CHECK((*both)[0].value == Approx(5.0));
  CHECK((*both)[0].unit == unit::a);
  CHECK((*both)[1].quantity == "1-0:51.7.0");
  CHECK((*both)[1].value == Approx(3.0));
  auto single = readings_of(property{0xE8, hex("0032 7FFE")}, meter_scale{}, now);
  REQUIRE(single->size() == 1);
  CHECK((*single)[0].quantity == "1-0:31.7.0");
}

TEST_CASE("EA and EB use their own time stamp, the spec's worked example") {
  auto in = readings_of(property{0xEA, hex("07 E8 04 0E 0C 1E 00 00 01 E2 40")}, meter_scale{1, 0x01}, now);
  REQUIRE(in->size() == 1);
  CHECK((*in)[0].quantity == "1-0:1.8.0");
  CHECK((*in)[0].value == Approx(12'345'600.0));
  CHECK((*in)[0].time_ms == 1'713'065'400'000); // 2024-04-14T03:30:00Z
  CHECK_FALSE((*in)[0].has(flag::backfilled));
  auto out = readings_of(property{0xEB, hex("07E8040E0C1E00 00000005")}, meter_scale{}, now,
                         std::chrono::minutes{0});
  REQUIRE(out->size() == 1);
  CHECK((*out)[0].quantity == "1-0:2.8.0");
  CHECK((*out)[0].time_ms == 1'713'097'800'000); // 12:30Z with offset 0
}

TEST_CASE("non-measurement and refused properties give no readings, malformed ones an error") {
  CHECK(readings_of(property{0x80, hex("30")}, meter_scale{}, now)->empty());
  CHECK(readings_of(property{0xD3, {}}, meter_scale{}, now)->empty());
  CHECK(readings_of(property{0xE7, {}}, meter_scale{}, now)->empty());
  CHECK(error_of(readings_of(property{0xE7, hex("0001")}, meter_scale{}, now)) == echonet_errc::bad_size);
  frame f{1, meter_eoj, controller_eoj, esv::get_res, {{0xE0, hex("00000001")}, {0xE8, hex("00")}}};
  CHECK(error_of(readings_of(f, meter_scale{}, now)) == echonet_errc::bad_size);
}

TEST_CASE("an INF with EA and EB gives both directions") {
  auto f = decode(hex("1081 0000 028801 05FF01 73 02 EA0B07E8040E0C1E000001E240 EB0B07E8040E0C1E0000000064"));
  REQUIRE(f);
  auto out = readings_of(*f, meter_scale{1, 0x01}, now);
  REQUIRE(out);
  REQUIRE(out->size() == 2);
  CHECK((*out)[0].quantity == "1-0:1.8.0");
  CHECK((*out)[1].quantity == "1-0:2.8.0");
  CHECK((*out)[1].value == Approx(10'000.0));
}

TEST_CASE("D0 gives both directions at its own minute") {
  auto out = readings_of(property{0xD0, hex("07E8040E0C1F00 0001E240 0000000A")}, meter_scale{1, 0x01}, now);
  REQUIRE(out->size() == 2);
  CHECK((*out)[0].quantity == "1-0:1.8.0");
  CHECK((*out)[0].time_ms == 1'713'065'460'000);
  CHECK((*out)[1].quantity == "1-0:2.8.0");
  CHECK((*out)[1].value == Approx(1'000.0));
}
