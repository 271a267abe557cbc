#include "meterhub/echonet/scale.hpp"

#include <vector>

#include <catch2/catch.hpp>

#include "meterhub/echonet/error.hpp"

using namespace meterhub::echonet;

TEST_CASE("the E1 table gives kWh per count") {
  CHECK(kwh_per_count(0x00) == 1.0);
  CHECK(kwh_per_count(0x01) == Approx(0.1));
  CHECK(kwh_per_count(0x02) == Approx(0.01));
  CHECK(kwh_per_count(0x03) == Approx(0.001));
  CHECK(kwh_per_count(0x04) == Approx(0.0001));
  CHECK(kwh_per_count(0x0A) == 10.0);
  CHECK(kwh_per_count(0x0B) == 100.0);
  CHECK(kwh_per_count(0x0C) == 1000.0);
  CHECK(kwh_per_count(0x0D) == 10000.0);
  CHECK_FALSE(kwh_per_count(0x05));
  CHECK_FALSE(kwh_per_count(0x09));
  CHECK_FALSE(kwh_per_count(0x0E));
  CHECK_FALSE(kwh_per_count(0xFF));
}

TEST_CASE("a meter scale multiplies coefficient, unit and 1000") {
  CHECK(meter_scale{}.wh_per_count() == 1000.0);
  CHECK(meter_scale{1, 0x01}.wh_per_count() == Approx(100.0));
  CHECK(meter_scale{10, 0x02}.wh_per_count() == Approx(100.0));
  CHECK(meter_scale{3, 0x0A}.wh_per_count() == 30000.0);
  CHECK_FALSE(meter_scale{1, 0x07}.wh_per_count());
}

TEST_CASE("a meter scale is made from the D3 and E1 answers") {
  CHECK(make_meter_scale(std::vector<std::uint8_t>{0, 0, 0, 10}, std::vector<std::uint8_t>{0x01}) ==
        meter_scale{10, 0x01});
  CHECK(make_meter_scale({}, std::vector<std::uint8_t>{0x02}) == meter_scale{1, 0x02});
  auto bad_unit = make_meter_scale({}, std::vector<std::uint8_t>{0x05});
  REQUIRE_FALSE(bad_unit);
  CHECK(bad_unit.error().code() == static_cast<std::uint8_t>(echonet_errc::unknown_unit));
  auto bad_d3 = make_meter_scale(std::vector<std::uint8_t>{1}, std::vector<std::uint8_t>{0x00});
  REQUIRE_FALSE(bad_d3);
  CHECK(bad_d3.error().code() == static_cast<std::uint8_t>(echonet_errc::bad_size));
}
