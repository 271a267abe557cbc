#include "meterhub/core/obis.hpp"

#include <catch2/catch.hpp>

using meterhub::obis_code;

TEST_CASE("obis codes parse and print canonically") {
  auto code = obis_code::parse("1-0:1.8.1");
  REQUIRE(code);
  CHECK(code->c() == 1);
  CHECK(code->e() == 1);
  CHECK(code->f() == 255);
  CHECK(code->to_string() == "1-0:1.8.1");
  CHECK(obis_code::parse("1-0:1.8.1*255")->to_string() == "1-0:1.8.1");
  CHECK(obis_code::parse("0-1:24.2.1*3")->to_string() == "0-1:24.2.1*3");
  CHECK(obis_code::parse("1-0:99.97.0&1")->f() == 1);
  CHECK(*obis_code::parse("1-0:32.7.0") == obis_code::of(1, 0, 32, 7, 0));
}

TEST_CASE("obis codes reject malformed text") {
  for (auto bad : {"", "1-0:1.8", "1-0:1.8.1*", "1-0:99:97.0", "1-0:256.8.0", "a-0:1.8.0", "1-0:1.8.1 ", "1:0-1.8.1",
                   "1-0:1.8.1*1*2"})
    CHECK_FALSE(obis_code::parse(bad));
}
