#include "meterhub/core/reading.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;

TEST_CASE("unit symbols round-trip") {
  for (int i = 1; i <= 14; ++i) {
    auto u = static_cast<unit>(i);
    CHECK(unit_from_string(to_string(u)) == u);
  }
  CHECK(to_string(unit::wh) == "Wh");
  CHECK(unit_from_string("kWh") == std::nullopt);
  CHECK(unit_from_string("") == unit::none);
}

TEST_CASE("flags are single bits with names") {
  reading r;
  r.set(flag::backfilled);
  CHECK(r.has(flag::backfilled));
  CHECK_FALSE(r.has(flag::invalid));
  CHECK(to_string(flag::summer_time) == "summer_time");
  CHECK(to_string(static_cast<flag>(3)).empty());
}

TEST_CASE("device ids follow the bus contract") {
  CHECK(is_valid_device_id("p1-e0043007"));
  CHECK(is_valid_device_id("0meter_a.b-c"));
  CHECK_FALSE(is_valid_device_id(""));
  CHECK_FALSE(is_valid_device_id("-x"));
  CHECK_FALSE(is_valid_device_id("Upper"));
  CHECK_FALSE(is_valid_device_id("a/b"));
  CHECK_FALSE(is_valid_device_id("a+b"));
  CHECK_FALSE(is_valid_device_id(std::string(65, 'a')));
}
