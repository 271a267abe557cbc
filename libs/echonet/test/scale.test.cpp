#include "meterhub/echonet/scale.hpp"

#include <catch2/catch.hpp>

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
